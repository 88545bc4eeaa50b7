"""What a phone keeps for reading offline in one language at one centre:
every URL (``kept_urls``), each published with a hash of exactly what the
server sends for it (``render_for_phone``, ``short_hash``; see
webapp/publishing). The phone marks pages whose hash changed within the same
release as "updated" (a release that restyles every page marks nothing).
Keys are one letter because every phone downloads them:

    {"/ar/demo/pages/frikort": {"h": hash, "t": its topic's slug, "m": [media URLs]},
     "/ar/demo/help": {"h": ...}, ...}
"""
from __future__ import annotations

import hashlib
import re

from flask import Flask

from models import Centre
from webapp import db
from webapp.content import reading
from webapp.places import reading as places_reading

# A release that only changes static files must not make phones download every
# page again: saved pages keep working because the service worker serves a
# static file by its path when the old version is gone.
STATIC_VERSION = re.compile(rb"\?v=[0-9a-f]+")
# The pages every centre has, besides topics and info pages ("" is home).
EVERY_CENTRE_PAGE = (
    "", "help", "privacy", "search", "offline", "unavailable", "meetings", "checkin", "feedback", "you-said",
    "ask",  # "Ask the nurse" (webapp/questions)
    "notices.json",  # the centre's notices, for the banner on every page (webapp/notices)
)
HASH_LENGTH = 8  # hex digits: a change detector per URL, not a security check


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def kept_urls(app: Flask, lang: str, centre: Centre) -> dict[str, dict]:
    """Every URL a phone keeps for reading ``lang`` at ``centre`` offline, each
    with what the phone needs to know of it besides its bytes ("t": a page's
    topic, for badges; "m": its media). A feature whose pages are read offline
    adds them here."""
    session = db.session()
    base = f"/{lang}/{centre.slug}/"
    topics = reading.topics_for(session, centre)
    pages = reading.all_pages(session, centre)
    shown_lang = {p.page.id: p.shown_lang for p in reading.localize(session, pages, lang)}

    urls: dict[str, dict] = {}
    for path in EVERY_CENTRE_PAGE:
        urls[base + path] = {}
    for topic in topics:
        urls[f"{base}topics/{topic.slug}"] = {}
    for page in pages:
        media = [f"/media/{m.id}/{m.filename}" for m in page.media if m.lang in (None, shown_lang[page.id])]
        urls[f"{base}pages/{page.slug}"] = {"t": page.topic.slug, **({"m": media} if media else {})}
    for path in places_reading.kept_paths(session, centre):  # places and show-to-staff cards
        urls[base + path] = {}
    # The help page is always kept in the centre's main languages too.
    for other in centre.main_language_codes:
        if other != lang and other in app.config["ENABLED_LANGUAGES"]:
            urls[f"/{other}/{centre.slug}/help"] = {}
    return urls


def render_for_phone(app: Flask, path: str) -> bytes:
    """The exact bytes a phone would get for ``path``, rendered in-process
    (a fresh app context, so the calling request's state is not touched)."""
    with app.app_context(), app.test_request_context(path):
        response = app.full_dispatch_request()
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} while building a manifest")
        return response.get_data()
