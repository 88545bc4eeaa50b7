"""A meeting as an iCalendar file (RFC 5545), so a phone can put it in its
calendar. Written with the icalendar library: it escapes and folds every
text (a title with a line break or a semicolon stays one field)."""
from __future__ import annotations

from icalendar import Calendar, Event

from models import Meeting
from webapp import clock


def ics(meeting: Meeting, *, title: str, description: str, host: str) -> bytes:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", clock.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", title)
    event.add("location", meeting.place)
    event.add("description", description)
    calendar = Calendar()
    calendar.add("prodid", "-//Veiviser//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    return calendar.to_ical()
