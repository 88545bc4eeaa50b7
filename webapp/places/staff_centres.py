"""An admin's pages for centres: the list, a new centre, and one centre's
details (address and location for distances, time zone, main languages,
the nurse's hours, numbers) with the staff accounts that work there."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Centre, User
from webapp import db
from webapp.l10n.languages import LANGUAGES
from webapp.places import centres, hours
from webapp.staff import audit, forms
from webapp.staff.access import ADMINS, requires

# The staff pages' words for each field a centre can be refused for.
FIELD_ERRORS = {
    "slug": lambda: _("The address may only use a–z, 0–9 and single hyphens, and no other centre may have it."),
    "name": lambda: _("Please fill in every required field."),
    "timezone": lambda: _("Choose a time zone such as Europe/Oslo."),
    "main_languages": lambda: _("Write language codes separated by spaces, e.g. nb en ar."),
    "location": lambda: _("Give both coordinates as numbers, e.g. 59.9139 and 10.7522."),
}


def render_centre(centre: Centre | None, *, error: str | None = None, form=None, status: int = 200):
    session = db.session()
    staff = list(session.scalars(select(User).order_by(User.email))) if centre else []
    return render_template(
        "staff/centres_edit.html", centre=centre, staff=staff, error=error, form=form or {},
        hours_text=hours.format_hours(centre.nurse_hours, current_user.language) if centre else "",
        language_codes=list(LANGUAGES),
    ), status


@requires(ADMINS)
def centre_list():
    session = db.session()
    return render_template("staff/centres.html", centres=list(session.scalars(select(Centre).order_by(Centre.name))))


@requires(ADMINS)
def new_centre():
    if request.method == "GET":
        return render_centre(None)
    return _save(None)


@requires(ADMINS)
def edit_centre(centre_id: int):
    centre = db.session().get(Centre, centre_id) or abort(404)
    if request.method == "GET":
        return render_centre(centre)
    return _save(centre)


def _save(centre: Centre | None):
    session = db.session()
    try:
        fields = _posted_fields()
        saved = centres.apply(session, centre, fields)
    except forms.FormError as error:
        session.rollback()
        return render_centre(centre, error=str(error), form=request.form, status=422)
    except hours.HoursError as error:
        session.rollback()
        return render_centre(centre, error=str(error), form=request.form, status=422)
    except centres.CentreError as error:
        session.rollback()
        return render_centre(centre, error=FIELD_ERRORS[error.field](), form=request.form, status=422)
    audit.commit(session, "centre.create" if centre is None else "centre.change", saved.slug)
    return forms.done(_("Saved."), url_for("staff.edit_centre", centre_id=saved.id))


def _posted_fields() -> centres.CentreFields:
    location = [request.form.get(name, "").strip().replace(",", ".") for name in ("latitude", "longitude")]
    try:
        latitude, longitude = (float(value) if value else None for value in location)
    except ValueError:
        raise forms.FormError(FIELD_ERRORS["location"]()) from None
    return centres.CentreFields(
        slug=forms.text("slug", max_length=64), name=forms.text("name", max_length=200),
        municipality=forms.text("municipality", max_length=200, required=False),
        address=forms.text("address", max_length=300, required=False), latitude=latitude, longitude=longitude,
        timezone=forms.text("timezone", max_length=64), main_languages=forms.text("main_languages", max_length=200,
                                                                                 required=False),
        nurse_hours=forms.text("nurse_hours", max_length=2_000, required=False),
        nurse_phone=forms.text("nurse_phone", max_length=32, required=False),
        reception_phone=forms.text("reception_phone", max_length=32, required=False),
    )


@requires(ADMINS)
def save_centre_staff(centre_id: int):
    session = db.session()
    centre = session.get(Centre, centre_id) or abort(404)
    chosen = {int(value) for value in request.form.getlist("staff") if value.isdigit() and len(value) < 10}
    added, removed = centres.set_staff(centre, list(session.scalars(select(User))), chosen)
    audit.commit(session, "centre.staff", centre.slug, added=added, removed=removed)
    return forms.done(_("Saved."), url_for("staff.edit_centre", centre_id=centre.id))
