"""Every URL of feedback: the residents' form and "You said, we did"; the
staff dashboard, its CSV export and comment actions, and the "You said, we
did" editor; and the outbox's "feedback" item (``sync_item``)."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.feedback import resident_views, staff_views, staff_you_said, sync_item


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/feedback", view_func=resident_views.feedback)
    resident.add_url_rule("/<lang>/<centre>/feedback", view_func=resident_views.send_feedback, methods=["POST"])
    # Residents have no session, so no cookie a forged post could ride on: a
    # forged post could only do what anyone can, give anonymous feedback.
    app.extensions["csrf"].exempt(resident_views.send_feedback)
    resident.add_url_rule("/<lang>/<centre>/you-said", view_func=resident_views.you_said)

    staff.add_url_rule("/feedback", view_func=staff_views.feedback)
    staff.add_url_rule("/feedback/groups/<group>", view_func=staff_views.feedback_group)
    staff.add_url_rule("/feedback.csv", view_func=staff_views.feedback_csv)
    staff.add_url_rule("/feedback/comments/<feedback_id>", view_func=staff_views.feedback_comment, methods=["POST"])
    staff.context_processor(staff_views.feedback_labels)

    staff.add_url_rule("/you-said", view_func=staff_you_said.you_said)
    staff.add_url_rule("/you-said", view_func=staff_you_said.new_you_said, methods=["POST"])
    staff.add_url_rule("/you-said/<int:response_id>", view_func=staff_you_said.edit_you_said)
    staff.add_url_rule("/you-said/<int:response_id>", view_func=staff_you_said.save_you_said, methods=["POST"])
    staff.add_url_rule(
        "/you-said/<int:response_id>/delete", view_func=staff_you_said.delete_you_said, methods=["POST"]
    )
    sync_item.register()
