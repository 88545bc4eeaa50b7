"""The content manifest: every URL a phone keeps for reading offline in one
language at one centre, each with a hash of exactly what the server sends.

The phone compares it with the manifest it saved last time and downloads
only the URLs whose hash changed, and marks pages whose hash changed within
the same release as "updated" (a release that restyles every page marks
nothing). Keys are one letter because every phone downloads this often:

    {"release": "...",
     "urls": {"/ar/demo/pages/frikort": {"h": hash, "t": its topic's slug, "m": [media URLs]},
              "/ar/demo/help": {"h": ...}, ...}}
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from threading import Lock

from flask import Flask, current_app

from models import Centre
from webapp import db
from webapp.content import reading
from webapp.release import freshness_key

# A release that only changes static files must not make phones download every
# page again: saved pages keep working because the service worker serves a
# static file by its path when the old version is gone.
STATIC_VERSION = re.compile(rb"\?v=[0-9a-f]+")
# The pages every centre has, besides topics and info pages ("" is home).
EVERY_CENTRE_PAGE = (
    "", "help", "privacy", "search", "offline", "unavailable", "meetings", "checkin", "feedback", "you-said",
)
HASH_LENGTH = 8  # hex digits: a change detector per URL, not a security check


def short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


@dataclass
class ManifestCache:
    """Manifests by (language, centre, content version, release). A stale
    entry can never be served: any change raises the version."""

    entries: dict[tuple, dict] = field(default_factory=dict)
    lock: Lock = field(default_factory=Lock)
    limit: int = 256

    def get_or_build(self, key: tuple, build) -> dict:
        with self.lock:
            if key in self.entries:
                return self.entries[key]
        manifest = build()
        with self.lock:
            if len(self.entries) >= self.limit:
                self.entries.clear()
            self.entries[key] = manifest
        return manifest


def manifest_for(lang: str, centre: Centre) -> dict:
    app = current_app._get_current_object()
    cache: ManifestCache = app.extensions.setdefault("offline_manifests", ManifestCache())
    content_version, release, day = freshness_key(db.session())
    key = (lang, centre.slug, content_version, release, day)
    return cache.get_or_build(key, lambda: build_manifest(app, lang, centre, release))


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
    # The help page is always kept in the centre's main languages too.
    for other in centre.main_language_codes:
        if other != lang and other in app.config["ENABLED_LANGUAGES"]:
            urls[f"/{other}/{centre.slug}/help"] = {}
    return urls


def build_manifest(app: Flask, lang: str, centre: Centre, release: str) -> dict:
    urls = kept_urls(app, lang, centre)
    for url, entry in urls.items():
        entry["h"] = short_hash(STATIC_VERSION.sub(b"", render_for_phone(app, url)))
    return {"release": release, "urls": urls}


def render_for_phone(app: Flask, path: str) -> bytes:
    """The exact bytes a phone would get for ``path``, rendered in-process
    (a fresh app context, so the calling request's state is not touched)."""
    with app.app_context(), app.test_request_context(path):
        response = app.full_dispatch_request()
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code} while building a manifest")
        return response.get_data()
