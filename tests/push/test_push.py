"""Web Push, for real: phones' subscriptions are kept with only their
endpoint, keys, topic and expiry; a notice is sent encrypted by pywebpush
to a push service (here a small HTTP server in the test), which receives
bytes only the phone's private key opens; subscriptions the push service
calls gone, and expired ones, are deleted; a centre's pushes a day are limited."""
from __future__ import annotations

import base64
import datetime as dt
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from models import Centre, Notice, NoticeTranslation, PushSubscription
from tests.staff_helpers import post
from webapp.push import keys


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class PushService:
    """A push service on 127.0.0.1: keeps what it receives; /gone answers 410, /missing 404."""

    def __init__(self):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                status = {"/gone": 410, "/missing": 404}.get(self.path, 201)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class PhoneBrowser:
    """What a browser's PushManager makes: a P-256 key pair and an auth secret."""

    def __init__(self, endpoint: str):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self, lang: str = "ti", centre: str = "demo") -> dict:
        public = self.private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
                "centre": centre, "lang": lang}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(http_ece.decrypt(body, private_key=self.private_key, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture()
def push_service(app):
    service = PushService()
    app.config["PUSH_SERVICE_HOSTS"] = ("127.0.0.1",)
    app.config["PUSH_ALLOW_HTTP"] = True  # a real push service is HTTPS only
    yield service
    service.close()


def notice(db_session, text_nb: str, text_ti: str | None = None, centre: str | None = "demo") -> Notice:
    now = dt.datetime.now(dt.UTC)
    centre_id = db_session.scalar(select(Centre.id).where(Centre.slug == centre)) if centre else None
    row = Notice(centre_id=centre_id, source_lang="nb", source_version=1, starts_at=now - dt.timedelta(hours=1),
                 expires_at=now + dt.timedelta(days=1), translations=[
                     NoticeTranslation(lang="nb", text=text_nb, made_from=1, draft=False)])
    if text_ti:
        row.translations.append(NoticeTranslation(lang="ti", text=text_ti, made_from=1, draft=True))
    db_session.add(row)
    db_session.flush()
    return row


def test_a_notice_reaches_a_phone_encrypted_and_gone_subscriptions_are_deleted(app, client, db_session,
                                                                               staff_client, push_service):
    tigrinya, norwegian = PhoneBrowser(push_service.url + "/ti-phone"), PhoneBrowser(push_service.url + "/nb-phone")
    gone, missing = PhoneBrowser(push_service.url + "/gone"), PhoneBrowser(push_service.url + "/missing")
    for phone, lang in ((tigrinya, "ti"), (norwegian, "nb"), (gone, "ar"), (missing, "ar")):
        assert client.post("/api/v1/push/subscriptions", json=phone.subscription(lang)).status_code == 204
    expired = PhoneBrowser(push_service.url + "/expired")
    assert client.post("/api/v1/push/subscriptions", json=expired.subscription()).status_code == 204
    row = db_session.scalar(select(PushSubscription).where(PushSubscription.endpoint.endswith("/expired")))
    row.expires_on = dt.date.today() - dt.timedelta(days=2)
    stored = db_session.scalar(select(PushSubscription).where(PushSubscription.endpoint.endswith("/ti-phone")))
    assert {c.name for c in PushSubscription.__table__.columns} == {
        "id", "endpoint", "p256dh", "auth", "centre_id", "lang", "expires_on"}  # nothing else
    assert stored.expires_on == dt.date.today() + dt.timedelta(days=90)
    vaccination = notice(db_session, "Vaksinasjonsdag på fredag.", "ዕለት ክታበት ዓርቢ።")

    nurse = staff_client("nurse")
    response = post(nurse, f"/staff/notices/{vaccination.id}/push")
    assert response.status_code == 302, response.get_data(as_text=True)

    by_path = {path: (headers, body) for path, headers, body in push_service.received}
    assert set(by_path) == {"/ti-phone", "/nb-phone", "/gone", "/missing"}  # never the expired one
    headers, body = by_path["/ti-phone"]
    assert b"\xe1\x8b\x95" not in body  # the words are not readable on the way (a Ge'ez letter's bytes)
    assert tigrinya.decrypt(body) == {"title": "Fjordvik mottak (demo)", "body": "ዕለት ክታበት ዓርቢ።", "lang": "ti",
                                      "url": "/ti/demo/", "tag": f"notice-{vaccination.id}"}
    assert norwegian.decrypt(by_path["/nb-phone"][1])["body"] == "Vaksinasjonsdag på fredag."
    with pytest.raises(Exception):  # noqa: B017  another phone's keys open nothing
        norwegian.decrypt(body)
    assert headers["content-encoding"] == "aes128gcm"
    with app.app_context():
        assert f"k={keys.public_key()}" in headers["authorization"]  # signed with our VAPID key
    assert int(headers["ttl"]) > 0

    db_session.expire_all()
    left = set(db_session.scalars(select(PushSubscription.endpoint)))
    assert left == {tigrinya.endpoint, norwegian.endpoint, expired.endpoint}  # 404 and 410: deleted
    assert os.stat(app.instance_path + "/vapid_private.pem").st_mode & 0o077 == 0  # made on first use, ours only

    # Once per notice; and at most PUSH_DAILY_LIMIT notices a day for a centre.
    assert post(nurse, f"/staff/notices/{vaccination.id}/push").status_code == 422
    app.config["PUSH_DAILY_LIMIT"] = 1
    second = notice(db_session, "Møtet er flyttet.")
    refused = post(nurse, f"/staff/notices/{second.id}/push")
    assert refused.status_code == 422 and "as many notifications today" in refused.get_data(as_text=True)
    assert len(push_service.received) == 4


@pytest.mark.parametrize("change, status", [
    ({"endpoint": "https://evil.example/collect"}, 422),  # not a push service: never posted to
    ({"endpoint": "http://fcm.googleapis.com/fcm/send/x"}, 422),  # push services are HTTPS
    ({"keys": {"p256dh": "short", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, 422),
    ({"lang": "xx"}, 422),
    ({"extra": "device model"}, 422),  # nothing else is taken
    ({"centre": "nowhere"}, 404),
])
def test_only_a_push_service_subscription_is_kept(app, client, db_session, change, status):
    body = PhoneBrowser("https://fcm.googleapis.com/fcm/send/abc").subscription()
    body.update(change)
    assert client.post("/api/v1/push/subscriptions", json=body).status_code == status
    assert db_session.scalars(select(PushSubscription)).all() == []


def test_turning_notifications_off_deletes_the_subscription(client, db_session):
    body = PhoneBrowser("https://updates.push.services.mozilla.com/wpush/v2/abc").subscription()
    assert client.post("/api/v1/push/subscriptions", json=body).status_code == 204
    assert client.post("/api/v1/push/subscriptions", json=body).status_code == 204  # renewed, not doubled
    assert len(db_session.scalars(select(PushSubscription)).all()) == 1
    assert client.post("/api/v1/push/subscriptions/delete", json={"endpoint": body["endpoint"]}).status_code == 204
    assert db_session.scalars(select(PushSubscription)).all() == []
