"""Opening hours: kept as a small structure, typed by staff as lines of text,
and worked out in the centre's time zone: "open now, closes in 20 min",
"closed now, opens tomorrow at 08:00".

The phone works the same out offline (static/js/places.js) from the same
structure, which the place's page carries; tests/places/test_hours_parity_browser.py
checks that both give the same answer at many moments, across midnight and
the daylight-saving changes.

The structure (stored as it is, and sent to the phone as it is, hence the
short keys)::

    {"w": [[["08:00", "15:30"]], [], ...],          # 7 days, Monday first
     "x": {"2026-12-24": [["08:00", "12:00"]],      # exceptions (holidays):
           "2026-12-25": []},                       #   that date's hours instead
     "a": true}                                     # by appointment only

A pair whose closing time is not after its opening time runs past midnight
("22:00"–"02:00"); "24:00" closes at midnight. A pair belongs to the day it
opens on, also when the next day is an exception. A wall time that does not
exist (02:30 on the night clocks go forward) or exists twice (the night they
go back) is read as Python reads it (``fold=0``: the offset before the change).
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _

from webapp import clock

HORIZON_DAYS = 7  # "opens Monday at 08:00" looks this far ahead
SOON_MINUTES = 60  # within this, "closes in 20 min" instead of "until 15:30"
EMPTY: dict = {"w": [[] for _day in range(7)], "x": {}, "a": False}

# Day names staff may type, in English and Norwegian (the first three letters count).
DAY_NAMES = {"en": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
             "nb": ("man", "tir", "ons", "tor", "fre", "lør", "søn")}
_DAY_KEYS = {name: n for names in DAY_NAMES.values() for n, name in enumerate(names)}
CLOSED_WORDS = {"closed", "stengt"}
APPOINTMENT_WORDS = {"by appointment", "appointment", "etter avtale", "timebestilling"}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class HoursError(ValueError):
    """Hours typed in a way that cannot be read; the message says which line."""


# --- typed text <-> structure ------------------------------------------------


def parse_hours(text: str) -> dict:
    """Lines such as ``Mon-Fri 08:00-15:30``, ``Sat 10:00-14:00, 16:00-18:00``,
    ``Fri 22:00-02:00``, ``2026-12-24 08:00-12:00``, ``2026-12-25 closed``
    and ``by appointment`` (Norwegian day names and ``stengt``,
    ``etter avtale`` too) into the structure above."""
    hours = {"w": [[] for _day in range(7)], "x": {}, "a": False}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.replace("–", "-").replace("—", "-").split())
        if not line or line.startswith("#"):
            continue
        if line.lower() in APPOINTMENT_WORDS:
            hours["a"] = True
            continue
        when, _space, rest = line.partition(" ")
        pairs = _parse_pairs(rest, number)
        if _DATE.match(when):
            try:
                dt.date.fromisoformat(when)
            except ValueError:
                raise HoursError(_("Line %(number)s: %(date)s is not a date.", number=number, date=when)) from None
            hours["x"].setdefault(when, []).extend(pairs)
        else:
            for day in _parse_days(when, number):
                hours["w"][day].extend(pairs)
    return hours


def _parse_days(spec: str, number: int) -> list[int]:
    days: list[int] = []
    for part in spec.split(","):
        first, _dash, last = part.partition("-")
        try:
            start = _DAY_KEYS[first.strip().lower()[:3]]
            end = _DAY_KEYS[last.strip().lower()[:3]] if last else start
        except KeyError:
            raise HoursError(_(
                "Line %(number)s: begin with a day (Mon-Fri, man-fre) or a date (2026-12-24).", number=number
            )) from None
        days.extend(range(start, end + 1) if end >= start else [*range(start, 7), *range(0, end + 1)])
    return days


def _parse_pairs(text: str, number: int) -> list[list[str]]:
    if text.strip().lower() in CLOSED_WORDS:
        return []
    pairs = []
    for part in text.split(","):
        opens, _dash, closes = part.strip().partition("-")
        pair = [_parse_time(opens, number, closing=False), _parse_time(closes, number, closing=True)]
        if pair[0] == pair[1]:
            raise HoursError(_("Line %(number)s: opening and closing time are the same.", number=number))
        pairs.append(pair)
    if not pairs:
        raise HoursError(_("Line %(number)s: write the hours (08:00-15:30) or closed.", number=number))
    return pairs


def _parse_time(text: str, number: int, *, closing: bool) -> str:
    match = _TIME.match(text.strip())
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59) and not (closing and (hour, minute) == (24, 0)):
        raise HoursError(_("Line %(number)s: write times as 08:00-15:30 (or closed).", number=number))
    return f"{hour:02d}:{minute:02d}"


def format_hours(hours: dict, lang: str = "en") -> str:
    """The structure as the lines ``parse_hours`` reads (for the staff form)."""
    hours = normalized(hours)
    names = DAY_NAMES.get(lang, DAY_NAMES["en"])
    lines, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and hours["w"][last + 1] == hours["w"][day]:
            last += 1
        if hours["w"][day]:
            spec = names[day].capitalize() + (f"-{names[last].capitalize()}" if last > day else "")
            lines.append(f"{spec} {_pairs_text(hours['w'][day])}")
        day = last + 1
    closed = "stengt" if lang == "nb" else "closed"
    for date, pairs in sorted(hours["x"].items()):
        lines.append(f"{date} {_pairs_text(pairs) if pairs else closed}")
    if hours["a"]:
        lines.append("etter avtale" if lang == "nb" else "by appointment")
    return "\n".join(lines)


def _pairs_text(pairs) -> str:
    return ", ".join(f"{opens}-{closes}" for opens, closes in pairs)


def normalized(hours: dict | None) -> dict:
    """Every key present (a row saved before a key existed, or ``{}``)."""
    hours = hours or {}
    week = list(hours.get("w") or [])
    return {"w": [list(day) for day in week] + [[] for _day in range(7 - len(week))],
            "x": dict(hours.get("x") or {}), "a": bool(hours.get("a"))}


def has_hours(hours: dict | None) -> bool:
    hours = normalized(hours)
    return any(hours["w"]) or bool(hours["x"])


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def valid_timezone(name: str) -> bool:
    """A name of the IANA time zone database ("Europe/Oslo")."""
    return name in _time_zones()


# --- working out "open now" -------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One stretch of open time, as moments (UTC) and as the sign says it."""

    start: dt.datetime
    end: dt.datetime
    opens: str  # "08:00"
    closes: str  # "15:30"


def wall_time(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    """The moment (UTC) a clock on the wall in ``zone`` shows ``hhmm`` on ``day``."""
    hour, minute = int(hhmm[:2]), int(hhmm[3:])
    if hour == 24:
        day, hour = day + dt.timedelta(days=1), 0
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone).astimezone(dt.UTC)


def pairs_on(hours: dict, day: dt.date) -> list:
    """The hours of ``day``: its exception if it has one, else its weekday's."""
    exceptions = hours["x"]
    return exceptions[day.isoformat()] if day.isoformat() in exceptions else hours["w"][day.weekday()]


def spans(hours: dict, zone: ZoneInfo, first: dt.date, last: dt.date) -> list[Span]:
    """The open stretches that start from the day before ``first`` to
    ``last``, in order, those that touch or overlap made one."""
    found = []
    for offset in range(-1, (last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        for opens, closes in pairs_on(hours, day):
            close_day = day if closes > opens else day + dt.timedelta(days=1)
            found.append(Span(wall_time(day, opens, zone), wall_time(close_day, closes, zone), opens, closes))
    found.sort(key=lambda span: (span.start, span.end))
    merged: list[Span] = []
    for span in found:
        if merged and span.start <= merged[-1].end:
            if span.end > merged[-1].end:
                merged[-1] = Span(merged[-1].start, span.end, merged[-1].opens, span.closes)
        else:
            merged.append(span)
    return merged


def state_at(hours: dict | None, timezone: str, at: dt.datetime) -> dict:
    """What a resident is told at moment ``at`` (the phone says the same):

    ``{"k": "until", "t": "15:30", "d": 0, "w": 2}``  open, closes at t, d days from today (weekday w);
    ``{"k": "closing", "m": 20}``                  open, closes in m minutes (at most SOON_MINUTES);
    ``{"k": "always"}``                            open, and no closing within the horizon;
    ``{"k": "opens", "t": "08:00", "d": 1, "w": 3}``  closed, opens at t, d days from today;
    ``{"k": "closed"}``                            closed, and not opening within the horizon;
    ``{"k": "unknown"}``                           no hours are known (nothing is shown).
    """
    hours = normalized(hours)
    if not has_hours(hours):
        return {"k": "unknown"}
    zone = ZoneInfo(timezone)
    today = at.astimezone(zone).date()
    horizon = today + dt.timedelta(days=HORIZON_DAYS)
    beyond = wall_time(horizon + dt.timedelta(days=1), "00:00", zone)
    for span in spans(hours, zone, today, horizon):
        if span.start <= at < span.end:
            if span.end >= beyond:
                return {"k": "always"}
            minutes = math.ceil((span.end - at).total_seconds() / 60)
            if minutes <= SOON_MINUTES:
                return {"k": "closing", "m": minutes}
            return {"k": "until", "t": span.closes, **_day_of(span.end, zone, today)}
        if span.start > at:
            return {"k": "opens", "t": span.opens, **_day_of(span.start, zone, today)}
    return {"k": "closed"}


def _day_of(moment: dt.datetime, zone: ZoneInfo, today: dt.date) -> dict:
    local = moment.astimezone(zone).date()
    return {"d": (local - today).days, "w": local.weekday()}


def week_rows(hours: dict | None) -> list[tuple[int, list]]:
    """(weekday, pairs) for the table on a place's page, Monday first."""
    hours = normalized(hours)
    return list(enumerate(hours["w"]))


def coming_exceptions(hours: dict | None, today: dt.date, days: int = 60) -> list[tuple[dt.date, list]]:
    """Exceptions from today to ``days`` ahead, in order (holidays coming up)."""
    hours = normalized(hours)
    last = today + dt.timedelta(days=days)
    dates = sorted(dt.date.fromisoformat(key) for key in hours["x"])
    return [(date, hours["x"][date.isoformat()]) for date in dates if today <= date <= last]


def times_in(hours: dict | None) -> set[str]:
    """Every "HH:MM" the hours mention (the phone gets each one written in the reader's language)."""
    hours = normalized(hours)
    pairs = [pair for day in hours["w"] for pair in day] + [pair for day in hours["x"].values() for pair in day]
    return {time for pair in pairs for time in pair}


def state_now(hours: dict | None, timezone: str) -> dict:
    """``state_at`` this moment (what staff see in their list)."""
    return state_at(hours, timezone, clock.now())
