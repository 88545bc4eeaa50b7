"""Template helpers: the current language, icons and cache-busted static URLs."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from babel.lists import format_list
from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time
from markupsafe import Markup

from webapp.l10n import current_language
from webapp.l10n.dates import phone_datetime_format
from webapp.l10n.fallbacks import requested_order
from webapp.l10n.languages import ETHIOPIC_LANGUAGES, LANGUAGES, cldr_name, content_fallbacks
from webapp.l10n.status import catalog_is_draft

# Icons that point "forwards" or "back" and must be flipped in right-to-left text.
MIRRORED_ICONS = {"arrow-back", "chevron"}


@lru_cache(maxsize=256)
def _file_hash(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A static URL carrying the file's content hash, so it can be cached for a
    year and a release only makes phones download the files that changed."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_file_hash(str(path), path.stat().st_mtime))


def icon(name: str) -> Markup:
    mirror = " icon-mirror" if name in MIRRORED_ICONS else ""
    href = static_url("img/icons.svg") + "#" + name
    return Markup(
        f'<svg class="icon{mirror}" aria-hidden="true" focusable="false"><use href="{href}"></use></svg>'
    )


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Norwegian" to an English
    reader, "النرويجية" to an Arabic one), from CLDR; its endonym where CLDR
    has no name (Dari in Sorani)."""
    return cldr_name(code, current_language().locale) or LANGUAGES[code].endonym


def language_in_text(code: str) -> Markup:
    """``language_name`` to sit inside a sentence: isolated, so that a name in
    the other direction cannot reorder the sentence around it."""
    name = language_name(code)
    if name == LANGUAGES[code].endonym and code != current_language().code:
        return Markup('<bdi lang="%s">%s</bdi>') % (code, name)
    return Markup("<bdi>%s</bdi>") % name


def bdi(text: str) -> Markup:
    """The reader's own words (a query) isolated inside a sentence: an English
    question in an Arabic heading keeps its place and word order. Quoted as
    typed, so not to be translated."""
    return Markup('<bdi translate="no">%s</bdi>') % text


def proper_name(text: str) -> Markup:
    """A name from the database (a centre, a person): isolated like ``bdi``
    ("(demo)" keeps its brackets in Arabic) and marked as not to be translated."""
    return Markup('<bdi translate="no">%s</bdi>') % text


def language_with_endonym(code: str) -> Markup:
    """"Tigrinya (ትግርኛ)": the name in the reader's language, and the
    language's own name for whoever speaks it (an interpreter's language)."""
    language = LANGUAGES[code]
    name = language_in_text(code)
    if language_name(code) == language.endonym or code == current_language().code:
        return name
    return name + Markup(' (<bdi lang="%s">%s</bdi>)') % (code, language.endonym)


def language_list(codes) -> Markup:
    """Languages joined as the reader's language joins a list, each with its
    own name: "Arabic (العربية), Dari (دری) and Tigrinya (ትግርኛ)"."""
    names = [language_with_endonym(code) for code in codes]
    return Markup(format_list([str(name) for name in names], locale=current_language().locale))


def site_name(url: str) -> str:
    """``https://www.helsenorge.no/frikort/`` -> ``helsenorge.no``: short and readable."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def tel_href(number: str) -> str:
    return "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        static_url=static_url,
        icon=icon,
        tel_href=tel_href,
        languages=LANGUAGES,
        ethiopic_languages=ETHIOPIC_LANGUAGES,
        current_language=current_language,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_time=format_time,
        language_name=language_name,
        language_in_text=language_in_text,
        bdi=bdi,
        proper_name=proper_name,
        language_list=language_list,
        language_with_endonym=language_with_endonym,
        phone_datetime_format=phone_datetime_format,
        catalog_is_draft=catalog_is_draft,
    )
    app.jinja_env.filters["site_name"] = site_name
    app.jinja_env.filters["endonym"] = lambda code: LANGUAGES[code].endonym if code in LANGUAGES else code

    @app.context_processor
    def content_languages():
        """The languages to try for content, best first (see content_fallbacks),
        in the reader's own order when the URL carries one (``?also=``)."""
        code = current_language().code
        return {"content_languages": content_fallbacks(code, "nb", requested_order(code))}

    @app.after_request
    def cache_static_for_a_year(response):
        # Versioned URLs never change content, unversioned ones must revalidate.
        if request.endpoint == "static":
            if request.args.get("v"):
                response.cache_control.no_cache = None  # Flask's default: a year means a year
                response.cache_control.max_age = 365 * 24 * 3600
                response.cache_control.public = True
                response.cache_control.immutable = True
            else:
                response.cache_control.no_cache = True
        return response
