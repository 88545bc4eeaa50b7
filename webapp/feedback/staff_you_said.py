""""You said, we did": staff write short answers to what residents said, with
translations; residents read them at /<lang>/<centre>/you-said."""
from __future__ import annotations

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import FeedbackResponse, limits
from webapp import db
from webapp.feedback import responses
from webapp.staff import audit, forms
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import at_my_centre_or_404, my_centres


@requires(EVERY_ROLE)
def you_said():
    return you_said_page()


def you_said_page(error: str | None = None, status: int = 200):
    session = db.session()
    centres = my_centres(session)
    return render_template(
        "staff/you_said.html", items=responses.for_staff(session, centres), centres=centres, error=error
    ), status


@requires(EVERY_ROLE)
def new_you_said():
    session = db.session()
    centres = {str(c.id): c for c in my_centres(session)}
    try:
        centre = centres[forms.choice("centre", list(centres))]
        source_lang = forms.choice("source_lang", ["nb", "en"])
        said = forms.text("said", max_length=limits.YOU_SAID_TEXT)
        did = forms.text("did", max_length=limits.YOU_SAID_TEXT)
    except forms.FormError as error:
        return you_said_page(error=str(error), status=422)
    response = responses.create(session, centre, source_lang, said, did, current_user.id)
    audit.commit(session, "you_said.create", str(response.id))
    return forms.done(
        _("Published. Add translations below so that every resident can read it."),
        url_for("staff.edit_you_said", response_id=response.id),
    )


@requires(EVERY_ROLE)
def edit_you_said(response_id: int):
    return answer_page(at_my_centre_or_404(db.session(), FeedbackResponse, response_id))


def answer_page(response: FeedbackResponse, error: str | None = None, status: int = 200):
    return render_template(
        "staff/you_said_edit.html", item=response, codes=current_app.config["ENABLED_LANGUAGES"], error=error
    ), status


@requires(EVERY_ROLE)
def save_you_said(response_id: int):
    session = db.session()
    response = at_my_centre_or_404(session, FeedbackResponse, response_id)
    try:
        texts = {
            lang: (
                forms.text(f"said_{lang}", max_length=limits.YOU_SAID_TEXT, required=lang == response.source_lang),
                forms.text(f"did_{lang}", max_length=limits.YOU_SAID_TEXT, required=lang == response.source_lang),
            )
            for lang in current_app.config["ENABLED_LANGUAGES"]
        }
        if any(bool(said) != bool(did) for said, did in texts.values()):
            raise forms.FormError(_("Each language needs both texts, or neither."))
    except forms.FormError as error:
        session.rollback()
        return answer_page(at_my_centre_or_404(session, FeedbackResponse, response_id), error=str(error), status=422)
    for lang, (said, did) in texts.items():
        draft = lang != response.source_lang and forms.checkbox(f"draft_{lang}")
        responses.set_text(response, lang, said, did, draft)
    response.published = forms.checkbox("published")
    audit.commit(session, "you_said.update", str(response.id))
    return forms.done(_("Saved."), url_for("staff.edit_you_said", response_id=response.id))


@requires(EVERY_ROLE)
def delete_you_said(response_id: int):
    session = db.session()
    response = at_my_centre_or_404(session, FeedbackResponse, response_id)
    session.delete(response)
    audit.commit(session, "you_said.delete", str(response_id))
    return forms.done(_("Deleted."), url_for("staff.you_said"))
