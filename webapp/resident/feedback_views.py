"""Feedback for residents: the form (for a meeting, an info page or the centre)
and "You said, we did". The form is kept offline like every page: the phone
saves /<lang>/<centre>/feedback once and the service worker serves it for
any ?page= or ?meeting=; static/js/feedback.js reads the query and fills in
the target. Online, the server names the page or meeting too."""
from __future__ import annotations

from flask import g, render_template, request

from webapp import db
from webapp.content import reading
from webapp.feedback import responses
from webapp.l10n.languages import content_fallbacks
from webapp.meetings import listing
from webapp.resident import bp

FACES = (1, 2, 3, 4, 5)


@bp.get("/<lang>/<centre>/feedback")
def feedback():
    session = db.session()
    target, title, rating = "centre", None, request.args.get("rating", type=int)
    page_slug = request.args.get("page", "")
    meeting_id = request.args.get("meeting", type=int)
    if page_slug:
        page = reading.find_page(session, page_slug, g.centre)
        if page is not None:
            target, title = "page", reading.localize(session, [page], g.lang)[0].title
    elif meeting_id:
        meeting = listing.find(session, g.centre, meeting_id)
        if meeting is not None:
            text = meeting.text_in(content_fallbacks(g.lang, meeting.source_lang))
            target, title = "meeting", text.title if text else None
    return render_template(
        "resident/feedback.html", target=target, title=title, rating=rating if rating in FACES else None
    )


@bp.get("/<lang>/<centre>/you-said")
def you_said():
    return render_template("resident/you_said.html", items=responses.for_residents(db.session(), g.centre, g.lang))
