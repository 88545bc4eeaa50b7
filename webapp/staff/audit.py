"""The audit log: one line per change a staff member makes."""
from __future__ import annotations

from flask_login import current_user
from sqlalchemy.orm import Session

from models import AuditEntry


def record(session: Session, action: str, target: str = "", **details) -> None:
    user_id = current_user.id if current_user and current_user.is_authenticated else None
    session.add(AuditEntry(user_id=user_id, action=action, target=target, details=details))
