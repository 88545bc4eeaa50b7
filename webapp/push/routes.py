"""Every URL of Web Push: a phone keeps or drops its subscription (the staff
button that pushes a notice is in webapp/notices)."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.api.openapi import Endpoint, describe_endpoint
from webapp.api.views import language_from_header
from webapp.push import api_views, subscriptions


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    api = Blueprint("push_api", __name__, url_prefix="/api/v1/push")
    api.before_request(language_from_header)
    api.add_url_rule("/subscriptions", view_func=api_views.subscribe, methods=["POST"])
    api.add_url_rule("/subscriptions/delete", view_func=api_views.unsubscribe, methods=["POST"])
    errors = {400: "Not JSON.", 413: "Too large.", 415: "Not application/json.", 422: "Not a subscription."}
    describe_endpoint(Endpoint(
        "/api/v1/push/subscriptions", "Keep or renew a push subscription",
        "Stores the subscription (endpoint and keys) with its centre and language until it expires; "
        "nothing else.", "PushSubscription", subscriptions.SubscribeSchema,
        {204: "Kept.", 404: "No such centre.", **errors, 429: "Too many lately; see Retry-After."},
    ))
    describe_endpoint(Endpoint(
        "/api/v1/push/subscriptions/delete", "Forget a push subscription",
        "The phone turned notifications off.", "PushUnsubscription", subscriptions.UnsubscribeSchema,
        {204: "Forgotten (or never known).", **errors},
    ))
    app.extensions["csrf"].exempt(api)  # phones have no session: no cookie to forge a request with
    app.register_blueprint(api)
