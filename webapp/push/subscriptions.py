"""Push subscriptions: only the endpoint and keys a phone's browser made,
with its topic (centre × language) and a day it expires
(``SUBSCRIPTION_DAYS`` after the phone last renewed it; the phone renews on
its visits to the home page).

The endpoint is a URL our server will post to, so it must be a push
service's (``PUSH_SERVICE_HOSTS``, over HTTPS): a made-up subscription
cannot make the server post to an address of someone's choosing.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
from urllib.parse import urlsplit

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validates
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Centre, PushSubscription
from webapp.api.schemas import Text

SUBSCRIPTION_DAYS = 90
# The push services of the browsers residents use (Chrome and most Android
# browsers, Firefox, Safari on iPhone, Edge); a host matches itself or a sub-domain.
DEFAULT_PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com", "push.apple.com",
    "notify.windows.com",
)


def allowed_endpoint(endpoint: str) -> bool:
    parts = urlsplit(endpoint)
    config = current_app.config
    hosts = config.get("PUSH_SERVICE_HOSTS", DEFAULT_PUSH_SERVICE_HOSTS)
    schemes = ("https", "http") if config.get("PUSH_ALLOW_HTTP") else ("https",)
    host = (parts.hostname or "").lower()
    return parts.scheme in schemes and any(host == h or host.endswith("." + h) for h in hosts)


def _base64url(length_range: tuple[int, int]):
    def check(value: str) -> None:
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError):
            raise ValidationError("Not base64url.") from None
        if not length_range[0] <= len(raw) <= length_range[1]:
            raise ValidationError("Wrong length.")
    return check


class KeysSchema(Schema):
    class Meta:
        unknown = RAISE

    p256dh = fields.String(required=True, validate=_base64url((65, 65)))  # an uncompressed P-256 point
    auth = fields.String(required=True, validate=_base64url((16, 16)))


def _enabled_language(code: str) -> None:
    if code not in current_app.config["ENABLED_LANGUAGES"]:
        raise ValidationError("Not an enabled language.")


class SubscribeSchema(Schema):
    class Meta:
        unknown = RAISE

    endpoint = Text(required=True, min_length=10, max_length=1000)
    keys = fields.Nested(KeysSchema, required=True)
    centre = Text(required=True, min_length=1, max_length=80)
    lang = fields.String(required=True, validate=_enabled_language)

    @validates("endpoint")
    def a_push_service(self, value: str, **_kwargs) -> None:
        if not allowed_endpoint(value):
            raise ValidationError("Not the address of a known push service.")


class UnsubscribeSchema(Schema):
    class Meta:
        unknown = RAISE

    endpoint = Text(required=True, min_length=1, max_length=1000)  # text a person could type: no NUL


def subscribe(session: Session, body: dict, today: dt.date) -> PushSubscription | None:
    """Keep (or renew) a subscription; None when the centre does not exist."""
    centre = session.scalar(select(Centre).where(Centre.slug == body["centre"]))
    if centre is None:
        return None
    row = session.scalar(select(PushSubscription).where(PushSubscription.endpoint == body["endpoint"]))
    if row is None:
        row = PushSubscription(endpoint=body["endpoint"])
        session.add(row)
    row.p256dh, row.auth = body["keys"]["p256dh"], body["keys"]["auth"]
    row.centre_id, row.lang = centre.id, body["lang"]
    row.expires_on = today + dt.timedelta(days=SUBSCRIPTION_DAYS)
    session.flush()
    return row


def unsubscribe(session: Session, endpoint: str) -> None:
    session.execute(delete(PushSubscription).where(PushSubscription.endpoint == endpoint))
