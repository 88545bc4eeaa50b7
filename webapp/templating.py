"""Template helpers: the current language, icons and cache-busted static URLs."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, format_time
from markupsafe import Markup

from webapp.l10n import current_language
from webapp.l10n.languages import LANGUAGES, content_fallbacks
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
    reader, "النرويجية" to an Arabic one), from CLDR; its endonym if CLDR has none."""
    name = current_language().locale.languages.get(code)
    return name or LANGUAGES[code].endonym


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
        current_language=current_language,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        format_time=format_time,
        language_name=language_name,
        catalog_is_draft=catalog_is_draft,
    )
    app.jinja_env.filters["site_name"] = site_name
    app.jinja_env.filters["endonym"] = lambda code: LANGUAGES[code].endonym if code in LANGUAGES else code

    @app.context_processor
    def content_languages():
        """The languages to try for content, best first (see content_fallbacks)."""
        return {"content_languages": content_fallbacks(current_language().code, "nb")}

    @app.after_request
    def cache_static_for_a_year(response):
        # Versioned URLs never change content, unversioned ones must revalidate.
        if request.endpoint == "static":
            if request.args.get("v"):
                response.cache_control.max_age = 365 * 24 * 3600
                response.cache_control.public = True
                response.cache_control.immutable = True
            else:
                response.cache_control.no_cache = True
        return response
