"""Rendered resident pages, kept in each worker process.

A resident page's bytes depend only on its URL (language, centre, path,
query), the content version, the release and the day (meetings drop off at
midnight): with those in the key, a cached page can never be stale, and
several app servers need nothing shared. A hit skips the view and its
queries; what runs after a view still runs (ETag and 304, the language
cookie, security headers, gzip). The language picker is left out: it
depends on the browser's languages and cookie; so are what is not a page.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import current_app, g, request

from models.content_version import current_version
from webapp import db
from webapp.meetings.listing import start_of_today
from webapp.offline.shell import release_id
from webapp.resident import bp

# Not pages, or pages that depend on more than their URL; the content manifest has a cache of its own.
NOT_CACHED = {
    "resident.language_picker", "resident.checkin_entry", "resident.content_manifest", "resident.web_app_manifest",
    "resident.meeting_calendar",
}
MAX_PAGES = 512  # search queries make the keys unbounded: the least used go


class PageCache:
    def __init__(self, limit: int = MAX_PAGES):
        self.pages: OrderedDict[tuple, bytes] = OrderedDict()
        self.limit = limit
        self.lock = Lock()

    def get(self, key: tuple) -> bytes | None:
        with self.lock:
            body = self.pages.get(key)
            if body is not None:
                self.pages.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        with self.lock:
            self.pages[key] = body
            self.pages.move_to_end(key)
            while len(self.pages) > self.limit:
                self.pages.popitem(last=False)


def page_cache() -> PageCache:
    return current_app.extensions.setdefault("resident_pages", PageCache())


@bp.before_request
def answer_from_cache():
    if request.method != "GET" or request.endpoint in NOT_CACHED or current_app.config.get("PAGE_CACHE") is False:
        return None
    key = (request.full_path, current_version(db.session()), release_id(), start_of_today().date())
    body = page_cache().get(key)
    if body is not None:
        return current_app.response_class(body, mimetype="text/html")
    g.page_cache_key = key
    return None


@bp.after_request
def keep_in_cache(response):
    """Registered after the view modules' hooks, so it runs before them and
    sees the page as rendered (not yet a 304)."""
    key = g.pop("page_cache_key", None)
    if key is not None and response.status_code == 200 and response.mimetype == "text/html":
        page_cache().put(key, response.get_data())
    return response
