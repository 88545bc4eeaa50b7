"""The residents' blueprint and what every resident page shares: the language
and the centre come from the URL (never from a cookie), so that a service
worker can cache each page by its URL; pages are server-rendered, readable
without JavaScript, and revalidated cheaply (an unchanged page is an empty 304).
Residents get no cookie at all: the language they chose last is remembered
on the phone (static/js/app.js), never sent to us.

Each feature adds its own resident routes (see its ``routes.py``); this
module only builds the blueprint they share."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g
from sqlalchemy import select

from models import Centre
from webapp import db
from webapp.http_caching import conditional
from webapp.resident import page_cache


def make_blueprint() -> Blueprint:
    bp = Blueprint("resident", __name__)
    bp.url_value_preprocessor(pull_lang_and_centre)
    bp.url_defaults(add_lang_and_centre)
    # after_request hooks run in reverse order of registration: the page
    # cache must see a page as rendered, before it becomes a 304.
    bp.after_request(revalidate_pages)
    page_cache.install(bp)
    return bp


def pull_lang_and_centre(endpoint, values):
    if not values:
        return
    if "lang" in values:
        code = values.pop("lang")
        if code not in current_app.config["ENABLED_LANGUAGES"]:
            abort(404)
        g.lang = code
    if "centre" in values:
        g.centre = db.session().scalar(select(Centre).where(Centre.slug == values.pop("centre")))
        if g.centre is None:
            abort(404)


def add_lang_and_centre(endpoint, values):
    if "lang" not in values and "lang" in g:
        values["lang"] = g.lang
    if "centre" not in values and "centre" in g and endpoint_takes_centre(endpoint):
        values["centre"] = g.centre.slug


def endpoint_takes_centre(endpoint: str) -> bool:
    return any(
        rule.endpoint == endpoint and "centre" in rule.arguments
        for rule in current_app.url_map.iter_rules(endpoint)
    )


def revalidate_pages(response):
    """Pages may change at any time: phones keep a copy but ask again, and an
    unchanged page costs a 304 with no body instead of the whole page."""
    if response.status_code == 200 and response.mimetype == "text/html":
        return conditional(response)
    return response
