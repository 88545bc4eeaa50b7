"""Opening hours in the centre's time zone, with the clock frozen: across
midnight, weekends, holidays entered as exceptions, by appointment, and the
nights Europe/Oslo changes to and from summer time."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from webapp.places.hours import HoursError, format_hours, parse_hours, state_at, state_now

OSLO = ZoneInfo("Europe/Oslo")
OFFICE = parse_hours("Mon-Fri 08:00-15:30\n2026-12-24 08:00-12:00\n2026-12-25 closed\n2026-12-26 stengt")
NIGHT = parse_hours("Fri-Sat 22:00-03:00")
EVERY_HOUR = parse_hours("Mon-Sun 00:00-24:00")


def oslo(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=OSLO)


def test_typed_hours_become_the_structure_and_back():
    hours = parse_hours("man-fre 8.00–15.30\nlør 10:00-14:00, 16:00-18:00\n2026-12-24 08:00-12:00\netter avtale")
    assert hours["w"][0] == [["08:00", "15:30"]] and hours["w"][4] == [["08:00", "15:30"]]
    assert hours["w"][5] == [["10:00", "14:00"], ["16:00", "18:00"]] and hours["w"][6] == []
    assert hours["x"] == {"2026-12-24": [["08:00", "12:00"]]} and hours["a"] is True
    assert parse_hours(format_hours(hours, "nb")) == hours
    assert format_hours(hours, "en").splitlines()[0] == "Mon-Fri 08:00-15:30"
    assert parse_hours("Sat-Mon 10:00-12:00")["w"] == [[["10:00", "12:00"]], [], [], [], [], [["10:00", "12:00"]],
                                                       [["10:00", "12:00"]]]


@pytest.mark.parametrize("typed", ["Mon 25:00-26:00", "Funday 08:00-10:00", "Mon 08:00", "Mon 08:00-08:00",
                                   "2026-02-30 closed", "Mon 24:00-02:00"])
def test_hours_that_cannot_be_read_say_which_line(app, typed):
    with app.test_request_context(), pytest.raises(HoursError, match="Line 2"):
        parse_hours("Tue 08:00-10:00\n" + typed)


@pytest.mark.parametrize(("moment", "expected"), [
    (oslo(2026, 12, 7, 7, 0), {"k": "opens", "t": "08:00", "d": 0, "w": 0}),  # Monday, before opening
    (oslo(2026, 12, 7, 9, 0), {"k": "until", "t": "15:30", "d": 0, "w": 0}),
    (oslo(2026, 12, 7, 15, 10), {"k": "closing", "m": 20}),
    (oslo(2026, 12, 7, 15, 29, 30), {"k": "closing", "m": 1}),
    (oslo(2026, 12, 7, 15, 30), {"k": "opens", "t": "08:00", "d": 1, "w": 1}),  # closed: opens tomorrow
    (oslo(2026, 12, 11, 16, 0), {"k": "opens", "t": "08:00", "d": 3, "w": 0}),  # Friday evening: Monday
    (oslo(2026, 12, 12, 12, 0), {"k": "opens", "t": "08:00", "d": 2, "w": 0}),  # Saturday
    # Christmas Eve (a Thursday) closes at noon; the 25th and 26th are closed, the 27th is a Sunday.
    (oslo(2026, 12, 24, 11, 0), {"k": "closing", "m": 60}),
    (oslo(2026, 12, 24, 13, 0), {"k": "opens", "t": "08:00", "d": 4, "w": 0}),
])
def test_an_office_with_weekends_and_holidays(moment, expected):
    assert state_at(OFFICE, "Europe/Oslo", moment) == expected


@pytest.mark.parametrize(("moment", "expected"), [
    (oslo(2026, 12, 11, 23, 0), {"k": "until", "t": "03:00", "d": 1, "w": 5}),  # Friday night, open past midnight
    (oslo(2026, 12, 12, 2, 30), {"k": "closing", "m": 30}),  # Saturday 02:30: Friday's night still runs
    (oslo(2026, 12, 13, 2, 0), {"k": "closing", "m": 60}),  # Sunday 02:00: Saturday's night
    (oslo(2026, 12, 13, 4, 0), {"k": "opens", "t": "22:00", "d": 5, "w": 4}),  # Sunday: next Friday
])
def test_hours_across_midnight_belong_to_the_day_they_open(moment, expected):
    assert state_at(NIGHT, "Europe/Oslo", moment) == expected


def test_a_holiday_after_a_night_does_not_cut_the_night_short():
    hours = parse_hours("Fri 22:00-03:00\n2026-12-26 closed")  # the 25th is a Friday, the 26th a holiday
    assert state_at(hours, "Europe/Oslo", oslo(2026, 12, 26, 1, 0)) == {"k": "until", "t": "03:00", "d": 0, "w": 5}


def test_open_day_and_night_never_closes_and_no_hours_says_nothing():
    assert state_at(EVERY_HOUR, "Europe/Oslo", oslo(2026, 3, 29, 2, 30)) == {"k": "always"}
    assert state_at(parse_hours("by appointment"), "Europe/Oslo", oslo(2026, 3, 29, 12)) == {"k": "unknown"}
    assert state_at({}, "Europe/Oslo", oslo(2026, 3, 29, 12)) == {"k": "unknown"}
    assert state_at(parse_hours("2026-01-01 10:00-11:00"), "Europe/Oslo", oslo(2026, 3, 2, 9)) == {"k": "closed"}


def test_the_night_clocks_go_forward():
    """Sunday 29 March 2026, 02:00 becomes 03:00: a night from Saturday 22:00
    to 06:00 is seven hours long, not eight."""
    hours = parse_hours("Sat 22:00-06:00")
    assert state_at(hours, "Europe/Oslo", oslo(2026, 3, 29, 1, 59)) == {"k": "until", "t": "06:00", "d": 0, "w": 6}
    just_after = dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)  # 03:00 summer time
    assert state_at(hours, "Europe/Oslo", just_after + dt.timedelta(hours=2, minutes=10)) == {"k": "closing", "m": 50}
    # 02:30 does not exist that night; read as Python does, a pair opening then opens at 03:30.
    gap = parse_hours("Sun 02:30-05:00")
    assert state_at(gap, "Europe/Oslo", dt.datetime(2026, 3, 29, 1, 20, tzinfo=dt.UTC)) == {"k": "opens", "t": "02:30",
                                                                                            "d": 0, "w": 6}
    assert state_at(gap, "Europe/Oslo", dt.datetime(2026, 3, 29, 1, 31, tzinfo=dt.UTC))["k"] == "until"


def test_the_night_clocks_go_back():
    """Sunday 25 October 2026, 03:00 becomes 02:00 again: a night from
    Saturday 22:00 to 06:00 is nine hours long, and "closes in" counts real minutes."""
    hours = parse_hours("Sat 22:00-06:00")
    first_0230 = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 02:30 summer time
    assert state_at(hours, "Europe/Oslo", first_0230) == {"k": "until", "t": "06:00", "d": 0, "w": 6}
    assert state_at(hours, "Europe/Oslo", dt.datetime(2026, 10, 25, 4, 15, tzinfo=dt.UTC)) == {"k": "closing", "m": 45}
    office = parse_hours("Mon-Fri 08:00-16:00")
    assert state_at(office, "Europe/Oslo", oslo(2026, 10, 26, 15, 30)) == {"k": "closing", "m": 30}


def test_the_centres_time_zone_decides_what_today_is():
    """23:30 in Oslo is already tomorrow in Helsinki."""
    moment = oslo(2026, 12, 7, 23, 30)  # Monday in Oslo, Tuesday 00:30 in Helsinki
    assert state_at(OFFICE, "Europe/Oslo", moment) == {"k": "opens", "t": "08:00", "d": 1, "w": 1}
    assert state_at(OFFICE, "Europe/Helsinki", moment) == {"k": "opens", "t": "08:00", "d": 0, "w": 1}


def test_now_is_the_clocks_now():
    with time_machine.travel(oslo(2026, 12, 7, 15, 10), tick=False):
        assert state_now(OFFICE, "Europe/Oslo") == {"k": "closing", "m": 20}
    with time_machine.travel(oslo(2026, 12, 7, 15, 31), tick=False):
        assert state_now(OFFICE, "Europe/Oslo") == {"k": "opens", "t": "08:00", "d": 1, "w": 1}
