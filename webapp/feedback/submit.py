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
check-ins (each counted check-in opens a response slot that a response
fills: webapp/checkin/slots.py). Someone who was not in the room cannot pad
a meeting's feedback to open a small group (docs/privacy.md says what
remains).

The attendee pseudonym goes into ``feedback_receipts`` only; the feedback row
gets a fresh random id and nothing that could join it to the receipt, to a
check-in or to the item's UUID.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import delete, insert, tuple_
from sqlalchemy.orm import Session

from models import Centre, Feedback, FeedbackReceipt, Meeting, limits
from models.db import insert_on_conflict, load_once_by
from models.feedback import INTERPRETER_ANSWERS, NEXT_TIME_ANSWERS, TARGETS
from webapp import textinput
from webapp.api.schemas import HEX_64, Text
from webapp.checkin import codes
from webapp.checkin.counting import verified_code
from webapp.checkin.slots import fill_slots
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


def submit(session: Session, body: dict, received_at: dt.datetime) -> str:
    """Store one feedback that ``FeedbackBody`` loaded; returns a result code.
    The caller owns the transaction (and commits)."""
    return submit_many(session, [body], received_at)[0]


def submit_many(session: Session, bodies: list[dict], received_at: dt.datetime) -> list[str]:
    """A result code for each feedback, in order. The checks come first, with
    one query for the centres, the pages and the meetings named; then the
    accepted ones are stored in one statement. A refused one writes nothing."""
    targets = _Targets(session, bodies)
    results = [_refusal(body, targets, received_at) for body in bodies]
    on_meetings = [n for n, body in enumerate(bodies) if results[n] is None and body["target"] == "meeting"]
    for n, result in zip(on_meetings, _claimed(session, [bodies[n] for n in on_meetings]), strict=True):
        results[n] = result
    rows = [_row(body, targets, received_at) for body, result in zip(bodies, results, strict=True) if result is None]
    if rows:
        session.execute(insert(Feedback.__table__), rows)
    return [result or ACCEPTED for result in results]


class _Targets:
    """The centres, pages and meetings a batch of feedback names, looked up
    once for the batch (each query is a round trip to the database)."""

    def __init__(self, session: Session, bodies: list[dict]):
        self.centres = load_once_by(session, Centre, Centre.slug, {body["centre"] for body in bodies})
        self.pages: dict[tuple[str, str], int] = {}
        for slug, centre in self.centres.items():
            named = {body["page"] for body in bodies if body["centre"] == slug and body["target"] == "page"}
            for page, page_id in reading.visible_page_ids(session, named, centre).items():
                self.pages[slug, page] = page_id
        ids = {body["meeting"] for body in bodies if body["target"] == "meeting"}
        self.meetings = load_once_by(session, Meeting, Meeting.id, ids)


def _refusal(body: dict, targets: _Targets, received_at: dt.datetime) -> str | None:
    centre = targets.centres.get(body["centre"])
    if centre is None:
        return "unknown_target"
    if body["target"] == "page" and (body["centre"], body["page"]) not in targets.pages:
        return "unknown_target"
    if body["target"] == "meeting":
        meeting = targets.meetings.get(body["meeting"])
        if meeting is None or meeting.centre_id != centre.id or meeting.cancelled:
            return "unknown_target"
        if not window.is_open(meeting, received_at):
            return "not_open"
        if not was_there(meeting, body["code"]):
            return "no_checkin"
    return None


def _claimed(session: Session, bodies: list[dict]) -> list[str | None]:
    """For feedback on meetings that passed the checks: None (it may be
    stored: the attendee's receipt is written and a response slot filled),
    already_given, or no_checkin (the meeting has no free slot)."""
    if not bodies:
        return []
    keys = [(body["meeting"], body["attendee"]) for body in bodies]
    # In key order, as every sync inserts and locks rows (two batches never wait on each other crosswise).
    unique = sorted(set(keys))
    # The primary key decides between two syncs at once: the second waits for the first, then finds its receipt.
    statement = insert_on_conflict(session, FeedbackReceipt.__table__).on_conflict_do_nothing().returning(
        FeedbackReceipt.__table__.c.meeting_id, FeedbackReceipt.__table__.c.attendee
    )
    new = set(session.execute(statement, [{"meeting_id": m, "attendee": a} for m, a in unique]).all())
    results: list[str | None] = []
    for n, key in enumerate(keys):  # the same attendee twice in one batch: the first one counts
        results.append(None if key in new and key not in keys[:n] else "already_given")
    unplaced = []
    for meeting_id in sorted({key[0] for key in new}):
        claiming = [n for n, key in enumerate(keys) if key[0] == meeting_id and results[n] is None]
        for n in claiming[fill_slots(session, meeting_id, len(claiming)):]:
            results[n] = "no_checkin"
            unplaced.append(keys[n])
    if unplaced:  # no response from them after all: they may give it once the meeting has room
        receipts = FeedbackReceipt.__table__
        session.execute(delete(receipts).where(tuple_(receipts.c.meeting_id, receipts.c.attendee).in_(unplaced)))
    return results


def _row(body: dict, targets: _Targets, received_at: dt.datetime) -> dict:
    meeting = body["target"] == "meeting"
    return {
        "centre_id": targets.centres[body["centre"]].id, "target": body["target"],
        "page_id": targets.pages.get((body["centre"], body.get("page"))),
        "meeting_id": body["meeting"] if meeting else None,
        "rating": body.get("rating"), "wish": _clean(body.get("wish")), "comment": _clean(body.get("comment")),
        "interpreter": body.get("interpreter") if meeting else None,
        "next_time": body.get("next_time") if meeting else None,
        "lang": body["lang"], "received_on": received_at.date(),
    }


def was_there(meeting: Meeting, code_text: str) -> bool:
    """The code was signed for this meeting and a window of its check-in."""
    code = verified_code(code_text)
    return (
        code is not None and code.meeting_id == meeting.id
        and codes.is_within(code.window, meeting.checkin_opens, meeting.checkin_closes)
    )
