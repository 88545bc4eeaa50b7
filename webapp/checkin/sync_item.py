"""The "checkin" item of the phone's outbox: verified and counted here.

Results: accepted (counted now), duplicate (this phone was counted already
for this meeting — fine, the phone may forget the item), and the rejections
bad_code, unknown_meeting and outside_window, which the phone keeps and shows.
"""
from __future__ import annotations

import datetime as dt

from marshmallow import RAISE, Schema, fields, validate
from sqlalchemy.orm import Session

from models import Meeting
from models.db import load_once_by
from webapp.api.registry import ItemContext, register_item_type
from webapp.api.schemas import HEX_64, Text
from webapp.checkin import codes, counting
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


def apply_checkins(session: Session, bodies: list[dict], context: ItemContext) -> list[str]:
    """A result for each check-in, in order: the checks one by one, then the
    new ones counted together. A refused or duplicate check-in writes nothing."""
    scanned = [counting.verified_code(body["code"]) for body in bodies]
    wanted = {code.meeting_id for code in scanned if code is not None}
    meetings = load_once_by(session, Meeting, Meeting.id, wanted)
    results: list[str] = []
    rows: dict[tuple[int, str], dict] = {}
    for body, code in zip(bodies, scanned, strict=True):
        result = "bad_code" if code is None else _refusal(meetings.get(code.meeting_id), code, context)
        if result is None and (code.meeting_id, body["pseudonym"]) in rows:
            result = "duplicate"  # the same phone twice in one batch
        if result is None:
            rows[code.meeting_id, body["pseudonym"]] = {
                "meeting_id": code.meeting_id, "pseudonym": body["pseudonym"], "window": code.window,
                "arrived_live": context.received_at - codes.window_start(code.window) <= LIVE_MARGIN,
                "received_on": context.received_at.date(),
            }
        results.append(result)
    counted = counting.count_check_ins(session, list(rows.values()))
    pending = iter(rows)
    return [result or ("accepted" if next(pending) in counted else "duplicate") for result in results]


def _refusal(meeting: Meeting | None, code: codes.Code, context: ItemContext) -> str | None:
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
    return None


def register() -> None:
    register_item_type("checkin", CheckInBody, apply_many=apply_checkins, ok_results=("accepted", "duplicate"))
