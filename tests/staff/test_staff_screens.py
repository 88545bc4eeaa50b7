"""Staff screens that read right: dates, times and numbers in the staff
member's locale (24-hour clock, centre time), languages named in the staff
language with their own name beside them, and the page list's markers."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from flask import g
from sqlalchemy import select

from models import Centre, Meeting, MeetingTranslation, Page
from tests.staff_helpers import post
from webapp.demo.seed import seed_demo_feedback
from webapp.staff.dates import staff_date, staff_datetime, staff_number, staff_time
from webapp.staff.language_names import FSI, PDI, language_label, language_label_text

BEFORE_NEW_YEAR = dt.datetime(2026, 12, 20, 9, 0, tzinfo=dt.UTC)
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2}\b")


def new_year_meeting(db_session) -> Meeting:
    """13:00–15:00 in Oslo on 2 January 2027 (UTC+1 in winter)."""
    meeting = Meeting(
        centre=db_session.scalar(select(Centre).where(Centre.slug == "demo")),
        starts_at=dt.datetime(2027, 1, 2, 12, 0, tzinfo=dt.UTC), ends_at=dt.datetime(2027, 1, 2, 14, 0, tzinfo=dt.UTC),
        place="Rom 1", interpreter_languages="prs ti", source_lang="nb",
        translations=[MeetingTranslation(lang="nb", title="Nyttårsmøte")],
    )
    db_session.add(meeting)
    db_session.flush()
    return meeting


def main_of(html: str) -> str:
    return html[html.index("<main"):]


# --- dates and times ------------------------------------------------------------


def test_norwegian_staff_see_norwegian_dates_and_the_24_hour_clock(staff_client, db_session):
    new_year_meeting(db_session)
    with time_machine.travel(BEFORE_NEW_YEAR, tick=False):
        html = main_of(staff_client("host", language="nb").get("/staff/meetings").get_data(as_text=True))
    assert "2. jan. 2027, 13:00–15:00" in html
    assert "PM" not in html and "AM" not in html and not US_DATE.search(html)


def test_english_staff_get_the_24_hour_clock_too(staff_client, db_session):
    new_year_meeting(db_session)
    with time_machine.travel(BEFORE_NEW_YEAR, tick=False):
        html = main_of(staff_client("host", language="en").get("/staff/meetings").get_data(as_text=True))
    assert "2 Jan 2027, 13:00–15:00" in html  # day before month, as in Norway
    assert "PM" not in html and not re.search(r"\b1:00", html) and not US_DATE.search(html)


def test_history_and_audit_log_use_the_staff_members_locale(staff_client, db_session):
    admin = staff_client("admin", language="nb")
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    post(admin, f"/staff/pages/{page.id}/review")
    month = r"(jan|feb|mar|apr|mai|jun|jul|aug|sep|okt|nov|des)\."
    history = main_of(admin.get(f"/staff/pages/{page.id}/history").get_data(as_text=True))
    assert re.search(rf"\d{{1,2}}\. {month} \d{{4}}, \d\d:\d\d<", history)
    audit = main_of(admin.get("/staff/audit").get_data(as_text=True))
    assert re.search(rf"\d{{1,2}}\. {month} \d{{4}}, \d\d:\d\d:\d\d<", audit)  # the log keeps its seconds
    assert "PM" not in history + audit and "AM" not in history + audit


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", ("1. juni 2027, 13:00", "1. juni 2027", "13:00", "1\u00a0234,5")),  # CLDR: "juni" is short
    ("en", ("1 Jun 2027, 13:00", "1 Jun 2027", "13:00", "1,234.5")),
])
def test_the_helpers_write_centre_time_in_summer_too(app, lang, expected):
    summer = dt.datetime(2027, 6, 1, 11, 0, tzinfo=dt.UTC)  # 13:00 in Oslo (UTC+2)
    with app.test_request_context("/staff/"):
        g.lang = lang
        assert (staff_datetime(summer), staff_date(summer), staff_time(summer), staff_number(1234.5)) == expected
        assert staff_datetime(summer.replace(tzinfo=None)) == expected[0]  # a naive time is UTC


def test_long_dates_name_the_weekday_and_the_whole_month(app):
    with app.test_request_context("/staff/"):
        g.lang = "nb"
        written = staff_datetime(dt.datetime(2027, 1, 2, 12, 0, tzinfo=dt.UTC), weekday=True, long=True)
    assert written == "lør. 2. januar 2027, 13:00"


# --- languages --------------------------------------------------------------------


def bdi(code: str, endonym: str, direction: str) -> str:
    return f'<bdi lang="{code}" dir="{direction}">{endonym}</bdi>'


def test_interpreter_choices_name_each_language_in_the_staff_language_and_its_own(staff_client):
    norwegian = staff_client("host", language="nb").get("/staff/meetings/new").get_data(as_text=True)
    for name, code, endonym, direction in [
        ("dari", "prs", "دری", "rtl"), ("persisk", "fa", "فارسی", "rtl"), ("pashto", "ps", "پښتو", "rtl"),
        ("tigrinja", "ti", "ትግርኛ", "ltr"), ("amharisk", "am", "አማርኛ", "ltr"),
    ]:
        assert f"{name} ({bdi(code, endonym, direction)})" in norwegian, name


def test_english_staff_read_dari_tigrinya_and_no_doubled_english(staff_client, db_session):
    new_year_meeting(db_session)
    nurse = staff_client("nurse", language="en")
    for html in (
        nurse.get("/staff/translations").get_data(as_text=True),
        nurse.get("/staff/meetings").get_data(as_text=True),
    ):
        assert f"Dari ({bdi('prs', 'دری', 'rtl')})" in html
        assert f"Tigrinya ({bdi('ti', 'ትግርኛ', 'ltr')})" in html
    translations = nurse.get("/staff/translations").get_data(as_text=True)
    assert "English (<bdi" not in translations and ">English</a>" in translations


def test_lists_where_markup_cannot_go_isolate_the_name_with_unicode_marks(staff_client, db_session):
    admin = staff_client("admin", language="en")
    assert f"Norwegian Bokmål ({FSI}Norsk bokmål{PDI})</option>" in admin.get("/staff/users").get_data(as_text=True)
    seed_demo_feedback(db_session)
    db_session.flush()
    feedback = admin.get("/staff/feedback").get_data(as_text=True)
    languages = re.findall(r'<option value="lang-(\w+)"[^>]*>([^<]*)</option>', feedback)
    labels = dict(languages)  # the demo feedback came in Dari and Tigrinya, among others
    assert labels["prs"] == f"In Dari ({FSI}دری{PDI})" and labels["ti"] == f"In Tigrinya ({FSI}ትግርኛ{PDI})"


def test_label_helpers(app):
    with app.test_request_context("/staff/"):
        g.lang = "nb"
        assert language_label("nb") == "norsk bokmål"  # the same name: said once
        assert language_label("prs") == f"dari ({bdi('prs', 'دری', 'rtl')})"
        assert language_label("kmr") == f"kurdisk ({bdi('kmr', 'Kurmancî', 'ltr')})"
        g.lang = "en"
        assert language_label("en") == "English"
        assert language_label_text("prs") == f"Dari ({FSI}دری{PDI})"
        assert language_label_text("xx") == "xx"


# --- the page list ------------------------------------------------------------------


def chip(html: str, page_id: int, lang: str) -> re.Match:
    found = re.search(
        rf'<a class="status ([^"]*)"\s+href="/staff/pages/{page_id}\?lang={lang}"\s+title="([^"]*)"[^>]*>'
        rf'{lang}(\*?)<span class="visually-hidden">([^<]*)</span></a>',
        html,
    )
    assert found, f"no chip for {lang}"
    return found


def test_page_list_marks_drafts_outdated_translations_and_unpublished_pages_as_the_editor_does(
    staff_client, db_session
):
    nurse = staff_client("nurse", language="en")
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    by_lang = {t.lang: t for t in page.translations}
    by_lang["ar"].draft, by_lang["ti"].draft = True, False
    page.published = False
    db_session.flush()
    post(nurse, f"/staff/pages/{page.id}/source", {"title": page.revisions[-1].title, "body": "Ny tekst.\n",
                                                  "change_note": "Ny tekst."})

    listed = nurse.get("/staff/pages").get_data(as_text=True)
    editor = nurse.get(f"/staff/pages/{page.id}?lang=ar").get_data(as_text=True)
    arabic, tigrinya = chip(listed, page.id, "ar"), chip(listed, page.id, "ti")
    assert "status-outdated" in arabic.group(1) and arabic.group(3) == "*"
    assert arabic.group(2) == f"Arabic ({FSI}العربية{PDI}): outdated, draft"
    assert "outdated, draft" in arabic.group(4)  # in words, not only in colour
    assert "status-outdated" in tigrinya.group(1) and tigrinya.group(3) == "" and "draft" not in tigrinya.group(2)
    assert re.search(r">ar\*<", editor)  # the editor marks the same draft
    row = listed[listed.index(f'href="/staff/pages/{page.id}"'):]
    assert "Not published" in row[:row.index("</tr>")]
