"""The API's views: ``POST /api/v1/sync`` (a phone's outbox; what each item
does is in sync.py) and ``GET /api/v1/openapi.json`` (openapi.py)."""
from __future__ import annotations

from flask import current_app, g, jsonify, request
from marshmallow import ValidationError

from webapp import clock, db
from webapp.api import budget, edges
from webapp.api.openapi import build_spec
from webapp.api.schemas import ENVELOPE, INVALID, RESPONSE, loaded_item
from webapp.api.sync import apply_items
from webapp.errors import messages
from webapp.http_caching import conditional
from webapp.l10n.languages import DEFAULT_LANGUAGE
from webapp.l10n.negotiation import best_language
from webapp.privacy import mixing

MAX_BODY_BYTES = 64 * 1024


def language_from_header():
    """Messages in the phone's language: the outbox sends the page's language
    as Accept-Language (the URL carries none here)."""
    enabled = current_app.config["ENABLED_LANGUAGES"]
    g.lang = best_language(request.accept_languages, enabled) or DEFAULT_LANGUAGE


@db.reads_first
def sync():
    raw_items = _load_envelope()
    session, now = db.session(), clock.now()
    edges.admit(session, budget.costs(session, raw_items))
    loaded = [_load_item(raw) for raw in raw_items]
    db.begin_writing(session)
    # A refusal is already its item's result; the others are applied, and their results fill in.
    applied = iter(apply_items(session, [item for item in loaded if "status" not in item], now))
    results = [item if "status" in item else next(applied) for item in loaded]
    session.commit()
    mixing.mix_if_due(session, now)
    session.commit()
    only_conflict = len(results) == 1 and results[0]["status"] == "conflict"
    return jsonify(RESPONSE.dump({"results": results})), 409 if only_conflict else 200


def _load_item(raw: dict) -> dict:
    """The item as its type loads it, or its final refusal: it can never be
    accepted as it is, and the other items of the request go on."""
    try:
        return loaded_item(raw)
    except ValidationError as error:
        return {"id": str(raw["id"]), "status": "rejected", "result": INVALID, "message": messages()[422],
                "details": edges.string_keys(error.messages)}


def openapi_document():
    return conditional(jsonify(build_spec()), max_age=0)


def _load_envelope() -> list[dict]:
    """The items, each with a UUID, a type and a body; else 422 (nothing written)."""
    return edges.loaded(ENVELOPE, edges.json_body(MAX_BODY_BYTES))["items"]
