"""The hosts' meeting list: what is on now first, then what is coming
(soonest first), then what is over (most recent first), with a frozen clock."""
from __future__ import annotations

import datetime as dt
import re

import time_machine
from sqlalchemy import select

from models import Centre, Meeting, MeetingTranslation
from webapp.meetings.listing import in_progress

NOW = dt.datetime(2031, 3, 12, 12, 0, tzinfo=dt.UTC)  # 13:00 in Oslo; every demo meeting is long over


def add_meeting(db_session, title: str, starts_in: dt.timedelta, minutes: int = 60, *,
                opens_before: int = 15, closes_after: int = 30, cancelled: bool = False) -> Meeting:
    centre = db_session.scalar(select(Centre).where(Centre.slug == "demo"))
    starts_at = NOW + starts_in
    meeting = Meeting(
        centre=centre, starts_at=starts_at, ends_at=starts_at + dt.timedelta(minutes=minutes), place="Rom 1",
        checkin_opens_before=opens_before, checkin_closes_after=closes_after, source_lang="en",
        cancelled=cancelled, translations=[MeetingTranslation(lang="en", title=title)],
    )
    db_session.add(meeting)
    db_session.flush()
    return meeting


def section(html: str, name: str) -> str:
    """The part of the page under the heading with id ``meetings-<name>``."""
    match = re.search(rf'<h2 id="meetings-{name}">(.*?)(?=<section|</main>)', html, re.S)
    assert match, f"no {name} section"
    return match.group(1)


def titles_in(part: str, titles: list[str]) -> list[str]:
    return sorted((t for t in titles if f">{t}</a>" in part), key=lambda t: part.index(f">{t}</a>"))


def test_now_then_upcoming_soonest_first_then_past_most_recent_first(staff_client, db_session):
    meetings = {
        "Last week": dt.timedelta(days=-7),
        "Yesterday": dt.timedelta(days=-1),
        "Over an hour ago": dt.timedelta(hours=-3),  # ended 2 h ago, check-in closed 1.5 h ago
        "Tomorrow": dt.timedelta(days=1),
        "In two hours": dt.timedelta(hours=2),
        "Next month": dt.timedelta(days=30),
        "Started half an hour ago": dt.timedelta(minutes=-30),
        "Starts in ten minutes": dt.timedelta(minutes=10),  # check-in opened 5 minutes ago
        "Ended ten minutes ago": dt.timedelta(minutes=-70),  # check-in still open for 20 minutes
    }
    for title, starts_in in meetings.items():
        add_meeting(db_session, title, starts_in)
    add_meeting(db_session, "Called off", dt.timedelta(minutes=-20), cancelled=True)
    with time_machine.travel(NOW, tick=False):  # signed in then too: a session does not outlive years
        html = staff_client("host").get("/staff/meetings").get_data(as_text=True)
    titles = [*meetings, "Called off"]

    assert html.index('id="meetings-now"') < html.index('id="meetings-upcoming"') < html.index('id="meetings-past"')
    assert titles_in(section(html, "now"), titles) == [
        "Ended ten minutes ago", "Started half an hour ago", "Starts in ten minutes",
    ]
    assert titles_in(section(html, "upcoming"), titles) == ["In two hours", "Tomorrow", "Next month"]
    assert titles_in(section(html, "past"), titles) == [
        "Called off", "Over an hour ago", "Yesterday", "Last week",  # a cancelled meeting is never on now
    ]


def test_an_empty_section_says_so(staff_client, db_session):
    add_meeting(db_session, "Coming up", dt.timedelta(days=2))
    with time_machine.travel(NOW, tick=False):  # signed in then too: a session does not outlive years
        html = staff_client("host").get("/staff/meetings").get_data(as_text=True)
    assert "No meeting is in progress." in section(html, "now")
    assert ">Coming up</a>" in section(html, "upcoming")


def test_in_progress_is_the_check_in_window_from_opening_to_closing(db_session):
    meeting = add_meeting(db_session, "Edges", dt.timedelta(hours=1), minutes=90, opens_before=15, closes_after=30)
    opens, closes = meeting.starts_at - dt.timedelta(minutes=15), meeting.ends_at + dt.timedelta(minutes=30)
    second = dt.timedelta(seconds=1)
    assert not in_progress(meeting, opens - second)
    assert in_progress(meeting, opens) and in_progress(meeting, meeting.starts_at)
    assert in_progress(meeting, meeting.ends_at) and in_progress(meeting, closes)
    assert not in_progress(meeting, closes + second)
    meeting.cancelled = True
    assert not in_progress(meeting, meeting.starts_at)
