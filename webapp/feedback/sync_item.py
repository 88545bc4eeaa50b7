"""The "feedback" item of the phone's outbox: the same checks and storage as
the form without JavaScript (``submit_many``); the sync endpoint adds
exactly-once around it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.api.registry import ItemContext, register_item_type
from webapp.feedback.submit import FeedbackBody, submit_many


def apply_feedback(session: Session, bodies: list[dict], context: ItemContext) -> list[str]:
    return submit_many(session, bodies, context.received_at)


def register() -> None:
    register_item_type("feedback", FeedbackBody, apply_many=apply_feedback)
