"""Asking the nurse through the sync API, and collecting answers with claim
codes: a question is stored once with a keyed hash of its claim code (never
the code), the nurse's answer reaches only the phone with the code, and a
claim check answers "no such question" and "not answered yet" alike, byte
for byte and query for query."""
from __future__ import annotations

import re
import secrets
import uuid

import pytest
from sqlalchemy import event, select

from models import Centre, Question
from tests.phones import sync
from webapp.questions import answering
from webapp.questions.claims import CHECK_SIZE, claim_hash


def question_item(claim: str, text: str = "Hvor får jeg frikort?", lang: str = "ti", centre: str = "demo") -> dict:
    return {"id": str(uuid.uuid4()), "type": "question",
            "body": {"centre": centre, "lang": lang, "text": text, "claim": claim}}


def new_code() -> str:
    return secrets.token_hex(16)


def claim_check(client, codes: list[str]):
    return client.post("/api/v1/answers", json={"codes": codes})


def padded(*codes: str) -> list[str]:
    return [*codes, *(new_code() for _ in range(CHECK_SIZE - len(codes)))]


def test_a_question_is_stored_once_with_only_a_keyed_hash_of_its_claim_code(app, client, db_session):
    code = new_code()
    item = question_item(code, text="ሕቶ ብዛዕባ ሕክምና")
    assert [r["result"] for r in sync(client, item)] == ["accepted"]
    assert [r["result"] for r in sync(client, item)] == ["accepted"]  # sent again: applied once
    (row,) = db_session.scalars(select(Question)).all()
    assert (row.text, row.lang, row.answer, row.abuse) == ("ሕቶ ብዛዕባ ሕክምና", "ti", None, False)
    with app.app_context():
        assert row.claim == claim_hash(code)
    stored = " ".join(str(value) for value in vars(row).values())
    assert code not in stored
    assert len(row.id) == 36 and row.id != item["id"]


@pytest.mark.parametrize("body, result", [
    ({"claim": "not-hex"}, "invalid"),
    ({"claim": "A" * 32}, "invalid"),  # upper case is not what a phone makes
    ({"text": "\u200b\u200b"}, "invalid"),  # only invisible characters: no question
    ({"text": "x" * 1001}, "invalid"),
    ({"lang": "xx"}, "invalid"),
    ({"centre": "nowhere"}, "unknown_target"),
])
def test_a_bad_question_is_refused_on_its_own(client, db_session, body, result):
    bad = question_item(new_code())
    bad["body"].update(body)
    good = question_item(new_code())
    results = sync(client, bad, good)
    assert [r["result"] for r in results] == [result, "accepted"]
    assert results[0]["status"] == "rejected"
    assert db_session.scalar(select(Question.text)) == "Hvor får jeg frikort?"


def test_a_claim_code_cannot_be_used_for_a_second_question(client):
    code = new_code()
    assert sync(client, question_item(code))[0]["result"] == "accepted"
    assert sync(client, question_item(code, text="Another"))[0]["result"] == "claim_taken"


def answer_all(db_session, text: str) -> None:
    import datetime as dt
    for question in db_session.scalars(select(Question)):
        answering.answer(question, text, dt.date(2026, 12, 6))
    db_session.flush()


def test_only_the_phone_with_the_code_reads_the_answer(client, db_session):
    mine, other_phone = new_code(), new_code()
    sync(client, question_item(mine))
    answer_all(db_session, "Du får frikort når du har betalt egenandeler over grensen.")
    answers = claim_check(client, padded(mine)).get_json()["answers"]
    assert answers[0] == {"answer": "Du får frikort når du har betalt egenandeler over grensen.", "day": "2026-12-06"}
    assert answers[1:] == [None] * (CHECK_SIZE - 1)
    assert claim_check(client, padded(other_phone)).get_json()["answers"] == [None] * CHECK_SIZE


def test_no_such_question_and_not_answered_yet_look_the_same(app, client, db_session, engine):
    """Same status, headers, bytes, and the same statements sent to the
    database: nothing in the answer or in the work done tells them apart."""
    waiting = new_code()
    sync(client, question_item(waiting))
    statements = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany):
        statements.append(re.sub(r"sa_savepoint_\d+", "sa_savepoint", statement))

    claim_check(client, padded())  # the claim checks' rate bucket exists from now on
    seen = {}
    for name, code in (("not answered yet", waiting), ("no such question", new_code())):
        statements.clear()
        event.listen(engine, "before_cursor_execute", record)
        try:
            response = claim_check(client, [code, *["0" * 32] * (CHECK_SIZE - 1)])
        finally:
            event.remove(engine, "before_cursor_execute", record)
        headers = {k: v for k, v in response.headers.items() if k != "Date"}
        seen[name] = (response.status_code, headers, response.get_data(), list(statements))
    assert seen["not answered yet"] == seen["no such question"]
    assert seen["no such question"][2] == b'{"answers":[null,null,null,null,null,null,null,null]}\n'


def test_a_question_marked_as_abuse_is_never_answered_and_counted(client, db_session):
    code = new_code()
    sync(client, question_item(code))
    question = db_session.scalar(select(Question))
    answering.answer(question, "Svar", question.received_on)
    answering.mark_abuse(question)
    db_session.flush()
    assert claim_check(client, padded(code)).get_json()["answers"] == [None] * CHECK_SIZE
    centres = list(db_session.scalars(select(Centre)))
    assert answering.open_questions(db_session, centres) == []
    assert answering.abuse_count(db_session, centres) == 1


@pytest.mark.parametrize("payload, status", [
    ({"codes": [new_code()] * (CHECK_SIZE - 1)}, 422),  # unpadded: the server would learn how many
    ({"codes": [new_code()] * (CHECK_SIZE + 1)}, 422),
    ({"codes": ["zz" * 16] * CHECK_SIZE}, 422),
    ({"codes": [new_code()] * CHECK_SIZE, "more": 1}, 422),
    ([1, 2], 422),
])
def test_a_claim_check_needs_exactly_the_padded_number_of_codes(client, payload, status):
    response = client.post("/api/v1/answers", json=payload)
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == "unprocessable_entity"


def test_a_claim_check_is_json_only(client):
    assert client.post("/api/v1/answers", data="codes").status_code == 415
    response = client.post("/api/v1/answers", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_questions_to_a_centre_have_a_budget(app, client, db_session):
    app.config["BUDGETS"] = {"ask": (2, 0.0001)}
    assert [r["result"] for r in sync(client, question_item(new_code()), question_item(new_code()))] == [
        "accepted", "accepted"]
    response = client.post("/api/v1/sync", json={"items": [question_item(new_code())]})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert len(db_session.scalars(select(Question)).all()) == 2


def test_claim_checks_have_a_budget(app, client):
    app.config["BUDGETS"] = {"claims": (1, 0.0001)}
    assert claim_check(client, padded()).status_code == 200
    assert claim_check(client, padded()).status_code == 429
