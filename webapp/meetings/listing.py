"""Which meetings residents see: the centre's upcoming ones, from the start of
today (centre time) on, so the list only changes at midnight or when staff
change a meeting."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Meeting
from webapp.clock import start_of_today


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
