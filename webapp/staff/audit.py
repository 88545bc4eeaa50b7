"""The audit log: one line per change a staff member makes."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm import Session

from models import AuditEntry


def record(session: Session, action: str, target: str = "", **details) -> None:
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    session.add(AuditEntry(user_id=user_id, action=action, target=target, details=details))


def commit(session: Session, action: str, target: str = "", **details) -> None:
    """The end of a staff member's change: its line in the audit log, and one
    commit for both (a change is never stored without its line)."""
    record(session, action, target, **details)
    session.commit()
