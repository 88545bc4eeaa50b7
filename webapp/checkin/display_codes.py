"""The codes a meeting's display shows: signed here, for the display to draw
(display.js) while its network comes and goes."""
from __future__ import annotations

from models import Meeting
from webapp import qr
from webapp.checkin import codes
from webapp.checkin.counting import signing_key


def signed_code(meeting: Meeting, window: int) -> str:
    """The meeting's code for ``window``, signed with the newest key."""
    kid, key = signing_key()
    return codes.sign(key, meeting.id, window, kid)


def packed_codes(meeting: Meeting, start: int, count: int, base_url: str) -> dict:
    """The meeting's codes for up to ``count`` windows from ``start`` (none
    before check-in opens or after it closes), compact:

    ``{"opens": <first window of the meeting>, "last": <its last window>,
    "first": <window of codes[0]>, "codes": [<modules>, ...]}``, one code per
    window from ``first`` on, each as ``qr.packed_modules``. The server signs
    every code, as before; the display only draws the modules.
    """
    opens, last = codes.window_at(meeting.checkin_opens), codes.window_at(meeting.checkin_closes)
    first = max(start, opens)
    windows = range(first, min(first + count, last + 1))
    return {"opens": opens, "last": last, "first": first,
            "codes": [qr.packed_modules(codes.code_url(base_url, signed_code(meeting, w))) for w in windows]}
