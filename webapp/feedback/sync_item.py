"""The "feedback" item of the phone's outbox: the same checks and storage as
the form without JavaScript (``submit``); the sync endpoint adds
exactly-once and a savepoint around it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.api.registry import ItemContext, register_item_type
from webapp.feedback.submit import FeedbackBody, submit


def apply_feedback(session: Session, body: dict, context: ItemContext) -> str:
    return submit(session, body, context.received_at)


def register() -> None:
    register_item_type("feedback", FeedbackBody, apply_feedback)
