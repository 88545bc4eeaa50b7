"""Routes without a language: the service worker and the app icons."""
from __future__ import annotations

from flask import Blueprint, Response, abort

from webapp.http_caching import conditional
from webapp.offline.icons import SIZES, icon_png
from webapp.offline.shell import service_worker_source

bp = Blueprint("pwa", __name__)


@bp.get("/sw.js")
def service_worker():
    # Served from the root so that it may control every resident page, and
    # never cached: a phone must see a new release on its next visit.
    return conditional(Response(service_worker_source(), mimetype="text/javascript"))


@bp.get("/icons/<int:size>.png")
def icon(size: int):
    if size not in SIZES:
        abort(404)
    return conditional(Response(icon_png(size), mimetype="image/png"), max_age=7 * 24 * 3600)
