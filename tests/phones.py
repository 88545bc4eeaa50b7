"""Simulated phones: the items static/js/phone.js, checkin.js and feedback.js
put in the outbox, made the same way (a random secret that never leaves the
phone, HMAC pseudonyms per purpose, client-made UUIDs)."""
from __future__ import annotations

import hashlib
import hmac
import os
import uuid

from webapp.checkin import codes


class Phone:
    def __init__(self, lang: str = "ar", centre: str = "demo"):
        self.secret = os.urandom(32)
        self.lang, self.centre = lang, centre

    def pseudonym(self, purpose: str) -> str:
        return hmac.new(self.secret, purpose.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def item(kind: str, body: dict) -> dict:
        return {"id": str(uuid.uuid4()), "type": kind, "body": body}

    def checkin(self, code: str) -> dict:
        meeting_id = codes.parse(code).meeting_id
        return self.item("checkin", {"code": code, "pseudonym": self.pseudonym(f"meeting:{meeting_id}")})

    def meeting_feedback(self, code: str, **answers) -> dict:
        meeting_id = codes.parse(code).meeting_id
        return self.item("feedback", {
            "target": "meeting", "centre": self.centre, "meeting": meeting_id, "lang": self.lang,
            "attendee": self.pseudonym(f"feedback:{meeting_id}"), "code": code, **answers,
        })

    def feedback(self, target: str = "centre", **answers) -> dict:
        return self.item("feedback", {"target": target, "centre": self.centre, "lang": self.lang, **answers})


def display_code(app, meeting_id: int, moment) -> str:
    """The code a meeting's display showed at ``moment`` (the newest key)."""
    kid, key = next(iter(app.config["CHECKIN_KEYS"].items()))
    return codes.sign(key, meeting_id, codes.window_at(moment), kid)


def sync(client, *items) -> list[dict]:
    response = client.post("/api/v1/sync", json={"items": list(items)})
    assert response.status_code in (200, 409), response.get_data(as_text=True)
    return response.get_json()["results"]
