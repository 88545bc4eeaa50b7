"""The phone (static/js/places.js, in Chromium) and the server
(webapp/places/hours.py) say the same about opening hours at many moments:
every 23 minutes through the weeks Europe/Oslo changes to and from summer
time, for hours across midnight, exceptions, a pair opening in the hour that
does not exist, and a place open day and night."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from webapp.places.hours import parse_hours, state_at

pytestmark = pytest.mark.browser
PLACES_JS = Path(__file__).resolve().parents[2] / "webapp" / "static" / "js" / "places.js"
HOURS = [
    parse_hours("Mon-Fri 08:00-15:30\nSat 10:00-14:00\n2026-03-30 closed\n2026-10-26 09:00-12:00"),
    parse_hours("Fri-Sun 22:00-03:00\nWed 01:30-02:45"),
    parse_hours("Sun 02:30-05:00\nSat 23:00-02:30\nMon 00:00-24:00"),
    parse_hours("Mon-Sun 00:00-24:00\n2026-03-29 10:00-11:00"),
    parse_hours("Mon-Thu 07:45-11:00, 12:00-16:15\n2026-10-24 closed\nby appointment"),
]
WEEKS = [dt.datetime(2026, 3, 26, tzinfo=dt.UTC), dt.datetime(2026, 10, 22, tzinfo=dt.UTC)]


def moments() -> list[dt.datetime]:
    step = dt.timedelta(minutes=23, seconds=17)
    found = []
    for start in WEEKS:
        at = start
        while at < start + dt.timedelta(days=6):
            found.append(at)
            at += step
    return found


@pytest.mark.parametrize("zone", ["Europe/Oslo", "America/New_York"])
def test_phone_and_server_agree_at_every_moment(phone, zone):
    phone.set_content("<!doctype html><title>hours</title><body></body>")
    phone.add_script_tag(content=PLACES_JS.read_text(encoding="utf-8"))
    times = [m.timestamp() * 1000 for m in moments()]
    on_phone = phone.evaluate(
        "([all, zone, times]) => all.map((h) => times.map((t) => window.VeiviserHours.stateAt(h, zone, t)))",
        [HOURS, zone, times],
    )
    differences = [
        (n, moment.isoformat(), on_server, on_phone[n][i])
        for n, hours in enumerate(HOURS)
        for i, moment in enumerate(moments())
        if (on_server := state_at(hours, zone, moment)) != on_phone[n][i]
    ]
    assert len(times) > 700
    assert differences[:5] == []
    # Not a test that cannot fail: the answers differ from moment to moment.
    assert len({str(state) for row in on_phone for state in row}) > 50
