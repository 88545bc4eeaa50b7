"""What the staff pages about places and cards share: who may change which, the
status of every language, reading the posted texts, and saving with a line
in the audit log (the commit is staff.audit's)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from flask import abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import Card, Place, Role, TranslationStatus, limits
from models.places import CARD_TEXT, CARD_TITLE, PLACE_TEXT
from webapp.places.texts import latest, revert, revise, status_in, translate
from webapp.staff import audit, forms

LIMITS = {"about": PLACE_TEXT, "cost": PLACE_TEXT, "title": CARD_TITLE, "body": CARD_TEXT}
REQUIRED = {"about": False, "cost": False, "title": True, "body": True}
KIND = {Place: "place", Card: "card"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # as a page's address


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    status: TranslationStatus
    draft: bool


def enabled_codes() -> list[str]:
    return current_app.config["ENABLED_LANGUAGES"]


def statuses(item: Place | Card) -> list[LanguageStatus]:
    return [LanguageStatus(lang, *status_in(item, lang)) for lang in enabled_codes()]


def listed(session: Session, model) -> list:
    """Every place or card I may change: an admin all, others the national
    ones and their centres' own."""
    query = select(model).order_by(model.slug)
    if current_user.role != Role.ADMIN:
        centre_ids = [c.id for c in current_user.centres]
        query = query.where(or_(model.centre_id.is_(None), model.centre_id.in_(centre_ids)))
    return list(session.scalars(query))


def item_or_404(session: Session, model, item_id: int):
    item = session.get(model, item_id)
    if item is None:
        abort(404)
    if current_user.role != Role.ADMIN and item.centre_id is not None and \
            item.centre_id not in {c.id for c in current_user.centres}:
        abort(403)
    return item


def posted_texts(item_or_model) -> dict[str, str]:
    """The posted text fields of a place or card, within their limits."""
    return {
        name: forms.text(name, max_length=LIMITS[name], required=REQUIRED[name])
        for name in item_or_model.TEXT_FIELDS
    }


def unchanged(item: Place | Card, texts: dict[str, str]) -> bool:
    revision = latest(item)
    return all(getattr(revision, name) == texts[name] for name in item.TEXT_FIELDS)


def saved(session: Session, item: Place | Card, action: str, message: str, *, lang: str | None = None, **details):
    """Record the change in the audit log, commit, say so, back to the editor."""
    kind = KIND[type(item)]
    audit.commit(session, f"{kind}.{action}", item.slug, **({"lang": lang} if lang else {}), **details)
    return forms.done(message, url_for(f"staff.edit_{kind}", item_id=item.id, lang=lang))


def save_source(session: Session, item: Place | Card, render_editor, outdated: str):
    """The source form: a new revision (``outdated`` says what a major edit
    does to the translations), or "Nothing changed"."""
    try:
        texts = posted_texts(item)
    except forms.FormError as error:
        return render_editor(item, error=str(error), form=request.form, status=422)
    if unchanged(item, texts):
        return forms.done(_("Nothing changed."), url_for(f"staff.edit_{KIND[type(item)]}", item_id=item.id))
    minor = forms.checkbox("minor")
    revision = revise(item, texts, minor=minor, author_id=current_user.id)
    message = _("Saved as a minor edit: translations stay up to date.") if minor else outdated
    return saved(session, item, "source", message, revision=revision.number, minor=minor)


def save_translation(session: Session, item: Place | Card, lang: str, render_editor):
    """A translation form: saved as a draft, or as checked."""
    if lang not in enabled_codes() or lang == item.source_lang:
        abort(404)
    try:
        texts = posted_texts(item)
        made_from = translation_made_from(item)
    except forms.FormError as error:
        return render_editor(item, error=str(error), form={**request.form, "lang": lang}, status=422)
    reviewed = forms.checkbox("reviewed")
    translate(item, lang, texts, draft=not reviewed, source_revision=made_from, updated_by_id=current_user.id)
    return saved(session, item, "translation", _("Translation saved."), lang=lang, made_from=made_from.number,
                 reviewed=reviewed)


def publish_from_form(session: Session, item: Place | Card):
    item.published = forms.checkbox("published")
    if item.published:
        return saved(session, item, "publish", _("Published: residents can read it now."))
    return saved(session, item, "unpublish", _("Unpublished: residents no longer see it."))


def revert_to(session: Session, item: Place | Card, number: int):
    """Make the text of revision ``number`` the newest revision again."""
    if not any(r.number == number for r in item.revisions):
        abort(404)
    revision = revert(item, number, author_id=current_user.id)
    kind = KIND[type(item)]
    audit.commit(session, f"{kind}.revert", item.slug, to=number, revision=revision.number)
    return forms.done(_("The text of revision %(number)s is the newest revision again.", number=number),
                      url_for(f"staff.{kind}_history", item_id=item.id))


def translation_made_from(item: Place | Card):
    """The revision the translator looked at when they began (posted with
    the form): if the source changed meanwhile, the translation is honestly outdated."""
    number = forms.integer("source_revision", minimum=1, maximum=item.revision_number)
    return next(r for r in item.revisions if r.number == number)


def slug_from_form() -> str:
    slug = forms.text("slug", max_length=limits.SLUG)
    if not SLUG.match(slug):
        raise forms.FormError(_("The address may only use a–z, 0–9 and single hyphens."))
    return slug


def wanted_language() -> str:
    """The language the editor shows next to the source (?lang=)."""
    lang = request.args.get("lang", "")
    return lang if lang in enabled_codes() else ""


def history_page(item: Place | Card, back_url: str, revert_endpoint: str):
    """The revisions of a place's or a card's texts, newest first (a shared
    page both kinds' views render)."""
    revisions = list(reversed(item.revisions))
    return render_template("staff/places_history.html", item=item, revisions=revisions, back_url=back_url,
                           revert_endpoint=revert_endpoint, fields=item.TEXT_FIELDS)
