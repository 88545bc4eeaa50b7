"""The "checkin" item of the phone's outbox: verified and counted here.

Results: accepted (counted now), duplicate (this phone was counted already
for this meeting — fine, the phone may forget the item), and the rejections
bad_code, unknown_meeting and outside_window, which the phone keeps and shows.
"""
from __future__ import annotations

import datetime as dt

from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import CheckIn, Meeting
from webapp.api.registry import ItemContext, register_item_type
from webapp.api.schemas import HEX_64, Text
from webapp.checkin import codes
from webapp.checkin.counting import checkin_keys
from webapp.meetings import window

# A check-in that reaches us within this time of the code's window came from
# a phone that was online in the room: "arrived live". Later ones were stored
# on a phone without network and sent when it got one.
LIVE_MARGIN = dt.timedelta(minutes=3)
# A code for a window that has not begun yet can only come from the display's
# list of codes, not from a screen: refused (with room for a clock that is off).
FUTURE_MARGIN = dt.timedelta(minutes=2)


class CheckInBody(Schema):
    class Meta:
        unknown = RAISE

    code = Text(required=True, min_length=5, max_length=60)
    # HMAC-SHA256(phone secret, meeting id), hex: one phone, one meeting, unlinkable to others.
    pseudonym = fields.String(required=True, validate=validate.Regexp(HEX_64))


def apply_checkin(session: Session, body: dict, context: ItemContext) -> str:
    try:
        code = codes.parse(body["code"])
    except codes.CodeError:
        return "bad_code"
    if not codes.verify(checkin_keys(), code):
        return "bad_code"
    meeting = session.get(Meeting, code.meeting_id)
    if meeting is None or meeting.cancelled:
        return "unknown_meeting"
    if not codes.is_within(code.window, meeting.checkin_opens, meeting.checkin_closes):
        return "outside_window"
    if codes.window_start(code.window) > context.received_at + FUTURE_MARGIN:
        return "outside_window"
    if context.received_at > window.closes(meeting):
        # From a phone offline for longer than the meeting's feedback window:
        # its pseudonym may be purged by now, so it could be counted twice.
        return "outside_window"
    already = select(CheckIn.id).where(CheckIn.meeting_id == meeting.id, CheckIn.pseudonym == body["pseudonym"])
    if session.scalar(already) is not None:
        return "duplicate"
    live = context.received_at - codes.window_start(code.window) <= LIVE_MARGIN
    try:
        with session.begin_nested():  # two syncs of one phone at once: the constraint decides
            session.add(CheckIn(
                meeting_id=meeting.id, pseudonym=body["pseudonym"], window=code.window,
                arrived_live=live, received_on=context.received_at.date(),
            ))
    except IntegrityError:
        return "duplicate"
    return "accepted"


def register() -> None:
    register_item_type("checkin", CheckInBody, apply_checkin, ok_results=("accepted", "duplicate"))
