"""Upcoming meetings for residents, and each as a calendar file."""
from __future__ import annotations

from flask import abort, g, make_response, render_template, request

from webapp import db
from webapp.l10n.languages import content_fallbacks
from webapp.meetings import listing
from webapp.meetings.calendar import ics
from webapp.resident.page_cache import not_cached


def meetings():
    return render_template(
        "resident/meetings.html",
        meetings=listing.upcoming(db.session(), g.centre),
        text_languages=content_fallbacks(g.lang, "nb"),
    )


@not_cached  # a download, not a page
def meeting_calendar(meeting_id: int):
    meeting = listing.find(db.session(), g.centre, meeting_id)
    if meeting is None:
        abort(404)
    text = meeting.text_in(content_fallbacks(g.lang, meeting.source_lang))
    response = make_response(ics(
        meeting, title=text.title if text else "", description=text.description if text else "", host=request.host
    ))
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = f'attachment; filename="meeting-{meeting.id}.ics"'
    return response
