"""The host's display for a meeting (a QR code that changes every 30 seconds,
and the live head count), the codes it shows, and the count it polls."""
from __future__ import annotations

from flask import abort, current_app, jsonify, render_template, request

from models import Meeting
from webapp import db
from webapp.checkin import codes
from webapp.checkin.counting import drawn_code, head_count, signing_key
from webapp.checkin.resident_text import DISPLAY_INSTRUCTION
from webapp.l10n import resident_text
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import at_my_centre_or_404


@requires(EVERY_ROLE)
def meeting_display(meeting_id: int):
    """Full screen for the meeting room's TV: a new code every 30 seconds and
    the head count. Instructions in the centre's main languages."""
    session = db.session()
    meeting = at_my_centre_or_404(session, Meeting, meeting_id)
    languages = [code for code in meeting.centre.main_language_codes if code in current_app.config["ENABLED_LANGUAGES"]]
    instructions = [(code, resident_text(code, DISPLAY_INSTRUCTION)) for code in languages]
    return render_template("staff/display.html", meeting=meeting, instructions=instructions,
                           window_seconds=codes.WINDOW_SECONDS)


@requires(EVERY_ROLE)
def meeting_codes(meeting_id: int):
    """Every code of the meeting's check-in window, drawn ahead, so the display
    keeps showing valid codes when its network drops. Staff only: whoever has
    this list could check in from anywhere."""
    meeting = at_my_centre_or_404(db.session(), Meeting, meeting_id)
    kid, key = signing_key()
    try:
        windows = codes.codes_for(key, meeting.id, meeting.checkin_opens, meeting.checkin_closes, kid)
    except ValueError:
        abort(422)  # a check-in longer than a day (a meeting saved before the form refused it)
    return jsonify(codes=[{"window": window, "svg": drawn_code(request.host_url.rstrip("/"), code)}
                         for window, code in windows])


@requires(EVERY_ROLE)
def meeting_count(meeting_id: int):
    meeting = at_my_centre_or_404(db.session(), Meeting, meeting_id)
    live, later = head_count(db.session(), meeting.id)
    return jsonify(live=live, later=later, total=live + later, server_window=codes.current_window())
