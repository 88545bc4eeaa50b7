"""Scaling: the number of SQL statements a request makes does not grow with
the corpus. The same requests are counted on the demo content and again
after it grew tenfold and 42-fold (1,008 pages with translations, topics,
meetings, feedback, "You said, we did"); every count must be the same."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select, update

from models import Centre, Feedback, Meeting, MeetingTranslation, Page, RowMixing, Topic, TopicTranslation
from tests.phones import Phone, display_code
from webapp.content.editing import create_page, save_translation
from webapp.feedback import responses

RESIDENT_PATHS = (
    "/ar/demo/", "/ar/demo/topics/health", "/ar/demo/pages/frikort", "/ar/demo/help", "/ar/demo/meetings",
    "/ar/demo/search?q=lege", "/ar/demo/feedback?page=frikort", "/ar/demo/you-said", "/ar/demo/offline.json",
)


@contextmanager
def counting(engine):
    statements = []

    def count(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_for(client, engine, path: str) -> int:
    client.get(path)  # warm (the manifest is built once per content version)
    with counting(engine) as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


def sync_statements(client, engine, meeting_id: int) -> int:
    """A batch of 15 items: 5 feedback on the centre, and 5 phones' check-in and feedback at a meeting."""
    code = display_code(client.application, meeting_id, dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))
    items = [Phone().feedback("centre", rating=4) for _ in range(5)]
    for phone in (Phone() for _ in range(5)):
        items += [phone.checkin(code), phone.meeting_feedback(code, rating=3)]
    with counting(engine) as statements:
        response = client.post("/api/v1/sync", json={"items": items})
    assert response.status_code == 200
    assert {r["result"] for r in response.get_json()["results"]} == {"accepted"}
    return len(statements)


def grow(session, factor: int) -> None:
    """``factor`` times the demo's pages (with Arabic translations) and topics,
    and many meetings, feedback and responses."""
    copies = factor - 1
    centre = session.scalar(select(Centre).where(Centre.slug == "demo"))
    topics = list(session.scalars(select(Topic)))
    pages = session.scalars(select(Page)).all()
    for i in range(len(topics) * min(copies, 9)):  # topics: at most tenfold, as a real site
        topic = Topic(slug=f"more-{i}", icon="info", position=100 + i,
                      translations=[TopicTranslation(lang="nb", title=f"Mer {i}"),
                                    TopicTranslation(lang="ar", title=f"المزيد {i}")])
        session.add(topic)
        topics.append(topic)
    for i in range(len(pages) * copies):
        page = create_page(session, slug=f"grown-{i}", topic=topics[i % len(topics)], source_lang="nb",
                           title=f"Side {i}", body=f"Tekst om lege og helse {i}.", published=True)
        save_translation(page, "ar", title=f"صفحة {i}", body=f"نص عن الطبيب {i}.")
    now = dt.datetime.now(dt.UTC)
    for i in range(90):
        starts = now + dt.timedelta(days=i % 30, hours=i % 5)
        session.add(Meeting(centre=centre, starts_at=starts, ends_at=starts + dt.timedelta(hours=1),
                            translations=[MeetingTranslation(lang="nb", title=f"Møte {i}")]))
    for i in range(200):
        session.add(Feedback(centre=centre, target="centre", rating=1 + i % 5, comment=f"c{i}", lang="ar",
                             received_on=now.date()))
    for i in range(20):
        responses.create(session, centre, "nb", f"Dere sa {i}", f"Vi gjorde {i}", author_id=None)
    session.flush()


@pytest.fixture()
def meeting_id(db_session):
    now = dt.datetime.now(dt.UTC)
    centre = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    meeting = Meeting(centre=centre, starts_at=now - dt.timedelta(hours=2), ends_at=now - dt.timedelta(hours=1))
    db_session.add(meeting)
    responses.create(db_session, centre, "nb", "Dere sa", "Vi gjorde", author_id=None)  # one of each kind
    # Mixed a moment ago: the once-a-minute mixing (PostgreSQL) is not part of a sync's count.
    db_session.execute(update(RowMixing).values(mixed_at=now))
    db_session.flush()
    return meeting.id


@pytest.mark.parametrize("factor", [10, 42])
def test_statements_per_request_stay_the_same_when_the_corpus_grows(app, client, engine, db_session, meeting_id,
                                                                    factor):
    app.config["PAGE_CACHE"] = False  # count what the views do, not the page cache or the snapshot
    app.config["PUBLISH_RENDER_LIMIT"] = None  # the manifest request publishes the grown site
    before = {path: statements_for(client, engine, path) for path in RESIDENT_PATHS}
    sync_statements(client, engine, meeting_id)  # the app's first sync learns when rows were last mixed
    before["sync"] = sync_statements(client, engine, meeting_id)

    grow(db_session, factor)
    assert db_session.scalar(select(Page.id).where(Page.slug == f"grown-{24 * (factor - 1) - 1}")) is not None
    after = {path: statements_for(client, engine, path) for path in RESIDENT_PATHS}
    after["sync"] = sync_statements(client, engine, meeting_id)

    assert after == before
    # ... and none is extravagant to begin with: a page in a handful, a synced item in a few.
    assert max(count for path, count in before.items() if path != "sync") <= 10
    assert before["sync"] <= 8 * 15


def test_a_phones_batch_costs_the_same_statements_whatever_its_size(app, client, engine, meeting_id):
    """A phone's outbox: its check-in, its feedback on the meeting, and more
    feedback. Each run of items of one type is applied together, so 10 items
    cost the same statements as 50 (the most a request carries)."""
    app.config["BUDGETS"] = {kind: (1e6, 1e6) for kind in ("sync", "open", "meeting")}  # not the budgets' test
    code = display_code(app, meeting_id, dt.datetime.now(dt.UTC) - dt.timedelta(hours=2))

    def statements_for_a_phone(more: int) -> int:
        phone = Phone()
        items = [phone.checkin(code), phone.meeting_feedback(code, rating=3)]
        items += [phone.feedback("centre", rating=1 + n % 5) for n in range(more)]
        with counting(engine) as statements:
            response = client.post("/api/v1/sync", json={"items": items})
        assert {r["result"] for r in response.get_json()["results"]} == {"accepted"}
        return len(statements)

    statements_for_a_phone(8)  # the app's first sync learns when rows were last mixed
    ten, fifty = statements_for_a_phone(8), statements_for_a_phone(48)
    assert ten == fifty
    assert ten <= 13, ten  # 12 on SQLite; PostgreSQL also commits the buckets without waiting for the disk


def test_a_page_from_the_page_cache_costs_two_statements(client, engine):
    """The centre (from the URL) and the content version, which keys the cache."""
    for path in RESIDENT_PATHS:
        assert statements_for(client, engine, path) <= 2, path


def test_a_batch_naming_many_made_up_meetings_costs_no_more_statements_than_one_naming_one(app, client, engine):
    """A stranger's flood: 50 check-ins with codes for 50 meetings that do not
    exist. Looking the meetings up is one query, not one per meeting, so the
    request costs what a batch naming one made-up meeting costs (and each
    item is refused)."""
    app.config["BUDGETS"] = {kind: (1e6, 1e6) for kind in ("sync", "open", "meeting")}  # not the budgets' test
    moment = dt.datetime.now(dt.UTC)

    def statements_for(meeting_ids: list[int]) -> int:
        items = [Phone().checkin(display_code(app, meeting_id, moment)) for meeting_id in meeting_ids]
        with counting(engine) as statements:
            response = client.post("/api/v1/sync", json={"items": items})
        assert {r["result"] for r in response.get_json()["results"]} == {"unknown_meeting"}
        return len(statements)

    statements_for([900_000])  # the app's first sync learns when rows were last mixed
    assert statements_for([900_001 + n for n in range(50)]) == statements_for([900_100])
