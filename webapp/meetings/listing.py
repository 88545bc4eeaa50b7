"""Which meetings residents and staff see. Residents: the centre's upcoming
ones, from the start of today (centre time) on, so the list only changes at
midnight or when staff change a meeting. Staff: the meetings of their centres
in three parts, what is on now, what is coming, what is over."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Meeting
from webapp.clock import start_of_today

# How many meetings the staff list shows: coming ones (soonest first) and past
# ones (most recent first). Older ones are still in the database.
STAFF_COMING_LIMIT = 200
STAFF_PAST_LIMIT = 100


def upcoming(session: Session, centre: Centre, now: dt.datetime | None = None) -> list[Meeting]:
    query = (
        select(Meeting)
        .where(Meeting.centre_id == centre.id, Meeting.ends_at >= start_of_today(now), Meeting.cancelled.is_(False))
        .order_by(Meeting.starts_at)
        .options(selectinload(Meeting.translations))
    )
    return list(session.scalars(query))


def find(session: Session, centre: Centre, meeting_id: int) -> Meeting | None:
    meeting = session.get(Meeting, meeting_id)
    return meeting if meeting is not None and meeting.centre_id == centre.id else None


def in_progress(meeting: Meeting, now: dt.datetime) -> bool:
    """A meeting is on from the moment its check-in opens (before the start)
    until its check-in closes (after the end): the time the host shows the
    code and residents arrive. A cancelled meeting never is."""
    return not meeting.cancelled and meeting.checkin_opens <= now <= meeting.checkin_closes


@dataclass
class StaffMeetings:
    now: list[Meeting] = field(default_factory=list)  # in progress, the earliest start first
    upcoming: list[Meeting] = field(default_factory=list)  # the soonest first
    past: list[Meeting] = field(default_factory=list)  # the most recent first

    def __bool__(self) -> bool:
        return bool(self.now or self.upcoming or self.past)


def for_staff(session: Session, centre_ids: list[int], now: dt.datetime) -> StaffMeetings:
    """The meetings of ``centre_ids`` for the staff list, by ``in_progress``:
    on now, upcoming (check-in not open yet), past (check-in closed, or
    cancelled and its time has come)."""
    # Fetched in two parts, so that many old meetings never push coming ones
    # off the list. Check-in closes at most hours after the end, so what ended
    # over a day ago is past; every meeting is still sorted by in_progress.
    recent = now - dt.timedelta(days=1)
    base = (
        select(Meeting)
        .where(Meeting.centre_id.in_(centre_ids))
        .options(selectinload(Meeting.translations), selectinload(Meeting.series))
    )
    coming = session.scalars(
        base.where(Meeting.ends_at >= recent).order_by(Meeting.starts_at, Meeting.id).limit(STAFF_COMING_LIMIT)
    )
    older = session.scalars(
        base.where(Meeting.ends_at < recent).order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(STAFF_PAST_LIMIT)
    )
    listed = StaffMeetings()
    for meeting in [*coming, *older]:
        if in_progress(meeting, now):
            listed.now.append(meeting)
        elif meeting.checkin_opens > now:
            listed.upcoming.append(meeting)
        else:
            listed.past.append(meeting)
    listed.now.sort(key=lambda m: (m.starts_at, m.id))
    listed.upcoming.sort(key=lambda m: (m.starts_at, m.id))
    listed.past.sort(key=lambda m: (m.starts_at, m.id), reverse=True)
    return listed
