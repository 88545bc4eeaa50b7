"""The time, for every rule that depends on it. Centre time is Norwegian time:
meetings are entered in it, and a resident's "today" starts at its midnight.
(Tests freeze the clock with time-machine, which this module does not hide.)"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CENTRE_TIME = ZoneInfo("Europe/Oslo")


def now() -> dt.datetime:
    """This moment, in UTC."""
    return dt.datetime.now(dt.UTC)


def centre_today(at: dt.datetime | None = None) -> dt.date:
    return (at or now()).astimezone(CENTRE_TIME).date()


def start_of_today(at: dt.datetime | None = None) -> dt.datetime:
    """Midnight at the start of today, centre time."""
    local = (at or now()).astimezone(CENTRE_TIME)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)
