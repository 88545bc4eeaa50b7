"""Every URL of the meetings feature: the residents' list and calendar files,
and the hosts' and nurses' list and form."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.meetings import resident_views, staff_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/meetings", view_func=resident_views.meetings)
    resident.add_url_rule(
        "/<lang>/<centre>/meetings/<int:meeting_id>.ics", view_func=resident_views.meeting_calendar
    )
    staff.add_url_rule("/meetings", view_func=staff_views.meetings)
    staff.add_url_rule("/meetings/new", view_func=staff_views.new_meeting, methods=["GET", "POST"])
    staff.add_url_rule("/meetings/<int:meeting_id>", view_func=staff_views.edit_meeting, methods=["GET", "POST"])
