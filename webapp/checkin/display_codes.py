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
    """The meeting's codes (``codes.codes_for``: exactly the windows a check-in
    is accepted in) for up to ``count`` windows from ``start``, compact:

    ``{"opens": <first window of the meeting>, "last": <its last window>,
    "first": <window of codes[0]>, "codes": [<modules>, ...]}``, one code per
    window from ``first`` on, each as ``qr.packed_modules``. The server signs
    every code; the display only draws the modules. ValueError for a check-in
    span no display can serve (over 24 hours)."""
    kid, key = signing_key()
    every = codes.codes_for(key, meeting.id, meeting.checkin_opens, meeting.checkin_closes, kid)
    opens, last = every[0][0], every[-1][0]
    first = max(start, opens)
    chosen = every[first - opens:first - opens + count]
    return {"opens": opens, "last": last, "first": first,
            "codes": [qr.packed_modules(codes.code_url(base_url, code)) for _window, code in chosen]}
