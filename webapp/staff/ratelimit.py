"""Login rate limit, kept in the database so that every app instance sees the
same count (process memory would let an attacker spread tries over workers)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import LoginAttempt
from webapp import clock

WINDOW = dt.timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_CLIENT = 20


def _key(kind: str, value: str) -> str:
    """A keyed hash, kept for 15 minutes: a copy of the database alone cannot
    turn it back into an address (an unkeyed hash of an IPv4 address can be
    reversed by trying all 2**32)."""
    secret = hmac.new(current_app.config["SECRET_KEY"].encode(), b"veiviser login throttle", hashlib.sha256).digest()
    return f"{kind}:" + hmac.new(secret, value.strip().lower().encode(), hashlib.sha256).hexdigest()[:64]


def keys_for(email: str, client: str) -> list[tuple[str, int]]:
    return [(_key("email", email), MAX_PER_ACCOUNT), (_key("client", client), MAX_PER_CLIENT)]


def is_blocked(session: Session, email: str, client: str) -> bool:
    since = clock.now() - WINDOW
    for key, limit in keys_for(email, client):
        count = session.scalar(
            select(func.count(LoginAttempt.id)).where(LoginAttempt.key == key, LoginAttempt.at >= since)
        )
        if count >= limit:
            return True
    return False


def record_failure(session: Session, email: str, client: str) -> None:
    at = clock.now()
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < at - WINDOW))
    session.add_all(LoginAttempt(key=key, at=at) for key, _limit in keys_for(email, client))


def clear(session: Session, email: str) -> None:
    """A successful login forgets the failures for that account."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == _key("email", email)))
