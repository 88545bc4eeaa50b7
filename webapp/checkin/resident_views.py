"""Checking in to a meeting: the phone's camera opens /c#<code>; that page
forwards to the resident's language, where the check-in is recorded on the
phone (static/js/checkin.js) and sent through the outbox when online."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from sqlalchemy import select

from models import Centre
from webapp import db
from webapp.l10n.negotiation import best_language
from webapp.resident.page_cache import not_cached


@not_cached  # it depends on the browser's languages
def checkin_entry():
    """The URL in the QR code. The code itself is in the fragment, which the
    browser keeps across this redirect and never sends to us. The check-in
    page then moves to the language chosen last on this phone, if another
    (static/js/checkin.js)."""
    codes = current_app.config["ENABLED_LANGUAGES"]
    lang = best_language(request.accept_languages, codes) or codes[0]
    centre = current_app.config["DEFAULT_CENTRE"] or db.session().scalar(select(Centre.slug).order_by(Centre.id))
    return redirect(url_for(".checkin", lang=lang, centre=centre))


def checkin():
    return render_template("resident/checkin.html")
