"""What ``flask purge`` deletes, and when (docs/design.md, rule 2: keep nothing
longer than it serves the residents).

- The words of feedback (comment and topic wish) older than
  ``COMMENT_RETENTION_MONTHS``: ratings and answers stay, so counts stay.
- For meetings whose feedback window has closed: the check-in pseudonyms
  (the check-in rows stay, so the head count stays) and the feedback
  receipts (they only stopped a second feedback from the same phone).
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from models import CheckIn, Feedback, FeedbackReceipt, Meeting
from webapp.feedback import window


@dataclass(frozen=True)
class PurgePlan:
    comments_before: dt.date
    meetings_closed_before: dt.datetime


@dataclass(frozen=True)
class PurgeCounts:
    comments: int
    checkin_pseudonyms: int
    feedback_receipts: int


def plan(now: dt.datetime) -> PurgePlan:
    months = current_app.config["COMMENT_RETENTION_MONTHS"]
    return PurgePlan(
        comments_before=_months_before(now.date(), months),
        meetings_closed_before=now - window.window_length(),
    )


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _old_words(cutoff: PurgePlan):
    return (Feedback.received_on < cutoff.comments_before) & or_(
        Feedback.comment.is_not(None), Feedback.wish.is_not(None)
    )


def _closed_meetings(cutoff: PurgePlan):
    # Meeting.ends_at + window < now  <=>  ends_at < now - window
    return select(Meeting.id).where(Meeting.ends_at < cutoff.meetings_closed_before).scalar_subquery()


def _pseudonymous_checkins(cutoff: PurgePlan):
    return CheckIn.meeting_id.in_(_closed_meetings(cutoff)) & CheckIn.pseudonym.is_not(None)


def count(session: Session, cutoff: PurgePlan) -> PurgeCounts:
    return PurgeCounts(
        comments=session.scalar(select(func.count()).select_from(Feedback).where(_old_words(cutoff))),
        checkin_pseudonyms=session.scalar(
            select(func.count()).select_from(CheckIn).where(_pseudonymous_checkins(cutoff))
        ),
        feedback_receipts=session.scalar(
            select(func.count()).select_from(FeedbackReceipt)
            .where(FeedbackReceipt.meeting_id.in_(_closed_meetings(cutoff)))
        ),
    )


def purge(session: Session, cutoff: PurgePlan) -> PurgeCounts:
    """Apply the rules; the caller commits. Returns what was deleted."""
    counts = PurgeCounts(
        comments=session.execute(
            update(Feedback).where(_old_words(cutoff)).values(comment=None, wish=None)
            .execution_options(synchronize_session=False)
        ).rowcount,
        checkin_pseudonyms=session.execute(
            update(CheckIn).where(_pseudonymous_checkins(cutoff)).values(pseudonym=None)
            .execution_options(synchronize_session=False)
        ).rowcount,
        feedback_receipts=session.execute(
            delete(FeedbackReceipt).where(FeedbackReceipt.meeting_id.in_(_closed_meetings(cutoff)))
            .execution_options(synchronize_session=False)
        ).rowcount,
    )
    return counts
