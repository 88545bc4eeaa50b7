"""Creating and changing meetings from the staff form."""
from __future__ import annotations

import datetime as dt

from flask import current_app, request
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Meeting, MeetingSeries, MeetingTranslation, limits
from models.meetings import MAX_CHECKIN_SPAN
from webapp.clock import CENTRE_TIME
from webapp.staff import forms


def read_meeting_form(session: Session, meeting: Meeting) -> None:
    """Fill ``meeting`` from the posted form; raises forms.FormError."""
    day = forms.date_or_none("date")
    if day is None:
        raise forms.FormError(_("Please fill in every required field."))
    starts, ends = _time("start"), _time("end")
    meeting.starts_at = dt.datetime.combine(day, starts, CENTRE_TIME)
    meeting.ends_at = dt.datetime.combine(day, ends, CENTRE_TIME)
    if meeting.ends_at <= meeting.starts_at:
        raise forms.FormError(_("The meeting must end after it starts."))
    meeting.place = forms.text("place", max_length=limits.NAME, required=False)
    enabled = current_app.config["ENABLED_LANGUAGES"]
    meeting.interpreter_languages = " ".join(
        code for code in request.form.getlist("interpreters") if code in enabled
    )
    meeting.food = forms.checkbox("food")
    meeting.childcare = forms.checkbox("childcare")
    meeting.checkin_opens_before = forms.integer("checkin_opens_before", minimum=0, maximum=240)
    meeting.checkin_closes_after = forms.integer("checkin_closes_after", minimum=0, maximum=240)
    if meeting.checkin_closes - meeting.checkin_opens > MAX_CHECKIN_SPAN:
        raise forms.FormError(_("From check-in opening to closing can be at most 24 hours."))
    series_name = forms.text("series", max_length=limits.NAME, required=False)
    texts = {}
    for lang in enabled:
        title = forms.text(f"title_{lang}", max_length=limits.TITLE, required=lang == meeting.source_lang)
        description = forms.text(f"description_{lang}", max_length=limits.DESCRIPTION, required=False)
        if title:
            texts[lang] = (title, description)
    existing = {t.lang: t for t in meeting.translations}
    for lang, translation in existing.items():
        if lang not in texts:
            meeting.translations.remove(translation)
    for lang, (title, description) in texts.items():
        if lang in existing:
            existing[lang].title, existing[lang].description = title, description
        else:
            meeting.translations.append(MeetingTranslation(lang=lang, title=title, description=description))
    # Last, once everything is valid: joining a series links the meeting to
    # rows in the session, which must not happen to a meeting that is refused.
    meeting.series = _series(session, meeting, series_name)


def _series(session: Session, meeting: Meeting, name: str) -> MeetingSeries | None:
    """The centre's series of that name, made on first use ("" = not part of a series)."""
    if not name:
        return None
    centre_id = meeting.centre.id if meeting.centre else meeting.centre_id
    with session.no_autoflush:  # the meeting is not complete (or not in the session) yet
        series = session.scalar(
            select(MeetingSeries).where(MeetingSeries.centre_id == centre_id, MeetingSeries.name == name)
        )
    return series or MeetingSeries(centre_id=centre_id, name=name)


def _time(name: str) -> dt.time:
    raw = request.form.get(name, "").strip()
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise forms.FormError(_("Please enter a time as HH:MM.")) from None
