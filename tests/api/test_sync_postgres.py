"""The same new UUID in many requests at once is applied exactly once, with
real connections in parallel (PostgreSQL; skipped on SQLite, which runs one
writer at a time anyway).

The per-test rollback fixture cannot span threads, so this test runs its own
app on the shared test database and deletes the receipt it made."""
from __future__ import annotations

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from marshmallow import Schema, fields
from sqlalchemy import delete, event, func, insert, select, update
from sqlalchemy.orm import Session

from models import CheckIn, Feedback, FeedbackReceipt, Meeting, RowMixing, SyncReceipt
from models.db import make_engine
from models.sync import receipt_key
from tests.conftest import fresh_database_url
from tests.helpers import check_in_phones
from tests.live_server import migrate_and_seed
from webapp import create_app
from webapp.api.registry import register_item_type, unregister_item_type
from webapp.checkin import codes
from webapp.privacy import mixing

# Only PostgreSQL has writers in parallel; CI always sets TEST_DATABASE_URL.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL (PostgreSQL)"),
]
REQUESTS = 50


class EchoBody(Schema):
    text = fields.String(required=True)


@pytest.fixture()
def applied():
    calls = []
    lock = threading.Lock()

    def apply(session, body, context):
        with lock:
            calls.append(body)
        time.sleep(0.05)  # hold the claim a while, so that the twins really wait on it
        return "accepted"

    register_item_type("echo", EchoBody, apply)
    yield calls
    unregister_item_type("echo")


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory):
    """A database of its own (a separate schema), migrated and seeded: the
    per-test rollback fixture cannot span threads."""
    url = fresh_database_url("postgresql", tmp_path_factory, name="concurrency")
    migrate_and_seed(url)
    return url


@pytest.fixture()
def engine(postgres_url):
    engine = make_engine(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture()
def live_app(postgres_url, engine, tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": postgres_url, "SECRET_KEY": "test-secret"},
        instance_path=str(tmp_path / "instance"),
    )
    made: list[str] = []
    yield app, made
    app.extensions["db_engine"].dispose()
    with engine.begin() as connection:
        connection.execute(delete(SyncReceipt).where(SyncReceipt.key.in_([receipt_key(i) for i in made])))


def post_all_at_once(app, bodies: list[dict], item_id: str, item_type: str = "echo") -> list:
    start = threading.Barrier(len(bodies))

    def post(body):
        client = app.test_client()
        start.wait()
        return client.post("/api/v1/sync", json={"items": [{"id": item_id, "type": item_type, "body": body}]})

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


def stored(engine, item_id: str) -> list[SyncReceipt]:
    with Session(engine) as session:
        return session.scalars(select(SyncReceipt).where(SyncReceipt.key == receipt_key(item_id))).all()


def test_fifty_requests_with_one_new_id_apply_it_once(live_app, engine, applied):
    app, made = live_app
    item_id = str(uuid.uuid4())
    made.append(item_id)

    responses = post_all_at_once(app, [{"text": "hello"}] * REQUESTS, item_id)

    assert [r.status_code for r in responses] == [200] * REQUESTS
    results = [r.json["results"][0] for r in responses]
    assert {(r["status"], r["result"]) for r in results} == {("ok", "accepted")}
    assert applied == [{"text": "hello"}]
    assert len(stored(engine, item_id)) == 1


def test_fifty_requests_with_one_id_and_two_bodies_apply_one_the_rest_conflict(live_app, engine, applied):
    app, made = live_app
    item_id = str(uuid.uuid4())
    made.append(item_id)
    bodies = [{"text": "a"}, {"text": "b"}] * (REQUESTS // 2)

    responses = post_all_at_once(app, bodies, item_id)

    assert len(applied) == 1
    winner = applied[0]
    for body, response in zip(bodies, responses, strict=True):
        expected = (200, "ok") if body == winner else (409, "conflict")
        assert (response.status_code, response.json["results"][0]["status"]) == expected
    assert len(stored(engine, item_id)) == 1


def test_fifty_requests_with_one_check_in_count_one_phone_once(live_app, engine):
    """docs/design.md, rule 4 and the check-in constraint, under real concurrency."""
    app, made = live_app
    item_id = str(uuid.uuid4())
    made.append(item_id)
    with Session(engine) as session:
        now = datetime.now(UTC)
        meeting = next(m for m in session.scalars(select(Meeting)) if m.checkin_opens <= now <= m.checkin_closes)
        code = codes.sign(codes.derive_key("test-secret"), meeting.id, codes.window_at(now))
    body = {"code": code, "pseudonym": "c" * 64}

    responses = post_all_at_once(app, [body] * REQUESTS, item_id, item_type="checkin")
    also = post_all_at_once(app, [body] * 10, str(uuid.uuid4()), item_type="checkin")  # other ids, same phone

    assert {r.json["results"][0]["result"] for r in responses} == {"accepted"}
    assert {r.json["results"][0]["result"] for r in also} == {"duplicate"}
    with Session(engine) as session:
        rows = session.scalars(select(CheckIn).where(CheckIn.meeting_id == meeting.id)).all()
        assert len(rows) == 1
        session.delete(rows[0])
        session.commit()


def test_fifty_requests_with_one_feedback_item_store_one_row_and_a_changed_body_is_a_conflict(live_app, engine):
    """Acceptance of the feedback issue: the same UUID from many threads at
    once is one row; the same UUID with another body is a 409."""
    app, made = live_app
    item_id = str(uuid.uuid4())
    made.append(item_id)
    comment = f"concurrent {item_id}"
    body = {"target": "centre", "centre": "demo", "rating": 5, "comment": comment, "lang": "ar"}

    responses = post_all_at_once(app, [body] * REQUESTS, item_id, item_type="feedback")
    changed = post_all_at_once(app, [body | {"rating": 1}] * 5, item_id, item_type="feedback")

    assert {(r.status_code, r.json["results"][0]["result"]) for r in responses} == {(200, "accepted")}
    assert {(r.status_code, r.json["results"][0]["status"]) for r in changed} == {(409, "conflict")}
    with Session(engine) as session:
        rows = session.scalars(select(Feedback).where(Feedback.comment == comment)).all()
        assert [row.rating for row in rows] == [5]
        session.delete(rows[0])
        session.commit()


def test_fifty_phones_racing_with_one_attendee_give_one_feedback(live_app, engine):
    """Different items (different UUIDs) from one attendee at once: the receipt's
    primary key lets exactly one through; the others are told already_given."""
    app, made = live_app
    with Session(engine, expire_on_commit=False) as session:  # a meeting that ended yesterday
        template = session.scalar(select(Meeting).limit(1))
        ended = datetime.now(UTC) - timedelta(days=1)
        meeting = Meeting(centre_id=template.centre_id, starts_at=ended - timedelta(hours=1), ends_at=ended)
        session.add(meeting)
        session.flush()
        check_in_phones(session, meeting.id, range(30), ended.date())
        session.commit()
    code = codes.sign(codes.derive_key("test-secret"), meeting.id, codes.window_at(meeting.starts_at))
    body = {"target": "meeting", "centre": "demo", "meeting": meeting.id, "attendee": "d" * 64, "rating": 3,
            "lang": "so", "code": code}
    ids = [str(uuid.uuid4()) for _ in range(20)]
    made.extend(ids)
    start = threading.Barrier(len(ids))

    def post(item_id):
        client = app.test_client()
        start.wait()
        return client.post("/api/v1/sync", json={"items": [{"id": item_id, "type": "feedback", "body": body}]})

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        results = [r.json["results"][0]["result"] for r in pool.map(post, ids)]

    assert sorted(results) == ["accepted"] + ["already_given"] * (len(ids) - 1)
    with Session(engine) as session:
        rows = session.scalars(select(Feedback).where(Feedback.meeting_id == meeting.id)).all()
        assert len(rows) == 1
        assert session.scalar(select(FeedbackReceipt.attendee).where(FeedbackReceipt.meeting_id == meeting.id)) \
            == "d" * 64
        session.delete(session.get(Meeting, meeting.id))  # its feedback and receipt go with it
        session.commit()


def test_a_meeting_takes_no_more_responses_than_check_ins_under_a_race(live_app, engine):
    """20 phones answer at once, where 3 checked in: 3 responses, never 4 (each
    fills one of the 3 response slots the check-ins opened)."""
    app, made = live_app
    with Session(engine, expire_on_commit=False) as session:
        template = session.scalar(select(Meeting).limit(1))
        ended = datetime.now(UTC) - timedelta(days=1)
        meeting = Meeting(centre_id=template.centre_id, starts_at=ended - timedelta(hours=1), ends_at=ended)
        session.add(meeting)
        session.flush()
        check_in_phones(session, meeting.id, range(3), ended.date())
        session.commit()
    code = codes.sign(codes.derive_key("test-secret"), meeting.id, codes.window_at(meeting.starts_at))
    ids = [str(uuid.uuid4()) for _ in range(20)]
    made.extend(ids)
    start = threading.Barrier(len(ids))

    def post(n_and_id):
        n, item_id = n_and_id
        body = {"target": "meeting", "centre": "demo", "meeting": meeting.id, "attendee": f"{n:064x}",
                "rating": 4, "lang": "ar", "code": code}
        client = app.test_client()
        start.wait()
        return client.post("/api/v1/sync", json={"items": [{"id": item_id, "type": "feedback", "body": body}]})

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        results = [r.json["results"][0]["result"] for r in pool.map(post, enumerate(ids))]

    assert sorted(results) == ["accepted"] * 3 + ["no_checkin"] * 17
    with Session(engine) as session:
        session.delete(session.get(Meeting, meeting.id))
        session.commit()


def test_a_feedback_committed_while_rows_are_being_mixed_is_kept(engine):
    """Mixing takes the day's rows out and writes them back in another order;
    a sync that commits a feedback at that very moment must not lose it."""
    marker = f"sent while mixing {uuid.uuid4()}"
    today = datetime.now(UTC).date()
    with Session(engine) as session:
        centre_id = session.scalar(select(Meeting.centre_id).limit(1))
        before = session.scalar(select(func.count()).select_from(Feedback))

    def another_sync_commits(_conn, _cursor, statement, *_args):
        if "DELETE FROM feedback" in statement and not sent:
            sent.append(marker)  # just before mixing takes the feedback out
            with engine.begin() as other:
                other.execute(insert(Feedback.__table__).values(
                    centre_id=centre_id, target="centre", rating=3, comment=marker, lang="ar", received_on=today))

    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", another_sync_commits)
    try:
        with Session(engine) as session:
            session.execute(update(RowMixing).values(open_since=today))
            assert mixing.mix(session, datetime.now(UTC))
            session.commit()
    finally:
        event.remove(engine, "before_cursor_execute", another_sync_commits)
    with Session(engine) as session:
        assert sent == [marker]
        assert session.scalar(select(func.count()).select_from(Feedback).where(Feedback.comment == marker)) == 1
        assert session.scalar(select(func.count()).select_from(Feedback)) == before + 1
        session.execute(delete(Feedback).where(Feedback.comment == marker))
        session.commit()
