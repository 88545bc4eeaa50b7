"""Routes without a language: the service worker and the app icons."""
from __future__ import annotations

import json
from pathlib import Path

from flask import Response, abort, current_app

from webapp.http_caching import conditional
from webapp.offline.icons import SIZES, icon_png
from webapp.release import release_id, shell_urls


def service_worker():
    # Served from the root so that it may control every resident page, and
    # never cached: a phone must see a new release on its next visit.
    return conditional(Response(service_worker_source(), mimetype="text/javascript"))


def service_worker_source() -> str:
    """static/sw.js with the app shell's hashed URLs prepended."""
    shell = {"release": release_id(), "files": shell_urls()}
    worker = Path(current_app.static_folder, "sw.js").read_text(encoding="utf-8")
    return f"self.SHELL = {json.dumps(shell)};\n{worker}"


def icon(size: int):
    if size not in SIZES:
        abort(404)
    return conditional(Response(icon_png(size), mimetype="image/png"), max_age=7 * 24 * 3600)
