"""The linkage audit (docs/privacy.md): 200 phones each check in at two
meetings and give feedback, every phone in one request, committed as a real
server commits. Then someone takes a full copy of the database and the
server's secrets and tries every link we could think of between two rows of
one phone. None does better than guessing.

Attacks tried (each pairs a phone's check-in at meeting A with one at
meeting B, or its check-in at A with its feedback on A):
- the order rows come back in (a dump lists them in physical order; on SQLite
  the order of keys), pairing neighbours and equal ranks;
- the keys themselves, sorted;
- on PostgreSQL, the id of the transaction that wrote each row (xmin) and its
  place in the table (ctid);
- the check-in codes' windows (the server's keys turn codes into meeting and
  window, nothing more);
- the receipts: whether any can be matched to a row by hashing what is
  stored (SHA-256 of the body, as receipts used to keep).
Chance is 1 right pair in 200 tries; a test fails at 8 or more.

Questions to the nurse are audited the same way: every phone also asks two
questions in the same request, and the attacks try to pair its two
questions, and a question with its check-in or its feedback. Claim checks
(each phone collects its answers with its two codes among random ones)
write nothing, and no stored claim hash can be matched to a receipt.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import secrets
from collections import Counter

import pytest
import time_machine
from sqlalchemy import text

from models.db import make_engine
from tests.conftest import BACKENDS, fresh_database_url
from tests.live_server import migrate_and_seed
from tests.phones import Phone, display_code, sync
from webapp import create_app

PHONES = 200
CHANCE_LIMIT = 8  # right pairs out of 200: by chance, 8 or more happens once in 100,000 runs
NOW = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).replace(microsecond=0)


@pytest.fixture(params=BACKENDS)
def server(request, tmp_path_factory, tmp_path):
    """The app on its own database, committing for real (no test transaction)."""
    url = fresh_database_url(request.param, tmp_path_factory, name="linkage")
    migrate_and_seed(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "audit", "TESTING": True},
                     instance_path=str(tmp_path / "instance"))
    plenty = (10**9, 10**6)  # 200 phones at once is not a flood here
    app.config["BUDGETS"] = {"sync": plenty, "open": plenty, "meeting": plenty, "ask": plenty, "claims": plenty}
    engine = make_engine(url)
    with engine.begin() as connection:
        ids = connection.execute(text("SELECT id FROM meetings ORDER BY id LIMIT 2")).scalars().all()
        for n, meeting_id in enumerate(ids):
            start = NOW - dt.timedelta(hours=6 - 3 * n)
            connection.execute(
                text("UPDATE meetings SET starts_at = :s, ends_at = :e, cancelled = false WHERE id = :i"),
                {"s": start, "e": start + dt.timedelta(hours=1), "i": meeting_id},
            )
    yield app, engine, ids
    app.extensions["db_engine"].dispose()
    engine.dispose()


def send_everything(app, meetings) -> list[dict]:
    """Every phone sends its check-ins at both meetings and its feedback in one
    request (the worst case: they arrive together). Returns what each phone
    made, to score the attacks with."""
    client = app.test_client()
    rng = random.Random(7)
    phones = []
    with time_machine.travel(NOW, tick=False):
        for n in range(PHONES):
            phone = Phone(lang=rng.choice(["ar", "ti", "uk"]))
            a, b = (display_code(app, m, NOW - dt.timedelta(hours=6 - 3 * i, minutes=-rng.randint(0, 50)))
                    for i, m in enumerate(meetings))
            checkins = [phone.checkin(a), phone.checkin(b)]
            rng.shuffle(checkins)
            # As the outbox sends them: in the order they were made, a check-in before feedback on it.
            items = [*checkins, phone.meeting_feedback(a, rating=rng.randint(1, 5), comment=f"phone {n} at A")]
            items.insert(rng.randint(0, 3), phone.feedback("centre", rating=rng.randint(1, 5)))
            claims = [secrets.token_hex(16), secrets.token_hex(16)]
            for k, claim in enumerate(claims):  # as questions.js adds them: after whatever came before
                items.append(Phone.item("question", {"centre": "demo", "lang": phone.lang, "claim": claim,
                                                     "text": f"phone {n} question {k}"}))
            assert {r["result"] for r in sync(client, *items)} == {"accepted"}
            phones.append({"a": phone.pseudonym(f"meeting:{meetings[0]}"),
                           "b": phone.pseudonym(f"meeting:{meetings[1]}"), "comment": f"phone {n} at A",
                           "questions": (f"phone {n} question 0", f"phone {n} question 1"), "claims": claims})
    # A minute later another phone sends something: the server mixes what came before (PostgreSQL).
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        sync(client, Phone().feedback("centre", rating=3))
    return phones


def dump(engine, table: str) -> list[dict]:
    """A table as a copy of the database gives it: in stored order, with
    PostgreSQL's hidden columns."""
    hidden = ", xmin::text::bigint AS xmin, ctid::text AS ctid" if engine.dialect.name == "postgresql" else ""
    with engine.connect() as connection:
        return [dict(row) for row in connection.execute(text(f"SELECT *{hidden} FROM {table}")).mappings()]


def right_pairs(guesses: list[tuple[str, str]], truth: set[tuple[str, str]]) -> int:
    return sum(1 for pair in guesses if pair in truth)


def by_neighbours(rows_a: list[dict], rows_b: list[dict], position) -> list[tuple]:
    """Pair each A row with the B row nearest to it by ``position``."""
    ordered_b = sorted(rows_b, key=position)
    guesses = []
    for row in rows_a:
        nearest = min(ordered_b, key=lambda other: abs(position(other) - position(row)))
        guesses.append((row["_key"], nearest["_key"]))
    return guesses


def by_rank(rows_a: list[dict], rows_b: list[dict], order) -> list[tuple]:
    """Pair the i-th A row with the i-th B row, in ``order``."""
    return [(a["_key"], b["_key"]) for a, b in zip(sorted(rows_a, key=order), sorted(rows_b, key=order), strict=False)]


def test_nothing_links_two_rows_of_one_phone(server):
    app, engine, meetings = server
    phones = send_everything(app, meetings)
    checkins, feedback = dump(engine, "checkins"), dump(engine, "feedback")
    for place, row in enumerate(checkins):
        row["_place"], row["_key"] = place, row["pseudonym"]
    for place, row in enumerate(feedback):
        row["_place"], row["_key"] = place, row["comment"]
    at_a = [r for r in checkins if r["meeting_id"] == meetings[0]]
    at_b = [r for r in checkins if r["meeting_id"] == meetings[1]]
    fed_a = [r for r in feedback if r["target"] == "meeting"]
    assert len(at_a) == len(at_b) == len(fed_a) == PHONES
    same_phone = {(p["a"], p["b"]) for p in phones}
    same_phone_feedback = {(p["a"], p["comment"]) for p in phones}

    attacks = {
        "neighbours in stored order": by_neighbours(at_a, at_b, lambda r: r["_place"]),
        "equal rank in stored order": by_rank(at_a, at_b, lambda r: r["_place"]),
        "equal rank of keys": by_rank(at_a, at_b, lambda r: r["id"]),
        "equal rank of code windows": by_rank(at_a, at_b, lambda r: (r["window"], r["_place"])),
    }
    feedback_attacks = {
        "check-in and feedback, equal rank in stored order": by_rank(at_a, fed_a, lambda r: r["_place"]),
        "check-in and feedback, equal rank of keys": by_rank(at_a, fed_a, lambda r: r["id"]),
    }
    if engine.dialect.name == "postgresql":
        def ctid(row):  # "(page,item)" -> a number in stored order
            page, item = row["ctid"].strip("()").split(",")
            return int(page) * 1000 + int(item)

        attacks["same or nearest transaction (xmin)"] = by_neighbours(at_a, at_b, lambda r: r["xmin"])
        attacks["nearest place in the table (ctid)"] = by_neighbours(at_a, at_b, ctid)
        feedback_attacks["check-in and feedback, nearest transaction"] = by_neighbours(at_a, fed_a, lambda r: r["xmin"])
    scores = {name: right_pairs(guesses, same_phone) for name, guesses in attacks.items()}
    scores |= {name: right_pairs(guesses, same_phone_feedback) for name, guesses in feedback_attacks.items()}
    print(f"\nlinkage audit ({engine.dialect.name}, {PHONES} phones, chance about 1): {scores}")
    assert all(score < CHANCE_LIMIT for score in scores.values()), scores
    if engine.dialect.name == "postgresql":
        transactions = Counter(row["xmin"] for row in checkins + feedback)
        assert len(transactions) == 1, "one mixing transaction wrote every row: nothing to tell them apart by"


def test_no_receipt_can_be_matched_to_what_it_was_for(server):
    app, engine, meetings = server
    send_everything(app, meetings)
    receipts = dump(engine, "sync_receipts")
    assert len(receipts) == 6 * PHONES + 1
    stored_values = {str(value) for row in receipts for value in row.values()}
    # What receipts used to keep: SHA-256 of the item as sent. The stored rows
    # hold everything of a centre feedback's body but nothing can rebuild it.
    for row in dump(engine, "feedback"):
        if row["target"] != "centre":
            continue
        body = {"target": "centre", "centre": "demo", "lang": row["lang"], "rating": row["rating"]}
        canonical = json.dumps({"type": "feedback", "body": body}, sort_keys=True, separators=(",", ":"))
        assert hashlib.sha256(canonical.encode()).hexdigest() not in stored_values
    assert set(receipts[0]) >= {"key", "check", "result", "received_on"}
    assert not {"id", "payload_hash", "item_type"} & set(receipts[0])


def test_nothing_links_a_question_to_another_question_check_in_or_feedback_of_its_phone(server):
    app, engine, meetings = server
    phones = send_everything(app, meetings)
    checkins, feedback, questions = dump(engine, "checkins"), dump(engine, "feedback"), dump(engine, "questions")
    for rows, key in ((checkins, "pseudonym"), (feedback, "comment"), (questions, "text")):
        for place, row in enumerate(rows):
            row["_place"], row["_key"] = place, row[key]
    first = [r for r in questions if r["text"].endswith("question 0")]
    second = [r for r in questions if r["text"].endswith("question 1")]
    at_a = [r for r in checkins if r["meeting_id"] == meetings[0]]
    fed_a = [r for r in feedback if r["target"] == "meeting"]
    assert len(first) == len(second) == PHONES
    same_phone_questions = {p["questions"] for p in phones}
    question_and_checkin = {(p["questions"][0], p["a"]) for p in phones}
    question_and_feedback = {(p["questions"][0], p["comment"]) for p in phones}

    attacks = {
        "two questions, neighbours in stored order": (by_neighbours(first, second, lambda r: r["_place"]),
                                                      same_phone_questions),
        "two questions, equal rank in stored order": (by_rank(first, second, lambda r: r["_place"]),
                                                      same_phone_questions),
        "two questions, equal rank of keys": (by_rank(first, second, lambda r: r["id"]), same_phone_questions),
        "two questions, equal rank of claim hashes": (by_rank(first, second, lambda r: r["claim"]),
                                                      same_phone_questions),
        "question and check-in, equal rank in stored order": (by_rank(first, at_a, lambda r: r["_place"]),
                                                              question_and_checkin),
        "question and feedback, equal rank in stored order": (by_rank(first, fed_a, lambda r: r["_place"]),
                                                              question_and_feedback),
        "question and feedback, equal rank of keys": (by_rank(first, fed_a, lambda r: r["id"]),
                                                      question_and_feedback),
    }
    if engine.dialect.name == "postgresql":
        attacks["two questions, nearest transaction (xmin)"] = (
            by_neighbours(first, second, lambda r: r["xmin"]), same_phone_questions)
        attacks["question and check-in, nearest transaction"] = (
            by_neighbours(first, at_a, lambda r: r["xmin"]), question_and_checkin)
    scores = {name: right_pairs(guesses, truth) for name, (guesses, truth) in attacks.items()}
    print(f"\nlinkage audit of questions ({engine.dialect.name}, {PHONES} phones, chance about 1): {scores}")
    assert all(score < CHANCE_LIMIT for score in scores.values()), scores
    assert not {"claim_code", "code", "phone", "item_id"} & set(questions[0])

    # Every phone collects its answers: its two codes among random ones. Nothing is written.
    before = {table: dump(engine, table) for table in ("questions", "sync_receipts", "checkins", "feedback")}
    client = app.test_client()
    with time_machine.travel(NOW + dt.timedelta(minutes=3), tick=False):
        for phone in phones:
            codes = [*phone["claims"], *(secrets.token_hex(16) for _ in range(6))]
            random.shuffle(codes)
            assert client.post("/api/v1/answers", json={"codes": codes}).get_json()["answers"] == [None] * 8
    after = {table: dump(engine, table) for table in before}
    hidden = ("xmin", "ctid")
    assert {t: [{k: v for k, v in r.items() if k not in hidden} for r in rows] for t, rows in after.items()} == {
        t: [{k: v for k, v in r.items() if k not in hidden} for r in rows] for t, rows in before.items()}

    # With the server's secrets and a phone's codes one could find its questions; without the codes, the
    # stored hashes match nothing else that is stored.
    stored = {str(value) for row in before["sync_receipts"] for value in row.values()}
    assert not {row["claim"] for row in questions} & stored
    with app.app_context():
        from webapp.questions.claims import claim_hash
        assert {claim_hash(c) for p in phones for c in p["claims"]} == {row["claim"] for row in questions}
