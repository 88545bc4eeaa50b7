"""Dates the phone writes itself ("Last updated …"), in the reader's language.

A phone's own date formatting (``Intl``) knows only the locales its browser
ships: many Android and desktop builds have no Tigrinya, Somali, Pashto,
Kurdish or Sorani data and write English instead. So the server hands the
phone CLDR's pattern and names for the language (from Babel, the same data
every server-rendered date uses) and static/js/app.js fills them in.
"""
from __future__ import annotations

from babel import Locale


def phone_datetime_format(locale: Locale) -> dict[str, str]:
    """CLDR's medium date with short time for ``locale``: the pattern, and
    the month and day-period names it uses, "|"-separated (attributes of the
    element the phone fills in: a few hundred bytes, only where it is needed)."""
    date = locale.date_formats["medium"].pattern
    time = locale.time_formats["short"].pattern
    pattern = locale.datetime_formats["medium"].replace("{1}", date).replace("{0}", time)
    width = "wide" if "MMMM" in pattern else "abbreviated"
    periods = locale.day_periods["format"]["abbreviated"]
    return {
        "data-pattern": pattern,
        "data-months": "|".join(locale.months["format"][width][m] for m in range(1, 13)) if "MMM" in pattern else "",
        "data-periods": f"{periods['am']}|{periods['pm']}" if "a" in pattern.replace("'", "") else "",
    }
