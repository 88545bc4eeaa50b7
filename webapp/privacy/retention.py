"""What ``flask purge`` deletes, and when (docs/design.md, rule 2: keep
nothing longer than it serves the residents). docs/privacy.md lists the
same rules for people.

- The words of feedback (comment and topic wish) older than
  ``COMMENT_RETENTION_MONTHS``: ratings and answers stay, so counts stay.
- For meetings whose feedback window has closed (``FEEDBACK_WINDOW_DAYS``
  after the meeting; no check-in or feedback is taken after it): the check-in
  pseudonyms (the check-in rows stay, so the head count stays), the
  feedback receipts (they only stopped a second feedback from one phone) and
  the response slots still open (they only let a response in).
- Sync receipts older than ``RECEIPT_RETENTION_DAYS``: they only let the
  server recognise an item sent again. A phone that was offline longer than
  that and sends an item again gets it applied again.
- Rate-limit buckets that have filled up again (a missing one is full).
- Questions to the nurse, with their answers, ``QUESTION_RETENTION_DAYS``
  (60) after they arrived, answered or not: the phone keeps its copy.
- Push subscriptions past their expiry day (a phone renews its own while
  the resident uses the app).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from models import (
    CheckIn,
    Feedback,
    FeedbackReceipt,
    Meeting,
    PushSubscription,
    Question,
    RateBucket,
    ResponseSlot,
    SyncReceipt,
)
from webapp.meetings import window


@dataclass(frozen=True)
class Rule:
    what: str  # for the report: "feedback comments", ...
    model: type
    where: ColumnElement
    erase: dict | None = None  # these columns are emptied (the row stays); None: the row is deleted


def rules(now: dt.datetime) -> list[Rule]:
    config = current_app.config
    comments_before = _months_before(now.date(), config["COMMENT_RETENTION_MONTHS"])
    # A meeting's window is closed when ends_at + window < now, i.e. ends_at < now - window.
    closed = select(Meeting.id).where(Meeting.ends_at < now - window.window_length()).scalar_subquery()
    receipts_before = now.date() - dt.timedelta(days=config["RECEIPT_RETENTION_DAYS"])
    questions_before = now.date() - dt.timedelta(days=config.get("QUESTION_RETENTION_DAYS", 60))
    return [
        Rule(
            f"feedback comments and wishes from before {comments_before.isoformat()}",
            Feedback,
            (Feedback.received_on < comments_before) & or_(Feedback.comment.is_not(None), Feedback.wish.is_not(None)),
            erase={"comment": None, "wish": None},
        ),
        Rule(
            "check-in pseudonyms of meetings whose feedback window closed",
            CheckIn,
            CheckIn.meeting_id.in_(closed) & CheckIn.pseudonym.is_not(None),
            erase={"pseudonym": None},
        ),
        Rule("feedback receipts of meetings whose feedback window closed", FeedbackReceipt,
             FeedbackReceipt.meeting_id.in_(closed)),
        Rule("open response slots of meetings whose feedback window closed", ResponseSlot,
             ResponseSlot.meeting_id.in_(closed)),
        Rule(f"sync receipts from before {receipts_before.isoformat()}", SyncReceipt,
             SyncReceipt.received_on < receipts_before),
        # A full bucket is the same as none (webapp/buckets.py); sign-in ones hold keyed hashes of addresses.
        Rule("rate-limit buckets that are full again", RateBucket, RateBucket.full_at < now.timestamp()),
        Rule(f"questions to the nurse and their answers from before {questions_before.isoformat()}", Question,
             Question.received_on < questions_before),
        Rule("push subscriptions that expired", PushSubscription, PushSubscription.expires_on < now.date()),
    ]


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def count(session: Session, now: dt.datetime) -> dict[str, int]:
    """What ``purge`` would delete now, by rule."""
    return {
        rule.what: session.scalar(select(func.count()).select_from(rule.model).where(rule.where))
        for rule in rules(now)
    }


def purge(session: Session, now: dt.datetime) -> dict[str, int]:
    """Apply the rules; the caller commits. Returns what was deleted, by rule."""
    done = {}
    for rule in rules(now):
        if rule.erase is None:
            statement = delete(rule.model).where(rule.where)
        else:
            statement = update(rule.model).where(rule.where).values(**rule.erase)
        done[rule.what] = session.execute(statement.execution_options(synchronize_session=False)).rowcount
    return done
