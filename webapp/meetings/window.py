"""When a meeting takes feedback: from the moment check-in opens until
``FEEDBACK_WINDOW_DAYS`` after it ends. After that, nobody can give feedback
on it any more, so the data that only served "one feedback per attendee"
(check-in pseudonyms, feedback receipts) can go (``flask purge``)."""
from __future__ import annotations

import datetime as dt

from flask import current_app

from models import Meeting


def window_length() -> dt.timedelta:
    return dt.timedelta(days=current_app.config["FEEDBACK_WINDOW_DAYS"])


def opens(meeting: Meeting) -> dt.datetime:
    return meeting.checkin_opens


def closes(meeting: Meeting) -> dt.datetime:
    return meeting.ends_at + window_length()


def is_open(meeting: Meeting, now: dt.datetime) -> bool:
    return opens(meeting) <= now <= closes(meeting)
