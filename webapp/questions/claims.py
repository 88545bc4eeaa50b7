"""Claim codes: the only key to an answer.

The phone makes a random claim code (128 bits, hex) for each question and
keeps it; the server stores only a keyed hash of it (HMAC-SHA256 with a key
derived from SECRET_KEY), so a copy of the database alone cannot test a
code, and nobody without the phone's code can read an answer.

A claim check carries exactly ``CHECK_SIZE`` codes: the phone pads its real
ones with random codes, so the server cannot count a phone's questions. Every
code gets the same work (a keyed hash, one query for all, a constant-time
comparison against every row found), and a code with no answer gets the same
``null`` whether its question does not exist, is not answered yet, was
marked as abuse or was purged: neither the answer's size nor its timing
tells them apart. A claim check writes nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Question

CHECK_SIZE = 8  # codes in every claim check, real and padding together
CLAIM_CODE = re.compile(r"^[0-9a-f]{32}$(?!\n)")


def claim_key() -> bytes:
    """HMAC-SHA256(SECRET_KEY, purpose): a key of its own, so a claim hash is
    never also a valid signature of anything else the server signs."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(secret, b"veiviser claim codes v1", hashlib.sha256).digest()


def claim_hash(code: str) -> str:
    return hmac.new(claim_key(), code.encode("ascii"), hashlib.sha256).hexdigest()


def answers_for(session: Session, codes: list[str]) -> list[dict | None]:
    """For each code, in order: its answer ({"answer", "day"}) or None."""
    hashes = [claim_hash(code) for code in codes]
    rows = session.execute(
        select(Question.claim, Question.answer, Question.answered_on, Question.abuse)
        .where(Question.claim.in_(hashes))
    ).all()
    return [_answer_of(wanted, rows) for wanted in hashes]


def _answer_of(wanted: str, rows) -> dict | None:
    found = None
    for claim, answer, day, abuse in rows:  # every row, every time: no early exit
        if hmac.compare_digest(claim, wanted) and answer is not None and not abuse:
            found = {"answer": answer, "day": day.isoformat()}
    return found
