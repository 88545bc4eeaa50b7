"""Feedback for residents: the form (for a meeting, an info page or the centre)
and "You said, we did". The form is kept offline like every page: the phone
saves /<lang>/<centre>/feedback once and the service worker serves it for
any ?page= or ?meeting=; static/js/feedback.js reads the query and fills in
the target. Online, the server names the page or meeting too.

Without JavaScript the same form posts here and goes through the same
``submit`` as the outbox's items; only feedback on a meeting needs the
script (the phone's pseudonym for it is made there)."""
from __future__ import annotations

from flask import g, redirect, render_template, request, url_for
from marshmallow import ValidationError

from webapp import clock, db, textinput
from webapp.content import reading
from webapp.feedback import responses
from webapp.feedback.submit import ACCEPTED, FeedbackBody, submit
from webapp.l10n.languages import content_fallbacks
from webapp.meetings import listing
from webapp.privacy import mixing

FACES = (1, 2, 3, 4, 5)
INVALID = "invalid"  # a code the template turns into words, like the outbox's result codes


def feedback():
    return feedback_form()


def send_feedback():
    """The form without JavaScript (CSRF-exempt, see routes.py)."""
    try:
        body = FeedbackBody().load(posted_body())
    except ValidationError:
        return feedback_form(error=INVALID, status=422)
    session, now = db.session(), clock.now()
    result = submit(session, body, now)
    if result != ACCEPTED:
        session.rollback()
        return feedback_form(error=result, status=422)
    session.commit()
    mixing.mix_if_due(session, now)
    session.commit()
    # Post, redirect, get: a reload does not send it twice.
    return redirect(url_for(".feedback", page=body.get("page"), sent=1), code=303)


def posted_body() -> dict:
    form = request.form
    body = {"target": "page" if form.get("page") else "centre", "centre": g.centre.slug, "lang": g.lang}
    for name in ("page", "comment", "wish"):
        if form.get(name, "").strip():
            body[name] = form[name]
    if textinput.whole_number(form.get("rating")) is not None:
        body["rating"] = textinput.whole_number(form["rating"])
    return body


def feedback_form(error: str | None = None, status: int = 200):
    session = db.session()
    target, title, title_lang = "centre", None, g.lang
    rating = textinput.whole_number(request.args.get("rating"))
    page_slug = request.values.get("page", "")
    meeting_id = textinput.row_id(request.args.get("meeting"))
    if page_slug:
        page = reading.find_page(session, page_slug, g.centre)
        if page is not None:
            shown = reading.localize(session, [page], g.lang)[0]
            target, title, title_lang = "page", shown.title, shown.shown_lang
    elif meeting_id:
        meeting = listing.find(session, g.centre, meeting_id)
        if meeting is not None:
            text = meeting.text_in(content_fallbacks(g.lang, meeting.source_lang))
            target, title, title_lang = "meeting", text.title if text else None, text.lang if text else g.lang
    return render_template(
        "resident/feedback.html", target=target, title=title, title_lang=title_lang,
        rating=rating if rating in FACES else None, page_slug=page_slug, sent=request.args.get("sent") == "1",
        error=error,
    ), status


def you_said():
    return render_template("resident/you_said.html", items=responses.for_residents(db.session(), g.centre, g.lang))
