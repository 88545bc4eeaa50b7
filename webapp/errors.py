"""Errors a person can understand: a page in the resident's language, or a
JSON body ``{"error": {"code", "message"}}`` for the API and health checks."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException


def messages() -> dict[int, str]:
    return {
        400: _("Something in this request was not right. Please go back and try again."),
        404: _("We could not find this page. It may have been moved or removed."),
        405: _("This address cannot be used like that."),
        413: _("What you sent is too large."),
        415: _("This kind of content is not accepted here."),
        422: _("Some of the information sent could not be used."),
        429: _("Too many tries. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }


def wants_json() -> bool:
    return request.path.startswith(("/api/", "/healthz"))


def handle_http_error(error: HTTPException):
    code = error.code or 500
    message = messages().get(code) or messages()[500]
    # Keep what tells a client when to come back (a 429's Retry-After).
    headers = {"Retry-After": str(error.retry_after)} if getattr(error, "retry_after", None) else {}
    if wants_json():
        body = {"code": error.name.lower().replace(" ", "_"), "message": message}
        if getattr(error, "details", None):  # e.g. which fields a 422 refused (webapp.api.views)
            body["details"] = error.details
        return jsonify(error=body), code, headers
    return render_template("error.html", code=code, message=message), code, headers


def init_app(app: Flask) -> None:
    # Also catches unhandled exceptions: Flask wraps them in InternalServerError.
    app.register_error_handler(HTTPException, handle_http_error)
