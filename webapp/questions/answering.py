"""The nurse's side of questions: what is open, answering, marking abuse,
and a question as the start of an FAQ entry on a page. Staff see a
question's words, its centre, the app's language and the day: nothing else
exists to show."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Centre, Question

ANSWERED_SHOWN = 50


def _at(centres: list[Centre]):
    return Question.centre_id.in_([c.id for c in centres])


def open_questions(session: Session, centres: list[Centre]) -> list[Question]:
    """Not answered and not abuse, newest day first (within a day, in no order: none is kept)."""
    query = (
        select(Question)
        .where(_at(centres), Question.answer.is_(None), Question.abuse.is_(False))
        .order_by(Question.received_on.desc(), Question.id)
    )
    return list(session.scalars(query))


def answered(session: Session, centres: list[Centre]) -> list[Question]:
    query = (
        select(Question)
        .where(_at(centres), Question.answer.is_not(None), Question.abuse.is_(False))
        .order_by(Question.answered_on.desc(), Question.id)
        .limit(ANSWERED_SHOWN)
    )
    return list(session.scalars(query))


def abuse_count(session: Session, centres: list[Centre]) -> int:
    return session.scalar(select(func.count()).select_from(Question).where(_at(centres), Question.abuse.is_(True)))


def answer(question: Question, text: str, today: dt.date) -> None:
    question.answer, question.answered_on = text, today


def mark_abuse(question: Question) -> None:
    """Hidden from the lists and never answered (the phone sees what it sees
    for any unanswered question); still counted."""
    question.abuse, question.answer, question.answered_on = True, None, None


def faq_draft(question: Question) -> dict:
    """The page editor's fields to start from; the nurse edits and anonymises
    before saving (nothing is published from here)."""
    title = " ".join(question.text.split())[:120]
    body = f"**{question.text.strip()}**\n\n{(question.answer or '').strip()}\n"
    return {"title": title, "body": body}
