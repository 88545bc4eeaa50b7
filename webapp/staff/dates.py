"""Dates, times and numbers on staff pages, written the way the staff member
reads them, in centre time.

Why this exists: Flask-Babel formats with the request's locale, and on staff
pages that is the bare CLDR locale of the UI language (``webapp.l10n``'s
locale selector reads ``g.lang``, which ``staff_language`` sets to
``current_user.language``). CLDR's ``en`` is American English, so staff who
use the English pages (the default for a new account, and every demo account)
got "1/2/27, 1:00 PM"; the ``'short'`` style also gave Norwegian staff only
digits ("02.01.2027"). Veiviser runs in Norway, so staff formats are:

- Norwegian staff: ``nb_NO``, "2. jan. 2027, 13:00";
- English staff: ``en_GB`` (day before month, 24-hour clock), "2 Jan 2027, 13:00".

Every staff template formats with these helpers (registered as template
globals by the staff blueprint) and never with Flask-Babel's
``format_datetime`` & co. The patterns come from CLDR skeletons, so each
locale keeps its own order and punctuation.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import Locale, dates, numbers

from webapp.clock import CENTRE_TIME
from webapp.l10n import current_language

# The CLDR locale each staff UI language formats with.
STAFF_LOCALES = {"nb": "nb_NO", "en": "en_GB"}
DEFAULT_STAFF_LOCALE = "en_GB"

# CLDR skeletons: which fields to show; the locale decides order and punctuation.
DATE = "yMMMd"  # 2. jan. 2027 / 2 Jan 2027
DATE_WEEKDAY = "yMMMEd"  # lør. 2. jan. 2027 / Sat, 2 Jan 2027
LONG_DATE = "yMMMMd"  # 2. januar 2027 / 2 January 2027
LONG_DATE_WEEKDAY = "yMMMMEEEEd"  # lør. 2. januar 2027 / Saturday, 2 January 2027
TIME = "Hm"  # 13:00, in every locale: the 24-hour clock
TIME_SECONDS = "Hms"  # 13:00:00


def staff_locale() -> Locale:
    """The locale staff pages format with: the page's UI language (the staff
    member's own language once signed in), mapped to a Norwegian-use locale."""
    return Locale.parse(STAFF_LOCALES.get(current_language().code, DEFAULT_STAFF_LOCALE))


def _pattern(skeleton: str, locale: Locale) -> str:
    found = dates.match_skeleton(skeleton, locale.datetime_skeletons) or skeleton
    return locale.datetime_skeletons[found].pattern


def _date_skeleton(weekday: bool, long: bool) -> str:
    if long:
        return LONG_DATE_WEEKDAY if weekday else LONG_DATE
    return DATE_WEEKDAY if weekday else DATE


def _in_utc(value: dt.datetime) -> dt.datetime:
    """Stored times are UTC; a naive one (never expected) is taken as UTC too."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def staff_datetime(value: dt.datetime | None, *, weekday: bool = False, seconds: bool = False,
                   long: bool = False) -> str:
    """``2. jan. 2027, 13:00`` (nb), ``2 Jan 2027, 13:00`` (en), in centre time."""
    if value is None:
        return ""
    locale = staff_locale()
    date_part = _pattern(_date_skeleton(weekday, long), locale)
    time_part = _pattern(TIME_SECONDS if seconds else TIME, locale)
    glue = locale.datetime_formats["long" if long else "medium"]
    pattern = glue.replace("{1}", date_part).replace("{0}", time_part)
    return dates.format_datetime(_in_utc(value), pattern, tzinfo=CENTRE_TIME, locale=locale)


def staff_date(value: dt.date | dt.datetime | None, *, weekday: bool = False, long: bool = False) -> str:
    """``2. jan. 2027`` (nb), ``2 Jan 2027`` (en). A datetime is first put in centre time."""
    if value is None:
        return ""
    locale = staff_locale()
    if isinstance(value, dt.datetime):
        value = _in_utc(value).astimezone(CENTRE_TIME).date()
    return dates.format_date(value, _pattern(_date_skeleton(weekday, long), locale), locale=locale)


def staff_time(value: dt.datetime | dt.time | None, *, seconds: bool = False) -> str:
    """``13:00`` in centre time, for every staff language."""
    if value is None:
        return ""
    locale = staff_locale()
    pattern = _pattern(TIME_SECONDS if seconds else TIME, locale)
    if isinstance(value, dt.datetime):
        return dates.format_time(_in_utc(value), pattern, tzinfo=CENTRE_TIME, locale=locale)
    return dates.format_time(value, pattern, locale=locale)


def staff_number(value: float | int | Decimal | None, pattern: str | None = None) -> str:
    """``1 234,5`` (nb), ``1,234.5`` (en); ``pattern`` as in Babel (``'0.0'``)."""
    if value is None:
        return ""
    return numbers.format_decimal(value, format=pattern, locale=staff_locale())


TEMPLATE_HELPERS = {
    "staff_datetime": staff_datetime,
    "staff_date": staff_date,
    "staff_time": staff_time,
    "staff_number": staff_number,
}
