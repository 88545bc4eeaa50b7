"""Meetings for hosts and nurses: list, create, change."""
from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Meeting, MeetingSeries
from webapp import clock, db
from webapp.meetings import listing
from webapp.meetings.editing import read_meeting_form
from webapp.staff import audit, forms
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import at_my_centre_or_404, my_centres


def meeting_or_404(session, meeting_id: int) -> Meeting:
    return at_my_centre_or_404(session, Meeting, meeting_id)


@requires(EVERY_ROLE)
def meetings():
    session = db.session()
    centre_ids = [c.id for c in my_centres(session)]
    return render_template("staff/meetings.html", meetings=listing.for_staff(session, centre_ids, clock.now()))


def meeting_form(meeting: Meeting, error: str | None = None, status: int = 200):
    session = db.session()
    with session.no_autoflush:  # a refused new meeting must never reach the database
        series_names = sorted(set(session.scalars(select(MeetingSeries.name))))
    local_start = meeting.starts_at.astimezone(clock.CENTRE_TIME) if meeting.starts_at else None
    local_end = meeting.ends_at.astimezone(clock.CENTRE_TIME) if meeting.ends_at else None
    return render_template(
        "staff/meeting_form.html",
        meeting=meeting,
        centres=my_centres(session),
        local_start=local_start,
        local_end=local_end,
        codes=current_app.config["ENABLED_LANGUAGES"],
        texts={t.lang: t for t in meeting.translations},
        series_names=series_names,
        error=error,
    ), status


@requires(EVERY_ROLE)
def new_meeting():
    session = db.session()
    meeting = Meeting(checkin_opens_before=15, checkin_closes_after=30, source_lang="nb")
    if request.method == "GET":
        return meeting_form(meeting)
    centres = {str(c.id): c for c in my_centres(session)}
    try:
        meeting.centre = centres[forms.choice("centre", centres)]
        read_meeting_form(session, meeting)
    except forms.FormError as error:
        return meeting_form(meeting, error=str(error), status=422)
    session.add(meeting)
    session.flush()
    audit.commit(session, "meeting.create", str(meeting.id))
    return forms.done(_("Meeting saved."), url_for("staff.meetings"))


@requires(EVERY_ROLE)
def edit_meeting(meeting_id: int):
    session = db.session()
    meeting = meeting_or_404(session, meeting_id)
    if request.method == "GET":
        return meeting_form(meeting)
    try:
        read_meeting_form(session, meeting)
        meeting.cancelled = forms.checkbox("cancelled")
    except forms.FormError as error:
        session.rollback()
        return meeting_form(meeting_or_404(session, meeting_id), error=str(error), status=422)
    audit.commit(session, "meeting.update", str(meeting.id))
    return forms.done(_("Meeting saved."), url_for("staff.meetings"))
