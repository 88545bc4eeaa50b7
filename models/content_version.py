"""Bump ``ContentState.version`` whenever a flush touches content.

Listening on every Session catches all ORM writes (editor, seed, CLI, tests)
without each writer having to remember. The bump is an SQL expression
(``version + 1``), so concurrent transactions never lose an increment.
"""
from __future__ import annotations

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from models.content import (
    Centre,
    ContentState,
    Page,
    PageMedia,
    PageRevision,
    PageTranslation,
    Topic,
    TopicTranslation,
)
from models.feedback import FeedbackResponse, FeedbackResponseTranslation
from models.meetings import Meeting, MeetingTranslation

# Upcoming meetings and "You said, we did" are kept offline with the pages, so they count as content.
CONTENT_CLASSES = (
    Centre, Topic, TopicTranslation, Page, PageRevision, PageTranslation, PageMedia, Meeting, MeetingTranslation,
    FeedbackResponse, FeedbackResponseTranslation,
)


@event.listens_for(Session, "before_flush")
def _bump_when_content_changes(session: Session, _context, _instances) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, CONTENT_CLASSES) for obj in changed):
        return
    if session.info.get("content_version_bumped"):
        return  # once per transaction is enough
    bumped = session.execute(update(ContentState).values(version=ContentState.version + 1))
    if bumped.rowcount == 0:
        session.execute(insert(ContentState).values(id=1, version=1))
    session.info["content_version_bumped"] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_bump(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("content_version_bumped", None)


def current_version(session: Session) -> int:
    return session.scalar(select(ContentState.version).where(ContentState.id == 1)) or 0
