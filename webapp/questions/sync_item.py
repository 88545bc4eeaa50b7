"""The "question" item of the phone's outbox (exactly once, like feedback)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from webapp.api.registry import ItemContext, register_item_type
from webapp.questions.asking import QuestionBody, ask


def apply_question(session: Session, body: dict, context: ItemContext) -> str:
    return ask(session, body, context.received_at)


def register() -> None:
    register_item_type("question", QuestionBody, apply_question)
