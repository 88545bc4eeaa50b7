"""Change notes: a real (not minor) edit of a source text says in one line
what changed; the note is translated on its own, and a reader of an outdated
translation is told what changed, in their language, with the date."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from sqlalchemy import select

from models import ChangeNoteTranslation, Page, TranslationStatus
from tests.staff_helpers import post
from webapp.clock import CENTRE_TIME

ON_5_DECEMBER = dt.datetime(2026, 12, 5, 10, 0, tzinfo=CENTRE_TIME)
NOTE_NB = "Nytt: Gyldig asylsøkerbevis må sendes med."
NOTE_AR = "جديد: يجب إرسال بطاقة طالب اللجوء السارية."
NOTE_EN = "New: send a valid asylum seeker card with it."


@pytest.fixture()
def december_5th():
    with time_machine.travel(ON_5_DECEMBER, tick=True):
        yield


@pytest.fixture()
def nurse(staff_client):
    return staff_client("nurse")


@pytest.fixture()
def frikort(db_session):
    return db_session.scalar(select(Page).where(Page.slug == "frikort"))


def save_source(nurse, page, *, note=None, minor=False, extra="\nGyldig asylsøkerbevis må sendes med.\n"):
    form = {"title": page.revisions[-1].title, "body": page.revisions[-1].body + extra}
    if note is not None:
        form["change_note"] = note
    if minor:
        form["minor"] = "1"
    return post(nurse, f"/staff/pages/{page.id}/source", form)


def notice(html: str) -> str:
    return html[html.index('class="notice"'):html.index("<article")]


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Please say in one line what changed"), ("nb", "Skriv på én linje hva som er endret"),
])
def test_a_real_edit_without_a_note_is_refused_in_the_staff_language(staff_client, frikort, db_session,
                                                                      language, words):
    nurse = staff_client("nurse", language=language)
    response = save_source(nurse, frikort, note="  ")
    assert response.status_code == 422
    assert words in response.get_data(as_text=True)
    db_session.expire_all()
    assert frikort.revision_number == 1  # nothing written


def test_a_minor_edit_needs_no_note_and_keeps_none(nurse, frikort, db_session):
    assert save_source(nurse, frikort, note="Skal ikke lagres", minor=True).status_code == 302
    db_session.expire_all()
    assert frikort.revisions[-1].minor and frikort.revisions[-1].change_note == ""


def test_the_note_is_one_line_and_kept_with_the_revision(nurse, frikort, db_session):
    assert save_source(nurse, frikort, note=f"  {NOTE_NB}\n  ").status_code == 302
    db_session.expire_all()
    assert frikort.revisions[-1].change_note == NOTE_NB
    history = nurse.get(f"/staff/pages/{frikort.id}/history").get_data(as_text=True)
    assert NOTE_NB in history and "Not translated yet" in history
    # The diff marks the added sentence, not the whole text.
    assert "<ins>" in history and "Gyldig asylsøkerbevis må sendes med." in history


def test_outdated_arabic_page_shows_the_arabic_change_note_with_the_date(december_5th, nurse, frikort, client,
                                                                         db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    # Before the note is translated: said honestly, in the first language of
    # the reader's chain that has it (Arabic → English → Norwegian).
    html = client.get("/ar/demo/pages/frikort").get_data(as_text=True)
    shown = notice(html)
    assert f'<bdi lang="nb" dir="ltr">{NOTE_NB}</bdi>' in shown
    assert "5 ديسمبر 2026" in shown and "النرويجية" in shown  # the date and "Norwegian", in Arabic

    # The translator translates the note alone; the page stays outdated.
    response = post(nurse, f"/staff/pages/{frikort.id}/notes/ar", {"note-2": NOTE_AR})
    assert response.status_code == 302
    db_session.expire_all()
    assert next(t for t in frikort.translations if t.lang == "ar").status is TranslationStatus.OUTDATED
    html = client.get("/ar/demo/pages/frikort").get_data(as_text=True)
    shown = notice(html)
    assert NOTE_AR in shown and "<bdi lang=" not in shown.split(NOTE_AR)[0][-30:]
    assert "5 ديسمبر 2026" in shown
    assert "(" in shown.split(NOTE_AR)[1][:200]  # marked as a draft translation
    # Readers whose translation is current see no note.
    assert NOTE_NB not in client.get("/nb/demo/pages/frikort").get_data(as_text=True).split("<article")[0]


def test_an_untranslated_note_falls_back_along_the_readers_chain(nurse, frikort, client, db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    post(nurse, f"/staff/pages/{frikort.id}/notes/en", {"note-2": NOTE_EN})
    shown = notice(client.get("/ar/demo/pages/frikort").get_data(as_text=True))
    assert f'<bdi lang="en" dir="ltr">{NOTE_EN}</bdi>' in shown and "الإنجليزية" in shown
    # A Sorani reader who chose Farsi then English gets the English note too.
    shown = notice(client.get("/ckb/demo/pages/frikort?also=fa,en").get_data(as_text=True))
    assert NOTE_EN in shown


def test_editor_offers_the_notes_an_outdated_translation_lacks(nurse, frikort, db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    html = nurse.get(f"/staff/pages/{frikort.id}?lang=ar").get_data(as_text=True)
    assert 'id="notes"' in html and 'name="note-2"' in html and NOTE_NB in html
    # Nothing to translate once the page itself is translated again.
    post(nurse, f"/staff/pages/{frikort.id}/translations/ar",
         {"title": "بطاقة الإعفاء", "body": "نص جديد.\n", "source_revision": "2"})
    assert 'id="notes"' not in nurse.get(f"/staff/pages/{frikort.id}?lang=ar").get_data(as_text=True)


def test_bad_note_input_is_refused_and_changes_nothing(nurse, frikort, db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    response = post(nurse, f"/staff/pages/{frikort.id}/notes/ar", {"note-2": "x" * 500})
    assert response.status_code == 422 and "too long" in response.get_data(as_text=True)
    assert post(nurse, f"/staff/pages/{frikort.id}/notes/nb", {"note-2": "x"}).status_code == 404
    assert post(nurse, f"/staff/pages/{frikort.id}/notes/xx", {"note-2": "x"}).status_code == 404
    assert db_session.scalar(select(ChangeNoteTranslation.id)) is None


# --- the translator exchange ------------------------------------------------


def po_entries(data: bytes) -> dict:
    return {m.context: m for m in read_po(io.BytesIO(data)) if m.id}


def po_file(entries: dict) -> bytes:
    catalog = Catalog(locale="ar")
    for message in entries.values():
        catalog[message.id] = message  # keeps context, comments and flags
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def test_exchange_carries_the_note_and_imports_it_before_the_page(nurse, frikort, client, db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    exported = nurse.get("/staff/translations/ar/export.po")
    entries = po_entries(exported.data)
    note = entries["frikort|note|2"]
    assert note.id == NOTE_NB and note.string == "" and "fuzzy" not in note.flags
    assert entries["frikort|body"].fuzzy  # the page itself: the old translation, to check

    # The translator does the short note now, the page later (still fuzzy).
    note.string = NOTE_AR
    form = {"file": (io.BytesIO(po_file(entries)), "ar.po")}
    response = post(nurse, "/staff/translations/ar/import", form, content_type="multipart/form-data")
    assert response.status_code == 302
    db_session.expire_all()
    [saved] = frikort.revisions[-1].note_translations
    assert (saved.lang, saved.text, saved.draft) == ("ar", NOTE_AR, True)
    assert next(t for t in frikort.translations if t.lang == "ar").status is TranslationStatus.OUTDATED
    assert NOTE_AR in notice(client.get("/ar/demo/pages/frikort").get_data(as_text=True))
    # Exported again, the note comes with its translation.
    assert po_entries(nurse.get("/staff/translations/ar/export.po").data)["frikort|note|2"].string == NOTE_AR


def test_a_note_for_another_text_or_revision_is_skipped_with_a_reason(nurse, frikort, db_session):
    save_source(nurse, frikort, note=NOTE_NB)
    entries = po_entries(nurse.get("/staff/translations/ar/export.po").data)
    entries["frikort|note|2"].string = NOTE_AR
    entries["frikort|note|2"].id = "Noe helt annet"
    form = {"file": (io.BytesIO(po_file({"x": entries["frikort|note|2"]})), "ar.po")}
    post(nurse, "/staff/translations/ar/import", form, content_type="multipart/form-data")
    db_session.expire_all()
    assert frikort.revisions[-1].note_translations == []
    html = nurse.get("/staff/translations?lang=ar").get_data(as_text=True)
    assert "frikort|note|2" in html and "not the text of revision 2" in html
