"""Dates the phone writes itself ("Last updated …"), in the reader's language.

A phone's own date formatting (``Intl``) knows only the locales its browser
ships: many Android and desktop builds have no Tigrinya, Somali, Pashto,
Kurdish or Sorani data and write English instead. So the server hands the
phone CLDR's pattern and names for the language (from Babel, the same data
every server-rendered date uses) and static/js/app.js fills them in.
"""
from __future__ import annotations

from babel import Locale


def phone_datetime_format(locale: Locale) -> dict:
    """CLDR's medium date with short time for ``locale``, as a pattern and
    the month and day-period names it needs."""
    date = locale.date_formats["medium"].pattern
    time = locale.time_formats["short"].pattern
    periods = locale.day_periods["format"]["abbreviated"]
    return {
        "pattern": locale.datetime_formats["medium"].replace("{1}", date).replace("{0}", time),
        "months": [locale.months["format"]["abbreviated"][m] for m in range(1, 13)],
        "monthsWide": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        "periods": [periods["am"], periods["pm"]],
    }
