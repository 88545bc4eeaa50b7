"""Every URL of notices: the phone's notices.json and the home page's list;
the staff list, editor and push button."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.notices import exchange, resident_views, staff_notices


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/notices.json", view_func=resident_views.notices_json)
    resident.context_processor(resident_views.home_context)

    staff.add_url_rule("/notices", view_func=staff_notices.notices_page)
    staff.add_url_rule("/notices", view_func=staff_notices.new_notice, methods=["POST"])
    staff.add_url_rule("/notices/<int:notice_id>", view_func=staff_notices.edit_notice)
    staff.add_url_rule("/notices/<int:notice_id>", view_func=staff_notices.save_notice, methods=["POST"])
    staff.add_url_rule("/notices/<int:notice_id>/delete", view_func=staff_notices.delete_notice, methods=["POST"])
    staff.add_url_rule("/notices/<int:notice_id>/push", view_func=staff_notices.push_notice, methods=["POST"])
    exchange.register()  # their texts go through the translator exchange too
