from __future__ import annotations

import re

from flask import abort, current_app, g, redirect, render_template, request, url_for
from sqlalchemy import select

from models import Centre
from webapp import db
from webapp.content import reading
from webapp.http_caching import conditional
from webapp.l10n import enabled_languages
from webapp.l10n.languages import LANGUAGES
from webapp.l10n.negotiation import best_language
from webapp.media import media_for
from webapp.resident import bp

LANG_COOKIE = "lang"
# What may follow /<lang>/ in a language-switch link: a resident path, nothing else.
NEXT_PATH = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)*/?$")


@bp.url_value_preprocessor
def pull_lang_and_centre(endpoint, values):
    if not values:
        return
    if "lang" in values:
        code = values.pop("lang")
        if code not in current_app.config["ENABLED_LANGUAGES"]:
            abort(404)
        g.lang = code
        g.lang_chosen = True  # in the URL, so the resident chose it
    if "centre" in values:
        g.centre = db.session().scalar(select(Centre).where(Centre.slug == values.pop("centre")))
        if g.centre is None:
            abort(404)


@bp.url_defaults
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


@bp.after_request
def remember_language(response):
    """Remember the language on this phone only, so the picker offers it first."""
    if g.get("lang_chosen") and request.cookies.get(LANG_COOKIE) != g.lang:
        response.set_cookie(LANG_COOKIE, g.lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/")
def language_picker():
    codes = [lang.code for lang in enabled_languages()]
    remembered = request.cookies.get(LANG_COOKIE)
    suggested = remembered if remembered in codes else best_language(request.accept_languages, codes)
    g.lang = suggested or current_app.config["ENABLED_LANGUAGES"][0]
    next_path = request.args.get("next", "")
    if not NEXT_PATH.match(next_path):
        next_path = ""
    response = current_app.make_response(
        render_template(
            "resident/picker.html",
            languages=enabled_languages(),
            suggested=LANGUAGES[suggested] if suggested else None,
            next_path=next_path,
        )
    )
    response.vary.update(["Accept-Language", "Cookie"])
    return response


@bp.get("/<lang>/")
def centre_picker():
    centres = list(db.session().scalars(select(Centre).order_by(Centre.name)))
    default = current_app.config["DEFAULT_CENTRE"]
    if len(centres) == 1 or any(c.slug == default for c in centres):
        return redirect(url_for(".home", centre=default or centres[0].slug))
    return render_template("resident/centres.html", centres=centres)


@bp.get("/<lang>/<centre>/")
def home():
    session = db.session()
    topics = reading.topics_for(session, g.centre)
    return render_template("resident/home.html", topics=topics)


@bp.get("/<lang>/<centre>/topics/<slug>")
def topic(slug):
    session = db.session()
    found = reading.find_topic(session, slug)
    pages = reading.pages_in(session, found, g.centre) if found else []
    if not pages:
        abort(404)
    return render_template(
        "resident/topic.html", topic=found, pages=reading.localize(session, pages, g.lang)
    )


@bp.get("/<lang>/<centre>/pages/<slug>")
def page(slug):
    session = db.session()
    found = reading.find_page(session, slug, g.centre)
    if found is None:
        abort(404)
    [localized] = reading.localize(session, [found], g.lang)
    return render_template(
        "resident/page.html",
        page=localized,
        page_media=media_for(found, localized.shown_lang),
    )


@bp.get("/<lang>/<centre>/help")
def help_now():
    return render_template("resident/help.html")


@bp.get("/<lang>/<centre>/privacy")
def privacy():
    return render_template("resident/privacy.html")


@bp.after_request
def revalidate_pages(response):
    """Pages may change at any time: phones keep a copy but ask again, and an
    unchanged page costs a 304 with no body instead of the whole page."""
    if response.status_code == 200 and response.mimetype == "text/html":
        return conditional(response)
    return response
