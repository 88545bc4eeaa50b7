"""Every URL of Web Push: a phone keeps or drops its subscription (the staff
button that pushes a notice is in webapp/notices)."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.api.views import language_from_header
from webapp.push import api_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    api = Blueprint("push_api", __name__, url_prefix="/api/v1/push")
    api.before_request(language_from_header)
    api.add_url_rule("/subscriptions", view_func=api_views.subscribe, methods=["POST"])
    api.add_url_rule("/subscriptions/delete", view_func=api_views.unsubscribe, methods=["POST"])
    app.extensions["csrf"].exempt(api)  # phones have no session: no cookie to forge a request with
    app.register_blueprint(api)
