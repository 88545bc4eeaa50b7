"""Check-in keys rotate: a code names the key that signed it, a new key
signs from a rotation on while the previous ones still verify codes that
wait on phones, and SECRET_KEY (sessions) can change without touching them."""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import time_machine
from sqlalchemy import select

from models import Meeting
from webapp import create_app
from webapp.checkin import codes

NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)


@pytest.fixture()
def meeting(db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.id))
    meeting.starts_at, meeting.ends_at = NOW - dt.timedelta(minutes=10), NOW + dt.timedelta(minutes=80)
    meeting.cancelled = False
    db_session.flush()
    return meeting


def same_instance(app, **changes):
    """The app restarted on the same instance folder (and database)."""
    again = create_app({**{k: app.config[k] for k in ("DATABASE_URL", "SESSION_COOKIE_SECURE")},
                        "SECRET_KEY": app.config["SECRET_KEY"], **changes}, instance_path=app.instance_path)
    again.extensions["db_sessionmaker"] = app.extensions["db_sessionmaker"]
    return again


def accepted(app, code: str, pseudonym: str | None = None) -> str:
    item = {"id": str(uuid.uuid4()), "type": "checkin",
            "body": {"code": code, "pseudonym": pseudonym or uuid.uuid4().hex * 2}}
    with time_machine.travel(NOW, tick=False):
        return app.test_client().post("/api/v1/sync", json={"items": [item]}).get_json()["results"][0]["result"]


def key_file(app) -> str:
    with open(f"{app.instance_path}/checkin_keys") as f:
        return f.read()


def sign_with(app, meeting, kid: int) -> str:
    return codes.sign(app.config["CHECKIN_KEYS"][kid], meeting.id, codes.window_at(NOW), kid)


def test_a_new_deployment_makes_its_own_key_apart_from_the_secret_key(app):
    assert re.fullmatch(r"1 [0-9a-f]{64}\n", key_file(app))
    assert list(app.config["CHECKIN_KEYS"]) == [1]
    assert app.config["CHECKIN_KEYS"][1] != codes.derive_key(app.config["SECRET_KEY"])


def test_codes_name_their_key_and_are_accepted(app, meeting):
    code = sign_with(app, meeting, 1)
    assert codes.parse(code).kid == 1 and len(code.split(".")[2]) == 14  # no longer than before key ids
    assert accepted(app, code) == "accepted"
    forged = codes.sign(app.config["CHECKIN_KEYS"][1], meeting.id, codes.window_at(NOW), 2)
    assert accepted(app, forged) == "bad_code"  # no key 2: refused


def test_after_a_rotation_codes_of_the_previous_key_still_count(app, meeting):
    before = sign_with(app, meeting, 1)
    result = app.test_cli_runner().invoke(args=["rotate-checkin-key"])
    assert result.exit_code == 0, result.output
    rotated = same_instance(app)
    assert list(rotated.config["CHECKIN_KEYS"]) == [2, 1]
    assert accepted(rotated, sign_with(rotated, meeting, 2)) == "accepted"  # the display's new codes
    assert accepted(rotated, before) == "accepted"  # a phone that scanned before the rotation


def test_three_rotations_later_the_oldest_key_is_gone(app, meeting):
    oldest = sign_with(app, meeting, 1)
    for _ in range(3):
        assert app.test_cli_runner().invoke(args=["rotate-checkin-key"]).exit_code == 0
        app = same_instance(app)
    assert list(app.config["CHECKIN_KEYS"]) == [4, 3, 2]
    assert accepted(app, oldest) == "bad_code"


def test_changing_the_secret_key_leaves_check_in_codes_valid(app, meeting):
    code = sign_with(app, meeting, 1)
    assert accepted(same_instance(app, SECRET_KEY="a brand new session key"), code) == "accepted"


def test_a_code_from_before_key_ids_still_counts_until_the_secret_key_changes(app, meeting):
    legacy = codes.sign(codes.derive_key(app.config["SECRET_KEY"]), meeting.id, codes.window_at(NOW))
    assert codes.parse(legacy).kid == 0
    assert accepted(app, legacy) == "accepted"
    assert accepted(same_instance(app, SECRET_KEY="changed"), legacy) == "bad_code"
