"""Staff pages for show-to-staff cards: the list (with the review status of
each card's Norwegian side: the part the counter reads), a new card, the
editor (the Norwegian text, one translation at a time), marking the
Norwegian checked, publishing, and the history of the texts."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Card, Centre, Role
from webapp import clock, db
from webapp.places import editing
from webapp.places.texts import latest, revise
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, requires
from webapp.staff.scope import my_centres


def norwegian_checked(card: Card) -> bool:
    """The Norwegian side was checked at its newest real (not minor) revision."""
    return card.norwegian_checked_revision is not None and \
        card.norwegian_checked_revision >= card.major_revision_number


def render_editor(card: Card, *, error: str | None = None, form=None, status: int = 200):
    lang = editing.wanted_language() or next(
        (s.lang for s in editing.statuses(card) if s.status.value in ("missing", "outdated")), "en"
    )
    if lang == card.source_lang:
        lang = "en"
    translation = next((t for t in card.translations if t.lang == lang), None)
    return render_template(
        "staff/cards_edit.html", card=card, source=latest(card), lang=lang, translation=translation,
        statuses=editing.statuses(card), checked=norwegian_checked(card), error=error, form=form or {},
    ), status


@requires(EDITORS)
def cards():
    session = db.session()
    rows = [(card, latest(card), editing.statuses(card), norwegian_checked(card))
            for card in editing.listed(session, Card)]
    return render_template("staff/cards.html", rows=rows)


@requires(EDITORS)
def new_card():
    session = db.session()
    centres = my_centres(session)
    if request.method == "GET":
        return render_template("staff/cards_new.html", centres=centres, form={})
    try:
        slug = editing.slug_from_form()
        if session.scalar(select(Card.id).where(Card.slug == slug)):
            raise forms.FormError(_("A card with this address exists already."))
        choice = forms.choice("centre", {""} | {str(c.id) for c in centres})
        if not choice and current_user.role != Role.ADMIN:
            raise forms.FormError(_("Only an administrator can add a card for every centre."))
        texts = editing.posted_texts(Card)
    except forms.FormError as error:
        return render_template("staff/cards_new.html", centres=centres, form=request.form, error=str(error)), 422
    card = Card(slug=slug, centre=session.get(Centre, int(choice)) if choice else None, source_lang="nb",
                revision_number=0, major_revision_number=0, published=False)
    session.add(card)
    revise(card, texts, author_id=current_user.id)
    session.flush()
    audit.commit(session, "card.create", card.slug)
    return forms.done(_("Card created. It is not published yet."), url_for("staff.edit_card", item_id=card.id))


@requires(EDITORS)
def edit_card(item_id: int):
    return render_editor(editing.item_or_404(db.session(), Card, item_id))


@requires(EDITORS)
def save_card_source(item_id: int):
    session = db.session()
    card = editing.item_or_404(session, Card, item_id)
    return editing.save_source(session, card, render_editor, _(
        "Saved. Translations made before this edit are now marked outdated, and the Norwegian needs checking."
    ))


@requires(EDITORS)
def save_card_translation(item_id: int, lang: str):
    session = db.session()
    return editing.save_translation(session, editing.item_or_404(session, Card, item_id), lang, render_editor)


@requires(EDITORS)
def mark_norwegian_checked(item_id: int):
    session = db.session()
    card = editing.item_or_404(session, Card, item_id)
    card.norwegian_checked_by, card.norwegian_checked_on = current_user.display_name, clock.centre_today()
    card.norwegian_checked_revision = card.revision_number
    return editing.saved(session, card, "norwegian-checked", _("The Norwegian text is marked as checked today."),
                         revision=card.revision_number)


@requires(EDITORS)
def publish_card(item_id: int):
    session = db.session()
    return editing.publish_from_form(session, editing.item_or_404(session, Card, item_id))


@requires(EDITORS)
def card_history(item_id: int):
    card = editing.item_or_404(db.session(), Card, item_id)
    return editing.history_page(card, url_for("staff.edit_card", item_id=card.id), "staff.revert_card")


@requires(EDITORS)
def revert_card(item_id: int, number: int):
    session = db.session()
    return editing.revert_to(session, editing.item_or_404(session, Card, item_id), number)
