"""Languages as staff see them: the name in the staff member's language, then
the language's own name (endonym) where the two differ, so that staff who do
not read the script can tell دری from فارسی and ትግርኛ from አማርኛ:
"Dari (دری)", "Tigrinya (ትግርኛ)"; in Norwegian "dari (دری)".

Names come from CLDR (``Locale(staff language).languages``). CLDR has no name
under some of our codes: then the name of the language's ``babel_locale``
(Dari: ``fa_AF`` → "Dari"/"dari"; Kurmanji: ``ku`` → "Kurdish"/"kurdisk"),
and failing that the English name from ``webapp.l10n.languages``.

The endonym is isolated (``<bdi>``, with its own ``lang`` and ``dir``), so a
right-to-left name cannot reorder the text around it. Where markup cannot go
(``<option>``, ``title``), the plain-text form isolates it with the Unicode
marks FSI … PDI, which do the same.
"""
from __future__ import annotations

from markupsafe import Markup

from webapp.l10n.languages import LANGUAGES, cldr_name
from webapp.staff.dates import staff_locale

FSI, PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate


def staff_language_name(code: str) -> str:
    """The language's name in the staff member's language ("Dari", "dari")."""
    language = LANGUAGES.get(code)
    if language is None:
        return code
    return cldr_name(code, staff_locale()) or language.english_name


def _endonym_differs(code: str, name: str) -> bool:
    return LANGUAGES[code].endonym.casefold() != name.casefold()


def language_label(code: str) -> Markup:
    """``Dari (<bdi lang="prs" dir="rtl">دری</bdi>)``; just ``English`` when
    the name is the endonym."""
    name = staff_language_name(code)
    if code not in LANGUAGES or not _endonym_differs(code, name):
        return Markup("%s") % name
    language = LANGUAGES[code]
    return Markup('%s (<bdi lang="%s" dir="%s">%s</bdi>)') % (name, code, language.dir, language.endonym)


def language_label_text(code: str) -> str:
    """``language_label`` as plain text, for ``<option>`` and attributes."""
    name = staff_language_name(code)
    if code not in LANGUAGES or not _endonym_differs(code, name):
        return name
    return f"{name} ({FSI}{LANGUAGES[code].endonym}{PDI})"


TEMPLATE_HELPERS = {
    "language_label": language_label,
    "language_label_text": language_label_text,
    "staff_language_name": staff_language_name,
}
