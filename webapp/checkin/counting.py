"""The server side of check-in that needs the app: its key, drawn codes, and
the head count (live and later)."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import CheckIn
from webapp import qr
from webapp.checkin import codes


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


def head_count(session: Session, meeting_id: int) -> tuple[int, int]:
    """(arrived during the meeting, arrived later from a phone that had been offline)."""
    rows = session.execute(
        select(CheckIn.arrived_live, func.count(CheckIn.id))
        .where(CheckIn.meeting_id == meeting_id)
        .group_by(CheckIn.arrived_live)
    ).all()
    counts = dict(rows)
    return counts.get(True, 0), counts.get(False, 0)
