"""Notices for residents: ``/<lang>/<centre>/notices.json``, one small URL
the phone keeps (docs/design.md, rule 9: a changed notice must not make
every page download again), read by static/js/notices.js for the banner and
for the home page offline; and the home page's list, rendered here too."""
from __future__ import annotations

from flask import g, jsonify

from webapp import db
from webapp.http_caching import conditional
from webapp.notices import notices
from webapp.push import keys
from webapp.resident.page_cache import not_cached


@not_cached  # JSON, not a page
def notices_json():
    shown = notices.for_phone(db.session(), g.centre, g.lang)
    return conditional(jsonify(notices=[notice.for_phone() for notice in shown]))


def home_context() -> dict:
    """For the home page (resident/home.html calls these)."""
    return {
        "home_notices": lambda: notices.for_phone(db.session(), g.centre, g.lang),
        "push_public_key": keys.public_key,
    }
