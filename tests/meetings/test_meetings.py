"""Meetings: what residents see, the calendar file, and the staff form."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from models import Meeting
from tests.staff_helpers import post


def test_residents_see_upcoming_meetings_in_their_language(client, db_session):
    html = client.get("/ar/demo/meetings").get_data(as_text=True)
    assert "حوار صحي 1 من 4" in html  # the health dialogue series, in Arabic
    assert '<bdi>التغرينية</bdi> (<bdi lang="ti">ትግርኛ</bdi>)' in html  # interpreters: in Arabic, and by their own names
    assert html.count("download") >= 5  # every meeting can go into the calendar
    # A meeting whose title is not in Russian says which language it is shown in.
    assert "Язык: <bdi>английский</bdi>" in client.get("/ru/demo/meetings").get_data(as_text=True)


def test_weekday_and_time_are_in_centre_time_and_the_readers_words(client, db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.starts_at.desc()))
    meeting.starts_at = dt.datetime(2030, 1, 7, 12, 0, tzinfo=dt.UTC)  # a Monday, 13:00 in Oslo
    meeting.ends_at = dt.datetime(2030, 1, 7, 14, 0, tzinfo=dt.UTC)
    db_session.flush()
    english = client.get("/en/demo/meetings").get_data(as_text=True)
    assert "Monday, January 7, 2030, 1:00" in english
    assert "mandag 7. januar 2030, 13:00–15:00" in client.get("/nb/demo/meetings").get_data(as_text=True)


def test_past_and_cancelled_meetings_are_not_listed(client, db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.starts_at.desc()))
    title = next(t.title for t in meeting.translations if t.lang == "en")
    meeting.cancelled = True
    db_session.flush()
    assert title not in client.get("/en/demo/meetings").get_data(as_text=True)


def test_calendar_file_is_valid_icalendar(client, db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.starts_at))
    response = client.get(f"/en/demo/meetings/{meeting.id}.ics")
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"DTSTART:{meeting.starts_at.strftime('%Y%m%dT%H%M%SZ')}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert client.get("/en/demo/meetings/99999.ics").status_code == 404


def test_a_meeting_is_in_progress_after_seeding(db_session):
    now = dt.datetime.now(dt.UTC)
    meetings = db_session.scalars(select(Meeting)).all()
    assert any(m.checkin_opens <= now <= m.checkin_closes for m in meetings)


def test_hosts_create_meetings_and_bad_input_is_refused(staff_client, db_session, client):
    host = staff_client("host")
    form = {
        "centre": str(db_session.scalar(select(Meeting.centre_id).limit(1))),
        "date": "2031-03-04", "start": "10:00", "end": "11:30", "place": "Room 1",
        "interpreters": ["ar", "ti"], "food": "1", "checkin_opens_before": "15", "checkin_closes_after": "30",
        "title_nb": "Kaffeprat", "title_en": "Coffee chat", "series": "Helsedialog",
    }
    assert post(host, "/staff/meetings/new", form).status_code == 302
    meeting = db_session.scalar(select(Meeting).where(Meeting.place == "Room 1"))
    assert meeting.starts_at == dt.datetime(2031, 3, 4, 9, 0, tzinfo=dt.UTC)  # 10:00 in Oslo
    assert meeting.interpreter_codes == ["ar", "ti"]
    assert meeting.series.name == "Helsedialog" and len(meeting.series.meetings) == 5  # joined the demo series
    assert "Coffee chat" in client.get("/en/demo/meetings").get_data(as_text=True)

    for broken in ({"end": "09:00"}, {"date": "not a date"}, {"title_nb": ""}, {"start": "25:99"}):
        response = post(host, "/staff/meetings/new", {**form, **broken, "place": "Broken"})
        assert response.status_code == 422, broken
    assert db_session.scalar(select(Meeting).where(Meeting.place == "Broken")) is None

    # A whole day with four-hour margins: more check-in codes than a display can fetch.
    whole_day = {**form, "start": "00:00", "end": "23:59", "checkin_opens_before": "240",
                 "checkin_closes_after": "240", "place": "All day"}
    response = post(host, "/staff/meetings/new", whole_day)
    assert response.status_code == 422 and "at most 24 hours" in response.get_data(as_text=True)


def test_a_meeting_saved_with_too_long_a_check_in_gets_a_clear_refusal_not_an_error(staff_client, db_session):
    host = staff_client("host")
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.starts_at))
    meeting.checkin_opens_before = meeting.checkin_closes_after = 24 * 60  # as an old release could save it
    db_session.flush()
    assert host.get(f"/staff/meetings/{meeting.id}/codes.json").status_code == 422
    assert host.get(f"/staff/meetings/{meeting.id}/display").status_code == 422


def test_a_title_with_line_breaks_and_commas_stays_one_calendar_field(client, db_session):
    meeting = db_session.scalar(select(Meeting).order_by(Meeting.starts_at))
    translation = meeting.translations[0]
    translation.title = "Coffee\rBEGIN:VEVENT\nSUMMARY:fake; with, commas"
    db_session.flush()
    text = client.get(f"/{translation.lang}/demo/meetings/{meeting.id}.ics").get_data(as_text=True)
    lines = text.replace("\r\n ", "").split("\r\n")  # unfolded
    assert lines.count("BEGIN:VEVENT") == 1 and not any(line.startswith("SUMMARY:fake") for line in lines)
    assert "SUMMARY:Coffee\\nBEGIN:VEVENT\\nSUMMARY:fake\\; with\\, commas" in lines
