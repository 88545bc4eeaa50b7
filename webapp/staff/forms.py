"""Reading staff form input: trimmed, length-checked, with messages staff
understand. (CSRF is checked for every form by Flask-WTF before a view runs.)"""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from webapp import textinput


class FormError(ValueError):
    """Input that cannot be saved; the message is shown next to the form."""


def text(name: str, *, max_length: int, required: bool = True) -> str:
    """The field's text, checked as webapp.textinput checks all text."""
    try:
        value = textinput.clean(request.form.get(name, "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    except textinput.BadText:
        raise FormError(_("A field holds a character that cannot be used. Please type it again.")) from None
    if required and textinput.is_blank(value):
        raise FormError(_("Please fill in every required field."))
    if len(textinput.visible(value)) > max_length or len(value) > 2 * max_length + 100:
        raise FormError(_("A field is too long (at most %(count)s characters).", count=max_length))
    return value


def checkbox(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "true")


def integer(name: str, *, minimum: int, maximum: int) -> int:
    value = textinput.whole_number(request.form.get(name, "").strip())
    if value is None:
        raise FormError(_("Please enter a whole number."))
    if not minimum <= value <= maximum:
        raise FormError(_("Please enter a number from %(low)s to %(high)s.", low=minimum, high=maximum))
    return value


def date_or_none(name: str) -> dt.date | None:
    raw = request.form.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise FormError(_("Please enter a date as YYYY-MM-DD.")) from None


def done(message: str | None, back_to: str):
    """After a form that changed something: say so, and go back with a GET
    (post, redirect, get: a reload does not send the form again)."""
    if message:
        flash(message, "ok")
    return redirect(back_to)


def safe_next(target: str | None) -> str:
    """Where to go after a form: the page asked for, if it is a staff page;
    never another site."""
    if target and target.startswith("/staff") and not target.startswith("//"):
        return target
    return url_for("staff.dashboard")


def choice(name: str, options) -> str:
    value = request.form.get(name, "")
    if value not in options:
        raise FormError(_("Please choose one of the options."))
    return value
