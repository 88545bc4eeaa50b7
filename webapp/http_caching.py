"""Conditional responses: a phone that already has a response gets an empty
304 instead of the body again."""
from __future__ import annotations

import hashlib

from flask import Flask, Response, request
from flask.sessions import SecureCookieSessionInterface

ETAG_LENGTH = 16  # hex digits; Werkzeug's default (40) costs every request 24 bytes more


def conditional(response: Response, max_age: int | None = None) -> Response:
    """Tag ``response`` with a short hash of its body and answer 304 when the
    browser already has it. Without ``max_age`` the browser must ask every time."""
    if max_age is None:
        response.cache_control.no_cache = True
    else:
        response.cache_control.max_age = max_age
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:ETAG_LENGTH])
    return response.make_conditional(request)


def compress_app_files_whole(app: Flask) -> None:
    """Register after Flask-Compress, so this runs before it. App files come
    from send_file as a stream, and Flask-Compress compresses streams only
    with zstd, brotli or deflate: a phone that speaks only gzip got app.css
    uncompressed (13.7 KB instead of 3.7). Read into memory, a file is
    compressed like a page (gzip, level 9)."""

    @app.after_request
    def read_app_file(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code == 200:
            response.direct_passthrough = False
            response.make_sequence()
            del response.headers["Content-Disposition"], response.headers["Accept-Ranges"]
            if "v" in request.args:
                # Its URL names its version and it is kept a year: nothing will
                # ever revalidate it, so validators would be bytes for nothing.
                del response.headers["ETag"], response.headers["Last-Modified"]
        return response


class SessionOnlyWhenThere(SecureCookieSessionInterface):
    """Flask says ``Vary: Cookie`` whenever anything looked at the session
    (Flask-Login looks on every response), so every resident response paid
    for it. A response to a request that brought no session cookie and set
    none does not depend on one."""

    def save_session(self, app: Flask, session, response: Response) -> None:
        super().save_session(app, session, response)
        if not session and self.get_cookie_name(app) not in request.cookies:
            response.vary.discard("cookie")  # lower case: HeaderSet.remove compares it with lowered names


def init_app(app: Flask) -> None:
    """Register before Flask-Compress, so this runs after it (after_request
    hooks run in reverse order)."""
    app.session_interface = SessionOnlyWhenThere()

    @app.after_request
    def leave_date_to_the_server(response: Response) -> Response:
        # make_conditional adds a Date header and the HTTP server adds its
        # own: the phone would pay for two on every conditional response.
        del response.headers["Date"]
        return response
