"""The API's URLs, under ``/api/v1``."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.api import views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    api.before_request(views.language_from_header)
    api.add_url_rule("/sync", view_func=views.sync, methods=["POST"])
    api.add_url_rule("/openapi.json", view_func=views.openapi_document)
    app.extensions["csrf"].exempt(api)  # phones have no session: no cookie to forge a request with
    app.register_blueprint(api)
