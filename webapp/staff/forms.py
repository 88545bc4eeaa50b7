"""Reading staff form input: trimmed, length-checked, with messages staff
understand. (CSRF is checked for every form by Flask-WTF before a view runs.)"""
from __future__ import annotations

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _


class FormError(ValueError):
    """Input that cannot be saved; the message is shown next to the form."""


def text(name: str, *, max_length: int, required: bool = True) -> str:
    value = request.form.get(name, "").replace("\r\n", "\n").strip()
    if required and not value:
        raise FormError(_("Please fill in every required field."))
    if len(value) > max_length:
        raise FormError(_("A field is too long (at most %(count)s characters).", count=max_length))
    return value


def checkbox(name: str) -> bool:
    return request.form.get(name) in ("1", "on", "true")


def integer(name: str, *, minimum: int, maximum: int) -> int:
    try:
        value = int(request.form.get(name, ""))
    except ValueError:
        raise FormError(_("Please enter a whole number.")) from None
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
