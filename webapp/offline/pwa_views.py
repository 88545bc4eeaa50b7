"""Routes without a language: the service worker and the app icons."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, abort, current_app, jsonify, request

from webapp.errors import messages
from webapp.http_caching import conditional
from webapp.offline.icons import SIZES, icon_png
from webapp.release import WORKER_PARTS, release_id, shell_urls

# The browser asks for the worker again on every navigation; app.js registers
# it with updateViaCache "all", so a day's caching keeps that off the network.
# A new release is noticed sooner: every pack answer names the release, and a
# worker that is not it fetches itself again (sw.js, fetchPack).
WORKER_MAX_AGE = 24 * 3600


def service_worker():
    # Served from the root so that it may control every resident page.
    return conditional(Response(service_worker_source(), mimetype="text/javascript"), max_age=WORKER_MAX_AGE)


def service_worker_source() -> str:
    """static/sw.js with the app shell's hashed URLs prepended and the
    worker's other parts appended."""
    shell = {"release": release_id(), "files": shell_urls()}
    static = Path(current_app.static_folder)
    parts = [(static / "sw.js").read_text(encoding="utf-8")]
    parts += [(static / name).read_text(encoding="utf-8") for name in WORKER_PARTS]
    return f"self.SHELL = {json.dumps(shell)};\n" + "\n".join(parts)


def app_files():
    """?files=<shell URLs>: several app files in one answer (JSON, URL → text),
    for the service worker's install: one round trip instead of one a file.
    Only this release's app shell, named by the versioned URLs it gives."""
    wanted = [url for url in request.args.get("files", "").split(",") if url]
    shell = set(shell_urls())
    if not wanted or len(wanted) > len(shell) or not set(wanted) <= shell:
        return jsonify(error={"code": "unknown_files", "message": messages()[400]}), 400
    static = Path(current_app.static_folder)
    files = {url: (static / urlsplit(url).path.removeprefix("/static/")).read_text(encoding="utf-8") for url in wanted}
    response = jsonify(files)
    response.cache_control.public = True
    response.cache_control.max_age = ONE_YEAR
    response.cache_control.immutable = True
    return response


ONE_YEAR = 365 * 24 * 3600


def icon(size: int):
    if size not in SIZES:
        abort(404)
    return conditional(Response(icon_png(size), mimetype="image/png"), max_age=7 * 24 * 3600)
