"""The nurse's questions page (``/staff/questions``): open questions newest
first, answering, marking abuse, and starting an FAQ entry in the page editor."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from models import Question, Topic, limits
from webapp import clock, db
from webapp.questions import answering
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, requires
from webapp.staff.scope import at_my_centre_or_404, my_centres


@requires(EDITORS)
def questions():
    return questions_page()


def questions_page(error: str | None = None, status: int = 200):
    session = db.session()
    centres = my_centres(session)
    return render_template(
        "staff/questions.html", open=answering.open_questions(session, centres),
        answered=answering.answered(session, centres), abuse=answering.abuse_count(session, centres),
        error=error,
    ), status


def open_or_404(session, question_id: str) -> Question:
    question = at_my_centre_or_404(session, Question, question_id)
    if question.abuse:
        abort(404)
    return question


@requires(EDITORS)
def act_on_question(question_id: str):
    session = db.session()
    question = open_or_404(session, question_id)
    action = request.form.get("action", "")
    if action == "answer":
        try:
            text = forms.text("answer", max_length=limits.ANSWER_TEXT)
        except forms.FormError as error:
            return questions_page(error=str(error), status=422)
        answering.answer(question, text, clock.centre_today())
        message = _("Answered. The phone that asked will show it after its next sync.")
    elif action == "abuse":
        answering.mark_abuse(question)
        message = _("Marked as abuse: hidden, and counted.")
    else:
        abort(400)
    audit.commit(session, "question." + action)  # no target: the log need not point at a question
    return forms.done(message, url_for("staff.questions"))


@requires(EDITORS)
def question_to_faq(question_id: str):
    """The page editor's "new page" form, filled in from the question and its
    answer, posting to the editor as usual."""
    session = db.session()
    question = open_or_404(session, question_id)
    topics = list(session.scalars(select(Topic).order_by(Topic.position)))
    return render_template("staff/page_new.html", topics=topics, centres=my_centres(session),
                           form=answering.faq_draft(question), from_question=True)
