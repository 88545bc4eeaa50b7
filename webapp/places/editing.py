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
from webapp.places.texts import latest, status_in
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
