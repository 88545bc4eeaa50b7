"""POST /api/v1/sync: each client UUID applied at most once, one item's failure
never undoes another, bad requests get a clear 4xx and write nothing, and the
receipts hold nothing that identifies anyone (docs/design.md, rules 2, 4, 7)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid

import pytest
import time_machine
from marshmallow import Schema, fields
from openapi_spec_validator import validate as validate_openapi
from sqlalchemy import func, inspect, select

from models import RateBucket, SyncReceipt
from models.sync import receipt_check, receipt_key
from webapp.api.registry import register_item_type, unregister_item_type
from webapp.api.schemas import Text
from webapp.l10n.catalogs import po_path, read_catalog

SYNC = "/api/v1/sync"


class EchoBody(Schema):
    text = Text(required=True, min_length=1)
    mark = fields.String()  # when given, apply writes a row keyed by it (to see what is kept)


@pytest.fixture()
def echo():
    """A test-only item type. Returns the bodies apply was called with."""
    calls = []

    def apply(session, body, context):
        calls.append(body)
        if body.get("mark"):
            session.add(RateBucket(key=f"sync-test:{body['mark']}", full_at=context.received_at.timestamp(), span=1))
            session.flush()
        if body["text"] == "crash":
            raise RuntimeError(f"apply failed on {body['text']}")
        if body["text"] == "not-a-code":
            return None
        return "refused" if body["text"] == "refuse" else "accepted"

    register_item_type("echo", EchoBody, apply)
    yield calls
    unregister_item_type("echo")


def item(text="hello", item_id=None, **body):
    return {"id": item_id or str(uuid.uuid4()), "type": "echo", "body": {"text": text, **body}}


def send(client, *items, **kwargs):
    return client.post(SYNC, json={"items": list(items)}, **kwargs)


def receipts(db_session, *ids):
    return db_session.scalars(select(SyncReceipt).where(SyncReceipt.key.in_([receipt_key(i) for i in ids]))).all()


def receipt_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(SyncReceipt))


def marked(db_session, mark) -> bool:
    return db_session.scalar(select(RateBucket).where(RateBucket.key == f"sync-test:{mark}")) is not None


# --- at most once ------------------------------------------------------------


def test_the_same_item_twice_is_applied_once_and_ok_both_times(client, echo, db_session):
    sent = item("hello")
    first, second = send(client, sent), send(client, sent)
    expected = {"id": sent["id"], "status": "ok", "result": "accepted", "message": ""}
    assert first.status_code == second.status_code == 200
    assert first.json == second.json == {"results": [expected]}
    assert echo == [{"text": "hello"}]
    assert len(receipts(db_session, sent["id"])) == 1


def test_the_same_id_with_another_body_is_a_conflict(client, echo, db_session):
    sent = item("hello")
    send(client, sent)
    response = send(client, item("changed", item_id=sent["id"]))
    assert response.status_code == 409  # the request's only item conflicts
    (result,) = response.json["results"]
    assert (result["status"], result["result"]) == ("conflict", "conflict")
    assert result["message"]
    assert echo == [{"text": "hello"}]
    (receipt,) = receipts(db_session, sent["id"])
    canonical = json.dumps({"type": "echo", "body": {"text": "hello"}}, sort_keys=True, separators=(",", ":"))
    assert receipt.check == receipt_check(sent["id"], hashlib.sha256(canonical.encode()).hexdigest())


def test_a_conflict_among_other_items_leaves_the_request_a_200(client, echo):
    sent = item("hello")
    send(client, sent)
    response = send(client, item("changed", item_id=sent["id"]), item("new"))
    assert response.status_code == 200
    assert [r["status"] for r in response.json["results"]] == ["conflict", "ok"]


def test_an_id_twice_in_one_request(client, echo):
    twin = item("hello")
    same = send(client, twin, twin)
    assert [r["status"] for r in same.json["results"]] == ["ok", "ok"]
    other = item("hello")
    changed = send(client, other, item("changed", item_id=other["id"]))
    assert [r["status"] for r in changed.json["results"]] == ["ok", "conflict"]
    assert len(echo) == 2


def test_an_id_in_upper_case_is_the_same_item(client, echo):
    sent = item("hello")
    send(client, sent)
    response = send(client, {**sent, "id": sent["id"].upper()})
    expected = {"id": sent["id"], "status": "ok", "result": "accepted", "message": ""}
    assert response.json["results"][0] == expected
    assert len(echo) == 1


def test_a_rejection_is_kept_and_given_again(client, echo, db_session):
    sent = item("refuse", mark=str(uuid.uuid4()))
    first, second = send(client, sent), send(client, sent)
    for response in (first, second):
        (result,) = response.json["results"]
        assert (result["status"], result["result"]) == ("rejected", "refused")
        assert result["message"]
    assert len(echo) == 1
    assert not marked(db_session, sent["body"]["mark"])  # what apply wrote before refusing is undone
    assert [r.result for r in receipts(db_session, sent["id"])] == ["refused"]


# --- items are independent ----------------------------------------------------


def test_one_failing_item_does_not_undo_another(client, echo, db_session, caplog):
    marks = [str(uuid.uuid4()) for _ in range(4)]
    items = [
        item("first", mark=marks[0]),
        item("crash", mark=marks[1]),
        item("refuse", mark=marks[2]),
        item("last", mark=marks[3]),
    ]
    with caplog.at_level(logging.ERROR):
        response = send(client, *items)
    assert response.status_code == 200
    results = response.json["results"]
    assert [r["id"] for r in results] == [i["id"] for i in items]
    assert [r["status"] for r in results] == ["ok", "error", "rejected", "ok"]
    assert [marked(db_session, mark) for mark in marks] == [True, False, False, True]
    assert {r.key for r in receipts(db_session, *(i["id"] for i in items))} == {
        receipt_key(items[0]["id"]), receipt_key(items[2]["id"]), receipt_key(items[3]["id"])
    }  # no receipt for the crashed item: the phone sends it again later
    # The log says where it failed, never the body or who sent it.
    assert "crash" not in caplog.text and marks[1] not in caplog.text and "127.0.0.1" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_an_apply_that_returns_no_code_is_an_error_not_a_receipt(client, echo, db_session):
    sent = item("not-a-code")
    assert send(client, sent).json["results"][0]["status"] == "error"
    assert receipts(db_session, sent["id"]) == []


# --- bad requests: a clear 4xx, nothing written ------------------------------


def raw(client, data, content_type="application/json"):
    return client.post(SYNC, data=data, content_type=content_type)


def good_json(*items) -> str:
    return json.dumps({"items": list(items) or [item()]})


BAD_REQUESTS = {
    "no id": (422, lambda c: send(c, {"type": "echo", "body": {"text": "x"}})),
    "id not a UUID": (422, lambda c: send(c, item(item_id="not-a-uuid"))),
    "no body": (422, lambda c: send(c, {"id": str(uuid.uuid4()), "type": "echo"})),
    "unknown item field": (422, lambda c: send(c, {**item(), "device": "x"})),
    "unknown envelope field": (422, lambda c: c.post(SYNC, json={"items": [item()], "phone": "x"})),
    "no items field": (422, lambda c: c.post(SYNC, json={})),
    "no items": (422, lambda c: send(c)),
    "51 items": (422, lambda c: send(c, *(item() for _ in range(51)))),
    "not an object": (422, lambda c: c.post(SYNC, json=[item()])),
    "text/plain": (415, lambda c: raw(c, good_json(), "text/plain")),
    "form post": (415, lambda c: c.post(SYNC, data={"items": "x"})),
    "no content type": (415, lambda c: c.post(SYNC, data=good_json())),
    "oversized body": (413, lambda c: raw(c, good_json(item("x" * 70_000)))),
    "malformed JSON": (400, lambda c: raw(c, '{"items": [')),
    "bad UTF-8": (400, lambda c: raw(c, good_json().encode().replace(b"hello", b"h\xffllo"))),
    "NaN": (400, lambda c: raw(c, good_json().replace('"hello"', "NaN"))),
    "deeply nested": (400, lambda c: raw(c, "[" * 30_000 + "]" * 30_000)),
}


@pytest.mark.parametrize("case", BAD_REQUESTS)
def test_a_bad_request_gets_a_clear_error_and_writes_nothing(client, echo, db_session, case):
    status, make_request = BAD_REQUESTS[case]
    before = receipt_count(db_session)
    response = make_request(client)
    assert response.status_code == status
    assert response.is_json
    error = response.json["error"]
    assert error["code"] and error["message"]
    if status == 422:
        assert error["details"]  # says which field
    assert echo == []
    assert receipt_count(db_session) == before


# An item that can never be accepted as it is: refused on its own ("invalid"),
# never holding back the items around it (an outbox would send it forever).
BAD_ITEMS = {
    "unknown type": {**item(), "type": "nonesuch"},
    "body misses a field": {"id": str(uuid.uuid4()), "type": "echo", "body": {}},
    "unknown body field": item(room="12"),
    "lone surrogate": item("half an emoji \ud83d"),
    "NUL": item("nul\x00"),
    "escape sequence": item("\x1b[2J"),
    "only invisible characters": item("\u200b\u2060"),
}


@pytest.mark.parametrize("case", BAD_ITEMS)
def test_a_bad_item_is_refused_on_its_own_and_the_others_go_on(client, echo, db_session, case):
    before = receipt_count(db_session)
    good_before, good_after = item("before"), item("after")
    response = send(client, good_before, BAD_ITEMS[case], good_after)
    assert response.status_code == 200
    first, bad, last = response.json["results"]
    assert (first["status"], last["status"]) == ("ok", "ok")
    assert (bad["status"], bad["result"]) == ("rejected", "invalid") and bad["message"] and bad["details"]
    assert echo == [{"text": "before"}, {"text": "after"}]
    assert receipt_count(db_session) == before + 2  # no receipt for the bad one: it is never applied
    again = send(client, good_before, BAD_ITEMS[case], good_after)  # the phone sends the same again
    assert [r["status"] for r in again.json["results"]] == ["ok", "rejected", "ok"]
    assert echo == [{"text": "before"}, {"text": "after"}]  # still once each


def test_text_is_stored_in_one_spelling_and_invisible_characters_do_not_count(client, echo):
    assert send(client, item("e\u0301")).json["results"][0]["status"] == "ok"
    assert echo == [{"text": "\u00e9"}]  # NFC


def test_the_error_is_in_the_phone_language(client, echo):
    response = client.post(SYNC, data="{}", content_type="text/plain", headers={"Accept-Language": "nb"})
    norwegian = read_catalog(po_path("nb"), "nb").get("This kind of content is not accepted here.").string
    assert norwegian and response.json["error"]["message"] == norwegian


def test_other_methods_get_json_too(client):
    response = client.get(SYNC)
    assert response.status_code == 405
    assert response.json["error"]["code"] == "method_not_allowed"


# --- what is stored ----------------------------------------------------------


def test_a_receipt_holds_only_the_allowed_columns_and_a_day(client, echo, db_session):
    columns = {c["name"]: c["type"] for c in inspect(db_session.connection()).get_columns("sync_receipts")}
    assert set(columns) == {"key", "check", "result", "received_on"}
    assert "DATE" in str(columns["received_on"]).upper() and "TIME" not in str(columns["received_on"]).upper()

    sent = item("hello")
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)):
        response = send(
            client, sent, headers={"User-Agent": "Phone/1.0"}, environ_base={"REMOTE_ADDR": "10.9.8.7"}
        )
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # no session, nothing to follow the phone by
    (receipt,) = receipts(db_session, sent["id"])
    assert receipt.result == "accepted"
    assert receipt.received_on == dt.date(2026, 3, 1)
    assert type(receipt.received_on) is dt.date
    row = db_session.execute(select(SyncReceipt.__table__).where(SyncReceipt.key == receipt.key)).one()
    assert not any("10.9.8.7" in str(value) or "Phone/1.0" in str(value) for value in row)
    # Only the phone can match it: the UUID is not kept, and the body's hash only under it.
    body_hash = hashlib.sha256(b'{"body":{"text":"hello"},"type":"echo"}').hexdigest()
    assert sent["id"] not in str(row) and body_hash not in str(row)


# --- the registry ------------------------------------------------------------


def test_a_type_name_cannot_be_taken_twice(echo):
    with pytest.raises(ValueError):
        register_item_type("echo", EchoBody, lambda session, body, context: "accepted")


# --- OpenAPI -----------------------------------------------------------------


def test_the_openapi_document_is_valid_and_describes_sync(client, echo):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    validate_openapi(document)
    operation = document["paths"]["/api/v1/sync"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "409", "413", "415", "422"}
    assert operation["responses"]["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    schemas = document["components"]["schemas"]
    assert schemas["SyncRequest"]["properties"]["items"]["maxItems"] == 50
    assert schemas["SyncRequest"]["additionalProperties"] is False
    assert "echo" in schemas["SyncItem"]["properties"]["type"]["enum"]
    assert schemas["echo.body"]["required"] == ["text"]
    assert schemas["SyncResult"]["properties"]["status"]["enum"] == ["ok", "rejected", "conflict", "error"]


def test_syncs_at_the_same_moment_on_sqlite_wait_for_each_other_instead_of_failing(tmp_path):
    """SQLite (the default database) has one writer at a time: phones syncing
    together must queue for it, not get an error for some of their items."""
    import threading
    import uuid
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy import func, select

    from models import Feedback
    from tests.live_server import database, seeded_app

    app = seeded_app(tmp_path)
    phones = 8
    start = threading.Barrier(phones)

    def sync(n):
        items = [{"id": str(uuid.uuid4()), "type": "feedback",
                  "body": {"target": "centre", "centre": "demo", "rating": 1 + n % 5, "lang": "ar"}}]
        client = app.test_client()
        start.wait()
        return client.post("/api/v1/sync", json={"items": items}).get_json()["results"][0]["status"]

    with ThreadPoolExecutor(max_workers=phones) as pool:
        statuses = list(pool.map(sync, range(phones)))
    assert statuses == ["ok"] * phones
    with database(app) as session:
        assert session.scalar(select(func.count()).select_from(Feedback)) == phones
