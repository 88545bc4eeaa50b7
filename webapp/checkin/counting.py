"""The server side of check-in that needs the app: its key, drawn codes, and
the head count (live and later)."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import CheckIn
from models.db import insert_on_conflict
from webapp import qr
from webapp.checkin import codes
from webapp.checkin.slots import open_slots


def signing_key() -> tuple[str, bytes]:
    """(key id, key) that signs new codes: the newest check-in key."""
    return next(iter(current_app.config["CHECKIN_KEYS"].items()))


def checkin_keys() -> dict[str, bytes]:
    """Every key a code may be signed with, by key id: the check-in keys, and
    for codes from before key ids the key derived from SECRET_KEY."""
    return {**current_app.config["CHECKIN_KEYS"], codes.LEGACY_KID: codes.derive_key(current_app.config["SECRET_KEY"])}


@lru_cache(maxsize=2048)
def drawn_code(base_url: str, code: str) -> str:
    """The QR of a code's URL as SVG; a meeting's codes are drawn once per process."""
    return qr.svg(codes.code_url(base_url, code))


def verified_code(text: str) -> codes.Code | None:
    """The code a phone scanned, if it is one the server signed; else None."""
    try:
        code = codes.parse(text)
    except codes.CodeError:
        return None
    return code if codes.verify(checkin_keys(), code) else None


def count_check_ins(session: Session, rows: list[dict]) -> set[tuple[int, str]]:
    """Count phones at meetings: the check-ins (``CheckIn`` columns) of phones
    not counted yet for their meeting go in, in one statement, and each opens
    a response slot; returns (meeting id, pseudonym) of those counted now. A
    phone counted before, or by a sync of the same phone at this moment (the
    unique constraint makes this one wait for it), is left out."""
    if not rows:
        return set()
    table = CheckIn.__table__
    rows = sorted(rows, key=lambda row: (row["meeting_id"], row["pseudonym"]))  # the same lock order in every sync
    new_only = insert_on_conflict(session, table).on_conflict_do_nothing()
    statement = new_only.returning(table.c.meeting_id, table.c.pseudonym)
    counted = {(meeting_id, pseudonym) for meeting_id, pseudonym in session.execute(statement, rows)}
    open_slots(session, [meeting_id for meeting_id, _ in counted])
    return counted


def head_count(session: Session, meeting_id: int) -> tuple[int, int]:
    """(arrived during the meeting, arrived later from a phone that had been offline)."""
    rows = session.execute(
        select(CheckIn.arrived_live, func.count(CheckIn.id))
        .where(CheckIn.meeting_id == meeting_id)
        .group_by(CheckIn.arrived_live)
    ).all()
    counts = dict(rows)
    return counts.get(True, 0), counts.get(False, 0)
