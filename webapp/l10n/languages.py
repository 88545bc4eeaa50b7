"""The languages Veiviser speaks.

Each language is offered by its own name (endonym). ``babel_locale`` is the
CLDR locale used for dates and numbers: CLDR has no data for Dari (``prs``), so
Dari uses Afghan Persian (``fa_AF``) for formatting while keeping its own
catalog, separate from Farsi. Kurmanji (``kmr``) formats with CLDR's ``ku``.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from webapp.l10n.fallbacks import content_fallbacks  # noqa: F401  (where it always was)


@dataclass(frozen=True)
class Language:
    code: str  # the code used in URLs, catalogs and content (ISO 639)
    endonym: str
    english_name: str
    rtl: bool = False
    babel_locale: str | None = None  # when CLDR has no data under ``code``

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.babel_locale or self.code)


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in [
        Language("nb", "Norsk bokmål", "Norwegian Bokmål"),
        Language("en", "English", "English"),
        Language("uk", "Українська", "Ukrainian"),
        Language("ar", "العربية", "Arabic", rtl=True),
        Language("ti", "ትግርኛ", "Tigrinya"),
        Language("prs", "دری", "Dari", rtl=True, babel_locale="fa_AF"),
        Language("ru", "Русский", "Russian"),
        Language("tr", "Türkçe", "Turkish"),
        Language("so", "Soomaali", "Somali"),
        Language("fa", "فارسی", "Farsi (Persian)", rtl=True),
        Language("ps", "پښتو", "Pashto", rtl=True),
        Language("kmr", "Kurmancî", "Kurmanji (Northern Kurdish)", babel_locale="ku"),
        Language("ckb", "کوردی (سۆرانی)", "Sorani (Central Kurdish)", rtl=True),
        Language("am", "አማርኛ", "Amharic"),
        Language("es", "Español", "Spanish"),
        Language("fr", "Français", "French"),
    ]
}

# Written in Ethiopic script, which many phones and TVs have no font for.
ETHIOPIC_LANGUAGES = ("ti", "am")
SOURCE_LANGUAGES = ("nb", "en")  # languages nurses write source text in
DEFAULT_LANGUAGE = "en"


def cldr_name(code: str, reader: Locale) -> str | None:
    """Language ``code``'s name in the ``reader``'s locale, from CLDR; under
    the language's ``babel_locale`` where CLDR has none under our code
    (Dari: ``fa_AF``, Kurmanji: ``ku``); None where CLDR has neither."""
    language = LANGUAGES[code]
    return reader.languages.get(code) or reader.languages.get(str(language.locale))
