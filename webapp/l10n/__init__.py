"""Flask-Babel wiring: the request's language comes from the URL (resident
pages) and catalogs are looked up by our own language code, so Dari and Farsi,
Kurmanji and Sorani never share a catalog."""
from __future__ import annotations

import io
from functools import cached_property

from babel import support
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g
from flask_babel import Babel, Domain

from i18n import CATALOG_DIR
from webapp.l10n.languages import DEFAULT_LANGUAGE, LANGUAGES, Language

DOMAIN = "messages"  # everything residents see, in all 16 languages
STAFF_DOMAIN = "staff"  # the staff pages, in Norwegian and English only
# Which languages each catalog domain is kept in.
DOMAIN_LANGUAGES = {DOMAIN: tuple(LANGUAGES), STAFF_DOMAIN: ("nb", "en")}


def current_language() -> Language:
    return LANGUAGES[getattr(g, "lang", None) or DEFAULT_LANGUAGE]


def enabled_languages() -> list[Language]:
    return [LANGUAGES[code] for code in current_app.config["ENABLED_LANGUAGES"]]


class CatalogDomain(Domain):
    """Loads ``i18n/<code>/LC_MESSAGES/messages.mo`` by language code.

    Flask-Babel would look catalogs up by the CLDR locale, which is ``fa_AF``
    for Dari and would then fall back to the Farsi catalog.
    """

    def get_translations(self):
        code = current_language().code
        try:
            return self.cache[code]
        except KeyError:
            translations = load_catalog(code, self.domain[0])
            self.cache[code] = translations
            return translations


def load_catalog(code: str, domain: str) -> support.Translations:
    """The compiled catalog (``make catalogs``), or, where it is missing or
    older than its source (a fresh ``pip install``), the source compiled in
    memory: a catalog is never silently left out."""
    po = CATALOG_DIR / code / "LC_MESSAGES" / f"{domain}.po"
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return support.Translations.load(str(CATALOG_DIR), [code], domain)
    compiled = io.BytesIO()
    with po.open("rb") as source:
        write_mo(compiled, read_po(source, locale=code))
    compiled.seek(0)
    return support.Translations(compiled, domain=domain)


resident_domain = CatalogDomain(domain=DOMAIN)
staff_domain = CatalogDomain(domain=STAFF_DOMAIN)


def resident_text(code: str, message: str) -> str:
    """``message`` from the residents' catalog in language ``code``, whatever
    the current request's language (the host's display shows several)."""
    saved = g.get("lang")
    g.lang = code
    try:
        return resident_domain.gettext(message)
    finally:
        g.lang = saved


class CatalogBabel(Babel):
    @cached_property
    def domain_instance(self):
        return resident_domain


def init_app(app: Flask) -> None:
    CatalogBabel(app, locale_selector=lambda: str(current_language().locale))
