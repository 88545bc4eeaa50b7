"""Every URL of "Ask the nurse": the residents' page, the claim check
(``/api/v1/answers``), the outbox's "question" item, and the nurse's page."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.api.openapi import Endpoint, describe_endpoint
from webapp.api.views import language_from_header
from webapp.questions import api_views, resident_views, staff_questions, sync_item
from webapp.questions.claims import CHECK_SIZE


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/ask", view_func=resident_views.ask)

    api = Blueprint("questions_api", __name__, url_prefix="/api/v1")
    api.before_request(language_from_header)
    api.add_url_rule("/answers", view_func=api_views.answers, methods=["POST"])
    describe_endpoint(Endpoint(
        "/api/v1/answers", "Collect answers with claim codes",
        f"Exactly {CHECK_SIZE} codes (the phone's own, padded with random ones); the answers in the same "
        "order, each {answer, day} or null. Null says nothing more: no such question, not answered, "
        "or gone.", "ClaimCheck", api_views.ClaimCheckSchema,
        {200: "The answers.", 400: "Not JSON.", 413: "Too large.", 415: "Not application/json.",
         422: "Not the right number of well-formed codes.", 429: "Too many checks lately; see Retry-After."},
    ))
    app.extensions["csrf"].exempt(api)  # phones have no session: no cookie to forge a request with
    app.register_blueprint(api)

    staff.add_url_rule("/questions", view_func=staff_questions.questions)
    staff.add_url_rule("/questions/<question_id>", view_func=staff_questions.act_on_question, methods=["POST"])
    staff.add_url_rule("/questions/<question_id>/faq", view_func=staff_questions.question_to_faq)
    sync_item.register()
