"""Rendered resident pages, kept in each worker process.

A resident page's bytes depend only on its URL (language, centre, path,
query) and on ``release.freshness_key`` (content version, release, day):
with those in the key, a cached page can never be stale, and several app
servers need nothing shared. A hit skips the view and its queries; what runs
after a view still runs (ETag and 304, the language cookie, security
headers, gzip). Views whose answer depends on more than the URL (the
language picker reads the browser's languages) or that are not pages say
so with ``@not_cached``.
"""
from __future__ import annotations

from collections import OrderedDict
from threading import Lock

from flask import Blueprint, current_app, g, request

from webapp import db
from webapp.release import freshness_key

MAX_PAGES = 512  # search queries make the keys unbounded: the least used go


def not_cached(view):
    """Mark a resident view whose answer must not come from the page cache."""
    view.page_cache = False
    return view


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


def install(bp: Blueprint) -> None:
    bp.before_request(answer_from_cache)
    bp.after_request(keep_in_cache)


def cacheable() -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return (
        request.method == "GET"
        and getattr(view, "page_cache", True)
        and current_app.config.get("PAGE_CACHE") is not False
    )


def answer_from_cache():
    if not cacheable():
        return None
    key = (request.full_path, *freshness_key(db.session()))
    body = page_cache().get(key)
    if body is not None:
        return current_app.response_class(body, mimetype="text/html")
    g.page_cache_key = key
    return None


def keep_in_cache(response):
    key = g.pop("page_cache_key", None)
    if key is not None and response.status_code == 200 and response.mimetype == "text/html":
        page_cache().put(key, response.get_data())
    return response
