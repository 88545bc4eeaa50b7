"""What a phone asks for to keep a language: its packs, and the list of what
is published (the manifest)."""
from __future__ import annotations

import gzip

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from webapp.l10n.fallbacks import ALSO_PARAMETER, ALSO_READ, own_order
from webapp.publishing import packs, publish, serving
from webapp.release import release_id
from webapp.resident.page_cache import not_cached

RETRY_AFTER_SECONDS = 60


def _published_state():
    also = readers_order()
    try:
        return serving.current_state(g.lang, g.centre, also)
    except publish.TooMuchToPublish:
        serving.publish_in_background(current_app._get_current_object(), [(g.lang, g.centre.slug, also)])
        return None


def readers_order() -> tuple[str, ...]:
    """?also=fa,en: the reader's own order for pages not in their language
    (kept on the phone); the default order is the default edition."""
    also = own_order(request.args.get(ALSO_PARAMETER), g.lang, current_app.config["ENABLED_LANGUAGES"])
    return () if also == ALSO_READ.get(g.lang, ()) else also


def _busy():
    message = _("The pages are being updated. Please try again in a minute.")
    response = jsonify(error={"code": "publishing", "message": message})
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@not_cached  # made from files on disk
def content_pack():
    """?since=<publication the phone holds>: 204 when it is up to date (the
    check a phone makes each time the app is opened), else the pack that
    brings it forward, gzip-compressed once, on disk. &also=fa,en: in the
    reader's own order of languages for pages not in theirs."""
    state = _published_state()
    if state is None:
        return _busy()
    since = request.args.get("since", type=int)
    path = packs.pack_for(state, since)
    if path is None:
        response = current_app.response_class(status=204)
    else:
        response = _gzip_file(path)
        response.headers["Veiviser-Publication"] = str(state.seq)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Veiviser-Release"] = release_id()  # a worker of another release updates itself
    return response


def _gzip_file(path):
    data = path.read_bytes()
    response = current_app.response_class(mimetype="text/plain")  # a JSON line, then the pages (packs.py)
    if "gzip" in request.accept_encodings:
        response.set_data(data)
        response.headers["Content-Encoding"] = "gzip"
    else:
        response.set_data(gzip.decompress(data))
    response.vary.add("Accept-Encoding")
    return response


@not_cached  # made from what is published
def content_manifest():
    """Every URL published for this language and centre, with its hash."""
    state = _published_state()
    if state is None:
        return _busy()
    response = jsonify({"v": state.seq, "release": state.release, "urls": state.urls})
    response.headers["Cache-Control"] = "no-store"
    return response
