"""Giving feedback: the schema that checks what a resident sends
(``FeedbackBody``) and the one function that stores it (``submit``), used
alike by the outbox's "feedback" item and by the form without JavaScript.

Results: accepted; and the rejections the phone keeps and shows:
unknown_target (no such meeting, page or centre), not_open (a meeting whose
feedback window has not opened or has closed), already_given (this
attendee has given feedback on this meeting before) and no_checkin (no proof
of presence: the check-in code is not one the meeting's display showed, or
the meeting has as many responses as check-ins). A rejection writes nothing.

Proof of presence: feedback on a meeting carries the check-in code the phone
scanned there, and a meeting takes at most as many responses as it counted
check-ins. Someone who was not in the room cannot pad a meeting's feedback
to open a small group (docs/privacy.md says what remains).

The attendee pseudonym goes into ``feedback_receipts`` only; the feedback row
gets a fresh random id and nothing that could join it to the receipt, to a
check-in or to the item's UUID.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Centre, CheckIn, Feedback, FeedbackReceipt, Meeting, limits
from models.feedback import INTERPRETER_ANSWERS, NEXT_TIME_ANSWERS, TARGETS
from webapp import textinput
from webapp.api.schemas import HEX_64, Text
from webapp.checkin import codes
from webapp.checkin.counting import checkin_keys
from webapp.content import reading
from webapp.meetings import window

ACCEPTED = "accepted"
MEETING_ONLY = ("interpreter", "next_time", "attendee", "code")
ANSWERS = ("rating", "interpreter", "next_time", "wish", "comment")


def _text(max_length: int) -> Text:
    return Text(max_length=max_length, allow_none=True)


def _enabled_language(code: str) -> None:
    if code not in current_app.config["ENABLED_LANGUAGES"]:
        raise ValidationError("Not an enabled language.")


class FeedbackBody(Schema):
    class Meta:
        unknown = RAISE

    target = fields.String(required=True, validate=validate.OneOf(TARGETS))
    centre = Text(required=True, min_length=1, max_length=80)
    meeting = fields.Integer(strict=True, validate=validate.Range(min=1, max=limits.MAX_ID))
    page = Text(min_length=1, max_length=limits.SLUG)
    rating = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=1, max=5))
    interpreter = fields.String(allow_none=True, validate=validate.OneOf(INTERPRETER_ANSWERS))
    next_time = fields.String(allow_none=True, validate=validate.OneOf(NEXT_TIME_ANSWERS))
    wish = _text(limits.FEEDBACK_WISH)
    comment = _text(limits.FEEDBACK_COMMENT)
    lang = fields.String(required=True, validate=_enabled_language)
    # HMAC-SHA256(phone secret, "feedback:<meeting id>"), hex: one feedback per attendee.
    attendee = fields.String(validate=validate.Regexp(HEX_64))
    # The check-in code this phone scanned at the meeting: its proof of presence.
    code = Text(min_length=5, max_length=60)

    @validates_schema
    def fits_its_target(self, data: dict, **_kwargs) -> None:
        target = data.get("target")
        if target == "meeting" and not ("meeting" in data and "attendee" in data and "code" in data):
            raise ValidationError("Feedback on a meeting needs the meeting, the attendee pseudonym and the code.")
        if target == "page" and "page" not in data:
            raise ValidationError("Feedback on a page needs the page.")
        if target != "meeting" and any(data.get(name) is not None for name in (*MEETING_ONLY, "meeting")):
            raise ValidationError("Only feedback on a meeting has meeting questions.")
        if target != "page" and "page" in data:
            raise ValidationError("Only feedback on a page names a page.")
        if not any(_given(data.get(name)) for name in ANSWERS):
            raise ValidationError("Feedback needs at least one answer.")


def _given(value) -> bool:
    """An answer: a number, or text with something visible (zero-width
    characters alone are no answer)."""
    return value is not None and (not isinstance(value, str) or not textinput.is_blank(value))


def _clean(text: str | None) -> str | None:
    return text.strip() if _given(text) else None


def _looked_up(session: Session, key: tuple, load):
    """A centre or page by its slug, looked up once per session: a phone's
    batch names the same few again and again (each lookup is a round trip)."""
    found = session.info.setdefault("feedback_lookups", {})
    if key not in found:
        found[key] = load()
    return found[key]


def submit(session: Session, body: dict, received_at: dt.datetime) -> str:
    """Store one feedback that ``FeedbackBody`` loaded; returns a result code.
    The caller owns the transaction (and commits)."""
    centre = _looked_up(session, ("centre", body["centre"]),
                        lambda: session.scalar(select(Centre).where(Centre.slug == body["centre"])))
    if centre is None:
        return "unknown_target"
    row = Feedback(
        centre_id=centre.id, target=body["target"], rating=body.get("rating"),
        wish=_clean(body.get("wish")), comment=_clean(body.get("comment")),
        lang=body["lang"], received_on=received_at.date(),
    )
    if body["target"] == "page":
        page = _looked_up(session, ("page", body["page"], centre.id),
                          lambda: reading.find_page(session, body["page"], centre))
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
    # Locked (on PostgreSQL) so that two responses at once cannot both take the last place.
    # FOR NO KEY UPDATE: a check-in inserted in the same batch holds a key-share
    # lock on the meeting (its foreign key), which FOR UPDATE would wait on, and
    # two such batches would deadlock.
    meeting = session.get(Meeting, body["meeting"], with_for_update={"key_share": True})
    if meeting is None or meeting.centre_id != centre.id or meeting.cancelled:
        return "unknown_target"
    if not window.is_open(meeting, received_at):
        return "not_open"
    if not (was_there(meeting, body["code"]) and has_room(session, meeting)):
        return "no_checkin"
    try:
        with session.begin_nested():  # the primary key decides between two phones' syncs at once
            session.add(FeedbackReceipt(meeting_id=meeting.id, attendee=body["attendee"]))
    except IntegrityError:
        return "already_given"
    return ACCEPTED


def was_there(meeting: Meeting, code_text: str) -> bool:
    """The code was signed for this meeting and a window of its check-in."""
    try:
        code = codes.parse(code_text)
    except codes.CodeError:
        return False
    return (
        code.meeting_id == meeting.id
        and codes.verify(checkin_keys(), code)
        and codes.is_within(code.window, meeting.checkin_opens, meeting.checkin_closes)
    )


def has_room(session: Session, meeting: Meeting) -> bool:
    """Fewer responses than check-ins so far: each response stands for a phone that was counted."""
    checkins = session.scalar(select(func.count()).select_from(CheckIn).where(CheckIn.meeting_id == meeting.id))
    responses = session.scalar(select(func.count()).select_from(Feedback).where(Feedback.meeting_id == meeting.id))
    return responses < checkins
