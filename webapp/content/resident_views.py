"""What residents read: the language and centre pickers, home, topics, pages,
help and privacy, and the pages' pictures and audio."""
from __future__ import annotations

import re

from flask import abort, current_app, g, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user
from sqlalchemy import select

from models import Centre, Page, PageMedia
from webapp import db
from webapp.content import reading
from webapp.content.media import media_dir, media_for
from webapp.l10n import enabled_languages
from webapp.l10n.fallbacks import offered_languages, requested_order
from webapp.l10n.languages import LANGUAGES
from webapp.l10n.negotiation import best_language
from webapp.resident.page_cache import not_cached
from webapp.staff.access import EDITORS
from webapp.staff.scope import may_see

ONE_YEAR = 365 * 24 * 3600
# What may follow /<lang>/ in a language-switch link: a resident path, nothing else.
NEXT_PATH = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)*/?$")


@not_cached  # it depends on the browser's languages, not only the URL
def language_picker():
    """Every language by its own name, the browser's first. The language
    chosen last on this phone is put first by static/js/picker.js."""
    codes = [lang.code for lang in enabled_languages()]
    suggested = best_language(request.accept_languages, codes)
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
    response.vary.add("Accept-Language")
    return response


def centre_picker():
    centres = list(db.session().scalars(select(Centre).order_by(Centre.name)))
    default = current_app.config["DEFAULT_CENTRE"]
    if len(centres) == 1 or any(c.slug == default for c in centres):
        return redirect(url_for(".home", centre=default or centres[0].slug))
    return render_template("resident/centres.html", centres=centres)


def home():
    session = db.session()
    topics = reading.topics_for(session, g.centre)
    return render_template("resident/home.html", topics=topics)


def topic(slug):
    session = db.session()
    found = reading.find_topic(session, slug)
    pages = reading.pages_in(session, found, g.centre) if found else []
    if not pages:
        abort(404)
    return render_template(
        "resident/topic.html", topic=found, pages=reading.localize(session, pages, g.lang, requested_order(g.lang))
    )


def page(slug):
    session = db.session()
    found = reading.find_page(session, slug, g.centre)
    if found is None:
        abort(404)
    [localized] = reading.localize(session, [found], g.lang, requested_order(g.lang))
    available = reading.languages_of(session, found) if localized.is_fallback else []
    return render_template(
        "resident/page.html",
        page=localized,
        page_media=media_for(found, localized.shown_lang),
        available=available,
        offered=[code for code in offered_languages(g.lang) if code in available and code != localized.shown_lang],
    )


def help_now():
    return render_template("resident/help.html")


def privacy():
    return render_template("resident/privacy.html")


def media_file(media_id: int, filename: str):
    """A page's picture or recording, cached for a year (a changed file gets a
    new id, so a URL never changes its content). The files of a page that is
    not published only for the staff who may edit it, never kept by a cache."""
    media = db.session().get(PageMedia, media_id)
    if media is None or media.filename != filename:
        abort(404)
    page = db.session().get(Page, media.page_id)
    if page is None:
        abort(404)
    if page.published:
        return send_from_directory(media_dir(), media.filename, mimetype=media.mime_type, max_age=ONE_YEAR)
    if not (current_user.is_authenticated and current_user.role in EDITORS and may_see(page)):
        abort(404)
    response = send_from_directory(media_dir(), media.filename, mimetype=media.mime_type)
    response.cache_control.no_store = True
    response.cache_control.private = True
    return response
