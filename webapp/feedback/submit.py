"""Giving feedback: the schema that checks what a resident sends
(``FeedbackBody``) and the one function that stores it (``submit``), used
alike by the outbox's "feedback" item and by the form without JavaScript.

Results: accepted; and the rejections the phone keeps and shows:
unknown_target (no such meeting, page or centre), not_open (a meeting whose
feedback window has not opened or has closed) and already_given (this
attendee has given feedback on this meeting before). A rejection writes
nothing.

The attendee pseudonym goes into ``feedback_receipts`` only; the feedback row
gets a fresh random id and nothing that could join it to the receipt, to a
check-in or to the item's UUID.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Centre, Feedback, FeedbackReceipt, Meeting, limits
from models.feedback import INTERPRETER_ANSWERS, NEXT_TIME_ANSWERS, TARGETS
from webapp.content import reading
from webapp.meetings import window

ACCEPTED = "accepted"
MEETING_ONLY = ("interpreter", "next_time", "attendee")
ANSWERS = ("rating", "interpreter", "next_time", "wish", "comment")


def _text(max_length: int) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), allow_none=True)


def _enabled_language(code: str) -> None:
    if code not in current_app.config["ENABLED_LANGUAGES"]:
        raise ValidationError("Not an enabled language.")


class FeedbackBody(Schema):
    class Meta:
        unknown = RAISE

    target = fields.String(required=True, validate=validate.OneOf(TARGETS))
    centre = fields.String(required=True, validate=validate.Length(min=1, max=80))
    meeting = fields.Integer(strict=True, validate=validate.Range(min=1, max=2**31 - 1))
    page = fields.String(validate=validate.Length(min=1, max=120))
    rating = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=5))
    interpreter = fields.String(allow_none=True, validate=validate.OneOf(INTERPRETER_ANSWERS))
    next_time = fields.String(allow_none=True, validate=validate.OneOf(NEXT_TIME_ANSWERS))
    wish = _text(limits.FEEDBACK_WISH)
    comment = _text(limits.FEEDBACK_COMMENT)
    lang = fields.String(required=True, validate=_enabled_language)
    # HMAC-SHA256(phone secret, "feedback:<meeting id>"), hex: one feedback per attendee.
    attendee = fields.String(validate=validate.Regexp(r"^[0-9a-f]{64}$"))

    @validates_schema
    def fits_its_target(self, data: dict, **_kwargs) -> None:
        target = data.get("target")
        if target == "meeting" and not ("meeting" in data and "attendee" in data):
            raise ValidationError("Feedback on a meeting needs the meeting and the attendee pseudonym.")
        if target == "page" and "page" not in data:
            raise ValidationError("Feedback on a page needs the page.")
        if target != "meeting" and any(data.get(name) is not None for name in (*MEETING_ONLY, "meeting")):
            raise ValidationError("Only feedback on a meeting has meeting questions.")
        if target != "page" and "page" in data:
            raise ValidationError("Only feedback on a page names a page.")
        if not any(_given(data.get(name)) for name in ANSWERS):
            raise ValidationError("Feedback needs at least one answer.")


def _given(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _clean(text: str | None) -> str | None:
    return text.strip() if _given(text) else None


def submit(session: Session, body: dict, received_at: dt.datetime) -> str:
    """Store one feedback that ``FeedbackBody`` loaded; returns a result code.
    The caller owns the transaction (and commits)."""
    centre = session.scalar(select(Centre).where(Centre.slug == body["centre"]))
    if centre is None:
        return "unknown_target"
    row = Feedback(
        centre_id=centre.id, target=body["target"], rating=body.get("rating"),
        wish=_clean(body.get("wish")), comment=_clean(body.get("comment")),
        lang=body["lang"], received_on=received_at.date(),
    )
    if body["target"] == "page":
        page = reading.find_page(session, body["page"], centre)
        if page is None:
            return "unknown_target"
        row.page_id = page.id
    elif body["target"] == "meeting":
        result = _claim_meeting(session, body, centre, received_at)
        if result != ACCEPTED:
            return result
        row.meeting_id = body["meeting"]
        row.interpreter = body.get("interpreter")
        row.next_time = body.get("next_time")
    session.add(row)
    session.flush()
    return ACCEPTED


def _claim_meeting(session: Session, body: dict, centre: Centre, received_at: dt.datetime) -> str:
    meeting = session.get(Meeting, body["meeting"])
    if meeting is None or meeting.centre_id != centre.id or meeting.cancelled:
        return "unknown_target"
    if not window.is_open(meeting, received_at):
        return "not_open"
    try:
        with session.begin_nested():  # the primary key decides between two phones' syncs at once
            session.add(FeedbackReceipt(meeting_id=meeting.id, attendee=body["attendee"]))
    except IntegrityError:
        return "already_given"
    return ACCEPTED
