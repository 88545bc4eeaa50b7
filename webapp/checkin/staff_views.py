"""The host's display for a meeting (a QR code that changes every 30 seconds,
and the live head count), the codes it shows, and the count it polls."""
from __future__ import annotations

import re

from flask import abort, current_app, jsonify, render_template, request
from flask_login import current_user

from models import Meeting
from webapp import db, qr
from webapp.checkin import codes, display_codes
from webapp.checkin.counting import drawn_code, head_count
from webapp.checkin.resident_text import DISPLAY_INSTRUCTION
from webapp.l10n import resident_text
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import at_my_centre_or_404

# The page itself carries the current code and the next ones (2 minutes), so the
# first code is on the screen at the first paint, before any request; display.js
# then fetches the rest of the meeting in chunks of at most an hour, nearest first.
CODES_IN_PAGE = 4
CODES_PER_REQUEST = 120
_WINDOW_NUMBER = re.compile(r"[0-9]{1,19}")  # never int() alone: it takes "-1", " 1" and "١"


@requires(EVERY_ROLE)
def meeting_display(meeting_id: int):
    """Full screen for the meeting room's TV: a new code every 30 seconds and
    the head count. Title and instructions in the centre's main languages."""
    session = db.session()
    meeting = at_my_centre_or_404(session, Meeting, meeting_id)
    languages = [code for code in meeting.centre.main_language_codes if code in current_app.config["ENABLED_LANGUAGES"]]
    instructions = [(code, resident_text(code, DISPLAY_INSTRUCTION)) for code in languages]
    titles = [(code, text.title) for code in languages if (text := meeting.translation_in([code]))]
    if not titles and (text := meeting.text_in([current_user.language, "nb", "en"])):
        titles = [(text.lang, text.title)]
    now = codes.current_window()
    try:
        ahead = display_codes.packed_codes(meeting, now, CODES_IN_PAGE, _base_url())
    except ValueError:
        abort(422)  # a check-in longer than a day (a meeting saved before the form refused it)
    first = None
    if ahead["codes"] and ahead["first"] == now:
        first = {"window": now, "svg": drawn_code(_base_url(), display_codes.signed_code(meeting, now))}
    return render_template("staff/display.html", meeting=meeting, instructions=instructions, titles=titles,
                           window_seconds=codes.WINDOW_SECONDS, server_window=now, first_code=first,
                           codes_ahead=ahead, qr_border=qr.QR_BORDER)


@requires(EVERY_ROLE)
def meeting_codes(meeting_id: int):
    """The codes of the meeting's check-in window, drawn ahead, so the display
    keeps showing valid codes when its network drops. Staff only: whoever has
    them could check in from anywhere.

    At most ``count`` (up to 120) codes from window ``from`` (default: now)
    on, compact (``display_codes.packed_codes``); the display asks for the
    rest of the meeting so, nearest first.
    """
    meeting = at_my_centre_or_404(db.session(), Meeting, meeting_id)
    start = request.args.get("from", str(codes.current_window()))
    count = request.args.get("count", str(CODES_PER_REQUEST))
    if not (_WINDOW_NUMBER.fullmatch(start) and _WINDOW_NUMBER.fullmatch(count)):
        abort(400, "from and count are whole numbers")
    start, count = int(start), min(int(count), CODES_PER_REQUEST)
    if start > codes.MAX_NUMBER or count < 1:
        abort(400, "from or count out of range")
    try:
        return jsonify(display_codes.packed_codes(meeting, start, count, _base_url()))
    except ValueError:
        abort(422)  # a check-in longer than a day (a meeting saved before the form refused it)


@requires(EVERY_ROLE)
def meeting_count(meeting_id: int):
    meeting = at_my_centre_or_404(db.session(), Meeting, meeting_id)
    live, later = head_count(db.session(), meeting.id)
    return jsonify(live=live, later=later, total=live + later, server_window=codes.current_window())


def _base_url() -> str:
    return request.host_url.rstrip("/")
