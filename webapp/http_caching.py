"""Conditional responses: a phone that already has a response gets an empty
304 instead of the body again."""
from __future__ import annotations

import hashlib

from flask import Response, request

ETAG_LENGTH = 16  # hex digits; Werkzeug's default (40) costs every request 24 bytes more


def conditional(response: Response, max_age: int | None = None) -> Response:
    """Tag ``response`` with a short hash of its body and answer 304 when the
    browser already has it. Without ``max_age`` the browser must ask every time."""
    if max_age is None:
        response.cache_control.no_cache = True
    else:
        response.cache_control.max_age = max_age
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:ETAG_LENGTH])
    response = response.make_conditional(request)
    del response.headers["Date"]  # the HTTP server sends one; two cost bytes for nothing
    return response
