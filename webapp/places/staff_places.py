"""Staff pages for places: the list (with what is overdue for a check), a new
place, the editor (facts, source text, one translation at a time), marking
the facts checked, publishing, and the history of the texts."""
from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Centre, Place, Role
from models.places import PLACE_CATEGORIES
from webapp import clock, db
from webapp.l10n.languages import SOURCE_LANGUAGES
from webapp.places import editing, hours, reading
from webapp.places.texts import latest, revise
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, requires
from webapp.staff.scope import my_centres

PHONE_LENGTH = 32
ADDRESS_LENGTH = 300


def render_editor(place: Place, *, error: str | None = None, form=None, status: int = 200):
    session = db.session()
    lang = editing.wanted_language() or next(
        (s.lang for s in editing.statuses(place) if s.status.value in ("missing", "outdated")), "en"
    )
    if lang == place.source_lang:
        lang = next(code for code in editing.enabled_codes() if code != place.source_lang)
    translation = next((t for t in place.translations if t.lang == lang), None)
    return render_template(
        "staff/places_edit.html", place=place, source=latest(place), lang=lang, translation=translation,
        statuses=editing.statuses(place), categories=PLACE_CATEGORIES, centres=my_centres(session),
        hours_text=(form or {}).get("hours", hours.format_hours(place.hours, current_user.language)),
        overdue=reading.check_overdue(place, clock.centre_today()), error=error, form=form or {},
        source_languages=SOURCE_LANGUAGES,
    ), status


@requires(EDITORS)
def places():
    session = db.session()
    today = clock.centre_today()
    rows = [
        (place, editing.statuses(place), reading.check_overdue(place, today),
         hours.state_now(place.hours, place.centre.timezone if place.centre else "Europe/Oslo"))
        for place in editing.listed(session, Place)
    ]
    overdue = sum(1 for _p, _s, late, _n in rows if late)
    return render_template("staff/places.html", rows=rows, overdue=overdue, categories=PLACE_CATEGORIES)


@requires(EDITORS)
def new_place():
    session = db.session()
    centres = my_centres(session)
    if request.method == "GET":
        return render_template("staff/places_new.html", centres=centres, categories=PLACE_CATEGORIES,
                               source_languages=SOURCE_LANGUAGES, form={})
    try:
        slug = editing.slug_from_form()
        if session.scalar(select(Place.id).where(Place.slug == slug)):
            raise forms.FormError(_("A place with this address exists already."))
        centre = _chosen_centre(session, centres)
        place = Place(
            slug=slug, centre=centre, category=forms.choice("category", PLACE_CATEGORIES),
            name=forms.text("name", max_length=200), source_lang=forms.choice("source_lang", SOURCE_LANGUAGES),
            hours={}, revision_number=0, major_revision_number=0, published=False,
        )
        texts = editing.posted_texts(Place)
    except forms.FormError as error:
        return render_template("staff/places_new.html", centres=centres, categories=PLACE_CATEGORIES,
                               source_languages=SOURCE_LANGUAGES, form=request.form, error=str(error)), 422
    session.add(place)
    revise(place, texts, author_id=current_user.id)
    session.flush()
    audit.commit(session, "place.create", place.slug)
    return forms.done(_("Place created. It is not published yet."), url_for("staff.edit_place", item_id=place.id))


def _chosen_centre(session, centres: list[Centre]) -> Centre | None:
    choice = forms.choice("centre", {""} | {str(c.id) for c in centres})
    if not choice and current_user.role != Role.ADMIN:
        raise forms.FormError(_("Only an administrator can add a place for every centre."))
    return session.get(Centre, int(choice)) if choice else None


@requires(EDITORS)
def edit_place(item_id: int):
    return render_editor(editing.item_or_404(db.session(), Place, item_id))


@requires(EDITORS)
def save_place_facts(item_id: int):
    session = db.session()
    place = editing.item_or_404(session, Place, item_id)
    try:
        place.category = forms.choice("category", PLACE_CATEGORIES)
        place.name = forms.text("name", max_length=200)
        place.address = forms.text("address", max_length=ADDRESS_LENGTH, required=False)
        place.phone = forms.text("phone", max_length=PHONE_LENGTH, required=False)
        place.latitude, place.longitude = _coordinates()
        place.walking_distance_m = _optional_number("walking_distance_m", maximum=500_000)
        place.hours = hours.parse_hours(forms.text("hours", max_length=5_000, required=False))
        place.languages = _language_codes()
        place.interpreter = forms.checkbox("interpreter")
        place.position = forms.integer("position", minimum=0, maximum=10_000)
        place.check_interval_days = forms.integer("check_interval_days", minimum=7, maximum=3 * 365)
    except (forms.FormError, hours.HoursError) as error:
        session.rollback()
        return render_editor(editing.item_or_404(session, Place, item_id), error=str(error), form=request.form,
                             status=422)
    return editing.saved(session, place, "facts", _("Saved."))


def _coordinates() -> tuple[float | None, float | None]:
    raw = [request.form.get(name, "").strip().replace(",", ".") for name in ("latitude", "longitude")]
    if not any(raw):
        return None, None
    try:
        latitude, longitude = (float(value) for value in raw)
    except ValueError:
        raise forms.FormError(_("Give both coordinates as numbers, e.g. 59.9139 and 10.7522.")) from None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise forms.FormError(_("Give both coordinates as numbers, e.g. 59.9139 and 10.7522."))
    return latitude, longitude


def _optional_number(name: str, *, maximum: int) -> int | None:
    if not request.form.get(name, "").strip():
        return None
    return forms.integer(name, minimum=0, maximum=maximum)


def _language_codes() -> str:
    codes = request.form.get("languages", "").split()
    if len(codes) > 20 or any(len(code) > 8 or not code.isalpha() for code in codes):
        raise forms.FormError(_("Write language codes separated by spaces, e.g. nb en ar."))
    return " ".join(code.lower() for code in codes)


@requires(EDITORS)
def save_place_source(item_id: int):
    session = db.session()
    place = editing.item_or_404(session, Place, item_id)
    return editing.save_source(session, place, render_editor,
                               _("Saved. Translations made before this edit are now marked outdated."))


@requires(EDITORS)
def save_place_translation(item_id: int, lang: str):
    session = db.session()
    return editing.save_translation(session, editing.item_or_404(session, Place, item_id), lang, render_editor)


@requires(EDITORS)
def mark_place_checked(item_id: int):
    session = db.session()
    place = editing.item_or_404(session, Place, item_id)
    place.checked_by, place.checked_on = current_user.display_name, clock.centre_today()
    return editing.saved(session, place, "checked", _("Marked as checked today."))


@requires(EDITORS)
def publish_place(item_id: int):
    session = db.session()
    return editing.publish_from_form(session, editing.item_or_404(session, Place, item_id))


@requires(EDITORS)
def place_history(item_id: int):
    place = editing.item_or_404(db.session(), Place, item_id)
    return editing.history_page(place, url_for("staff.edit_place", item_id=place.id), "staff.revert_place")


@requires(EDITORS)
def revert_place(item_id: int, number: int):
    session = db.session()
    return editing.revert_to(session, editing.item_or_404(session, Place, item_id), number)
