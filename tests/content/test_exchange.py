"""The translator exchange: PO export of the pages that need work, import of
the translator's file, with status taken from the source revision recorded in
the file (never from the time of import)."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import delete, select

from models import AuditEntry, Centre, Page, PageTranslation, Topic, TranslationStatus, User
from tests.staff_helpers import post
from webapp.content.editing import create_page, latest_revision
from webapp.content.exchange import ExchangeError, export_po, import_po

DEMO_PAGES = 24


@pytest.fixture(autouse=True)
def russian_not_yet_translated(db_session):
    """These tests translate into Russian as if no page had it yet (the demo
    has every page in every language): the rows go, for this test only."""
    db_session.execute(delete(PageTranslation).where(PageTranslation.lang == "ru"))
    db_session.flush()


# --- helpers ----------------------------------------------------------------


def catalog_of(data: bytes):
    return read_po(io.BytesIO(data))


def entries(data: bytes) -> dict:
    return {m.context: m for m in catalog_of(data) if m.id}


def revision_comment(message) -> int:
    [number] = [int(c.split(":")[1]) for c in message.auto_comments if c.startswith("source-revision:")]
    return number


def translated(data: bytes, lang: str = "ru", change=None) -> bytes:
    """What a translator sends back: every msgstr filled, fuzzy marks removed.
    ``change(catalog)`` may then spoil the file."""
    catalog = catalog_of(data)
    for message in catalog:
        if message.id:
            message.string = f"[{lang}] {message.id}"
            message.flags.discard("fuzzy")
    if change:
        change(catalog)
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def page_by_slug(db_session, slug: str) -> Page:
    return db_session.scalar(select(Page).where(Page.slug == slug))


def translation(db_session, slug: str, lang: str) -> PageTranslation | None:
    db_session.expire_all()  # the app wrote through its own session
    return next((t for t in page_by_slug(db_session, slug).translations if t.lang == lang), None)


def export(client, lang: str, everything: bool = False):
    response = client.get(f"/staff/translations/{lang}/export.po" + ("?all=1" if everything else ""))
    assert response.status_code == 200
    return response


def upload(client, lang: str, data: bytes, *, reviewed: bool = False, name: str = "back.po"):
    form = {"file": (io.BytesIO(data), name)}
    if reviewed:
        form["reviewed"] = "1"
    return post(client, f"/staff/translations/{lang}/import", form, content_type="multipart/form-data")


def edit_source(client, db_session, slug: str, *, minor: bool = False) -> int:
    """A nurse saves a changed source text through the editor; returns the new revision number."""
    page = page_by_slug(db_session, slug)
    source = latest_revision(page)
    form = {"title": source.title, "body": source.body.strip() + "\n\nNy setning om egenandel."}
    if minor:
        form["minor"] = "1"
    else:
        form["change_note"] = "Ny setning om egenandel."
    assert post(client, f"/staff/pages/{page.id}/source", form).status_code == 302
    db_session.expire_all()
    return page_by_slug(db_session, slug).revision_number


def all_slugs(db_session) -> set[str]:
    return set(db_session.scalars(select(Page.slug)))


# --- export -----------------------------------------------------------------


def test_russian_export_lists_every_page_untranslated_with_its_source_revision(staff_client, db_session):
    nurse = staff_client("nurse")
    response = export(nurse, "ru")
    assert response.headers["Content-Disposition"] == "attachment; filename=veiviser-ru.po"
    assert response.mimetype == "text/x-gettext-translation"
    catalog = catalog_of(response.data)
    assert catalog.locale_identifier == "ru"
    assert catalog.project == "Veiviser"
    found = entries(response.data)
    slugs = all_slugs(db_session)
    assert len(slugs) == DEMO_PAGES
    assert set(found) == {f"{slug}|{field}" for slug in slugs for field in ("title", "body")}
    for slug in slugs:
        source = latest_revision(page_by_slug(db_session, slug))
        title, body = found[f"{slug}|title"], found[f"{slug}|body"]
        assert (title.id, body.id) == (source.title, source.body)
        assert title.string == body.string == ""
        assert not title.fuzzy and not body.fuzzy
        assert revision_comment(title) == revision_comment(body) == source.number == 1
        assert "source-language: nb" in body.auto_comments


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext is not installed")
def test_exported_file_passes_gnu_gettexts_own_check(staff_client, db_session, tmp_path):
    nurse = staff_client("nurse")
    edit_source(nurse, db_session, "frikort")  # a fuzzy entry with an old translation in it
    for lang in ("ru", "ar", "prs"):
        path = tmp_path / f"{lang}.po"
        path.write_bytes(export(nurse, lang, everything=True).data)
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_arabic_export_holds_only_pages_that_need_work(staff_client, db_session):
    nurse = staff_client("nurse")
    assert entries(export(nurse, "ar").data) == {}  # the demo translations are all current
    old = translation(db_session, "frikort", "ar")
    old_title, old_body = old.title, old.body
    assert edit_source(nurse, db_session, "frikort") == 2
    assert edit_source(nurse, db_session, "patient-fees", minor=True) == 2  # a typo fix outdates nothing

    found = entries(export(nurse, "ar").data)
    assert set(found) == {"frikort|title", "frikort|body", "frikort|note|2"}  # and what changed
    source = latest_revision(page_by_slug(db_session, "frikort"))
    body = found["frikort|body"]
    assert body.id == source.body and "Ny setning om egenandel." in body.id
    assert body.string == old_body and found["frikort|title"].string == old_title
    assert body.fuzzy and found["frikort|title"].fuzzy  # the translator must review the old text
    assert revision_comment(body) == 2
    assert "translation-made-from-revision: 1" in body.auto_comments

    everything = entries(export(nurse, "ar", everything=True).data)
    pages = {context for context in everything if ":" not in context}  # places, cards ...: test_exchange_kinds.py
    assert len(pages) == 2 * DEMO_PAGES + 1  # and the note of the outdated page
    assert {c for c, m in everything.items() if m.fuzzy} == {"frikort|title", "frikort|body"}
    assert everything["patient-fees|body"].string  # current translations come along, not fuzzy


def test_pages_written_in_the_language_are_never_exported(app, db_session):
    topic = db_session.scalar(select(Topic).where(Topic.slug == "health"))
    page = create_page(
        db_session, slug="english-source", topic=topic, source_lang="en", title="Hello", body="Text."
    )
    with app.test_request_context():
        assert entries(export_po([page], "en", everything=True)) == {}
        assert set(entries(export_po([page], "nb"))) == {"english-source|title", "english-source|body"}


# --- import -----------------------------------------------------------------


def test_round_trip_makes_pages_current_and_reports_what_was_imported(staff_client, db_session):
    nurse = staff_client("nurse")
    user_id = db_session.scalar(select(User.id).where(User.email == "nurse@test.example"))
    data = translated(export(nurse, "ru").data)

    response = upload(nurse, "ru", data, name="veiviser-ru.po")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/translations?lang=ru#last-import")
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert f"Import finished. Imported: {DEMO_PAGES}, skipped: 0." in html  # the flash message
    assert f"Imported: {DEMO_PAGES}" in html and "veiviser-ru.po" in html
    assert "Skipped: 0" in html and "Saved as drafts." in html

    for slug in all_slugs(db_session):
        saved = translation(db_session, slug, "ru")
        source = latest_revision(saved.page)
        assert saved.status is TranslationStatus.CURRENT
        assert (saved.title, saved.body) == (f"[ru] {source.title}", f"[ru] {source.body}".strip())
        assert saved.source_revision.number == 1
        assert saved.draft and saved.updated_by_id == user_id
    assert entries(export(nurse, "ru").data) == {}  # nothing left to do

    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "translation.import"))
    assert entry.target == "ru" and entry.user_id == user_id and len(entry.details["imported"]) == DEMO_PAGES

    # The same file again, now ticked as checked by a qualified translator: no longer drafts.
    assert upload(nurse, "ru", data, reviewed=True).status_code == 302
    assert not translation(db_session, "frikort", "ru").draft
    # And once more, without the tick: nothing changed, and checked translations stay checked.
    upload(nurse, "ru", data)
    assert not translation(db_session, "frikort", "ru").draft
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert "Imported: 0" in html and f"Skipped: {DEMO_PAGES}" in html and "Nothing changed." in html


def test_file_exported_before_a_source_edit_imports_as_outdated(staff_client, db_session):
    """The Integreat bug: the translation arrives after the edit, but it was made
    from the old text. Its status comes from the revision in the file."""
    nurse = staff_client("nurse")
    data = translated(export(nurse, "ru").data)  # made from revision 1 of every page
    assert edit_source(nurse, db_session, "frikort") == 2
    assert upload(nurse, "ru", data).status_code == 302

    saved = translation(db_session, "frikort", "ru")
    assert saved.source_revision.number == 1
    assert saved.status is TranslationStatus.OUTDATED
    assert translation(db_session, "patient-fees", "ru").status is TranslationStatus.CURRENT
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert f"Imported: {DEMO_PAGES}" in html
    # the next export hands it back to the translator, old text fuzzy
    found = entries(export(nurse, "ru").data)
    assert set(found) == {"frikort|title", "frikort|body", "frikort|note|2"} and found["frikort|body"].fuzzy


def test_an_old_file_never_replaces_a_translation_of_a_newer_revision(app, staff_client, db_session):
    nurse = staff_client("nurse")
    old_file = translated(export(nurse, "ar", everything=True).data, "ar")  # revision 1
    edit_source(nurse, db_session, "frikort")
    new_file = translated(export(nurse, "ar").data, "ar")  # revision 2
    with app.test_request_context():
        report = import_po(db_session, new_file, "ar", user_id=None)
        assert report.imported == [("frikort", 2)] and report.skipped == []
        report = import_po(db_session, old_file, "ar", user_id=None)
    assert ("frikort", 1) not in report.imported
    [(slug, reason)] = [s for s in report.skipped if s[0] == "frikort"]
    assert "newer source text (revision 2)" in reason
    saved = translation(db_session, "frikort", "ar")
    assert saved.source_revision.number == 2 and saved.status is TranslationStatus.CURRENT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not a PO file\n", "could not be read as a PO"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "could not be read as a PO"),
        (b'msgid ""\nmsgstr "Language: ru\\nPlural-Forms: nplurals=x;\\n"\n', "could not be read as a PO"),
        (b'msgctxt "frikort|title"\nmsgid "Frikort"\n', "could not be read as a PO"),
        (b"", "The file is empty."),
        (b'msgctxt "frikort|title"\nmsgid "Frikort"\nmsgstr "x"\n', "does not say which language"),
        (b'msgid ""\nmsgstr "Language: ru\\n"\n', "contains no page texts"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused_whole(staff_client, db_session, data, message):
    nurse = staff_client("nurse")
    response = upload(nurse, "ru", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert 'name="file"' in response.get_data(as_text=True)  # the form is back, to try again
    assert db_session.scalar(select(PageTranslation.id).where(PageTranslation.lang == "ru")) is None


def test_a_file_for_another_language_is_refused_and_nothing_written(staff_client, db_session):
    nurse = staff_client("nurse")
    arabic = translated(export(nurse, "ar", everything=True).data, "ar")
    response = upload(nurse, "ru", arabic)
    assert response.status_code == 422
    assert "This file is for Arabic (ar), not for Russian (ru)." in response.get_data(as_text=True)
    assert db_session.scalar(select(PageTranslation.id).where(PageTranslation.lang == "ru")) is None
    assert not translation(db_session, "frikort", "ar").title.startswith("[ar]")


def test_a_missing_file_is_asked_for(staff_client):
    nurse = staff_client("nurse")
    response = post(nurse, "/staff/translations/ru/import", {}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Choose the .po file to import." in response.get_data(as_text=True)


def test_problems_in_one_page_skip_that_page_and_never_stop_the_others(app, staff_client, db_session):
    nurse = staff_client("nurse")

    def spoil(catalog):
        def entry(context):
            return next(m for m in catalog if m.context == context)

        entry("frikort|title").context = "no-such-page|title"  # unknown page
        entry("frikort|body").context = "no-such-page|body"
        body = entry("kindergarten|body")
        catalog.delete(body.id, context=body.context)  # body missing
        entry("school|title").flags.add("fuzzy")  # the translator is not done
        entry("dental-care|body").string = "   "  # empty
        entry("interpreter|title").auto_comments = ["source-language: nb"]  # no revision
        for field in ("title", "body"):
            entry(f"complaints|{field}").auto_comments = ["source-revision: 9"]  # no such revision
        entry("mental-health|title").string = "x" * 301  # too long
        entry("travel-costs|body").id = "Noe helt annet."  # not the text of that revision
        entry("leisure-activities|body").context = "leisure-activities-body"  # not our format
        for field in ("title", "body"):
            entry(f"after-refusal|{field}").auto_comments = ["source-revision: ²"]  # not an ASCII number
        entry("money-and-allowances|body").string = "Konto\x00\x1b[2J"  # control characters

    data = translated(export(nurse, "ru").data, change=spoil)
    with app.test_request_context():
        report = import_po(db_session, data, "ru", user_id=None)
    reasons = dict(report.skipped)
    assert "There is no page with this address." in reasons["no-such-page"]
    assert "no text for this page" in reasons["kindergarten"]
    assert "fuzzy" in reasons["school"].lower()
    assert "Not translated yet" in reasons["dental-care"]
    assert "source-revision comment is missing" in reasons["interpreter"]
    assert "source-revision comment is missing" in reasons["after-refusal"]
    assert "cannot be used" in reasons["money-and-allowances"]
    assert "no revision 9" in reasons["complaints"]
    assert "at most 300 characters" in reasons["mental-health"]
    assert "not the text of revision 1" in reasons["travel-costs"]
    assert "page|title or page|body" in reasons["leisure-activities-body"]
    assert "no text for this page" in reasons["leisure-activities"]  # so that page lacks its body
    spoiled = {
        "kindergarten", "school", "dental-care", "interpreter", "complaints", "mental-health", "travel-costs",
        "leisure-activities", "after-refusal", "money-and-allowances",
    }
    imported = {slug for slug, _ in report.imported}
    assert imported == all_slugs(db_session) - spoiled - {"frikort"}
    for slug in spoiled | {"frikort"}:  # no half-written page: the good title is not saved alone
        assert translation(db_session, slug, "ru") is None, slug


def test_the_import_report_lists_skipped_pages_with_reasons(staff_client, db_session):
    nurse = staff_client("nurse")
    data = export(nurse, "ru").data  # sent back untouched: nothing translated
    assert upload(nurse, "ru", data).status_code == 302
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert "Imported: 0" in html and f"Skipped: {DEMO_PAGES}" in html
    assert "Not translated yet: the title or the text is empty." in html
    assert db_session.scalar(select(PageTranslation.id).where(PageTranslation.lang == "ru")) is None


def test_fuzzy_entries_from_an_untouched_export_are_not_imported(staff_client, db_session):
    nurse = staff_client("nurse")
    edit_source(nurse, db_session, "frikort")
    before = translation(db_session, "frikort", "ar")
    kept = (before.title, before.body, before.source_revision.number)
    upload(nurse, "ar", export(nurse, "ar").data)  # old text, still fuzzy
    html = nurse.get("/staff/translations?lang=ar").get_data(as_text=True)
    assert "Marked fuzzy" in html
    after = translation(db_session, "frikort", "ar")
    assert (after.title, after.body, after.source_revision.number) == kept
    assert after.status is TranslationStatus.OUTDATED


def test_a_nurse_cannot_import_another_centres_page(staff_client, db_session):
    other = Centre(slug="elsewhere", name="Another centre")
    db_session.add(other)
    topic = db_session.scalar(select(Topic).where(Topic.slug == "health"))
    create_page(db_session, slug="elsewhere-nurse", topic=topic, source_lang="nb",
                title="Sykepleier", body="Tekst.", centre=other)
    db_session.flush()
    admin, nurse = staff_client("admin"), staff_client("nurse")
    data = translated(export(admin, "ru").data)
    assert "elsewhere-nurse|body" in entries(data)
    assert "elsewhere-nurse|body" not in entries(export(nurse, "ru").data)
    upload(nurse, "ru", data)
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert "You cannot edit this page." in html
    assert translation(db_session, "elsewhere-nurse", "ru") is None
    assert translation(db_session, "frikort", "ru") is not None


# --- Dari, languages, limits, the page ----------------------------------------


def test_dari_has_its_own_file_and_round_trip(staff_client, db_session):
    nurse = staff_client("nurse")
    assert edit_source(nurse, db_session, "frikort") == 2
    data = export(nurse, "prs").data
    assert b"\"Language: prs\\n\"" in data and b"Dari (prs)" in data
    assert set(entries(data)) == {"frikort|title", "frikort|body", "frikort|note|2"}
    farsi = translated(export(nurse, "fa").data, "fa")
    refused = upload(nurse, "prs", farsi)  # Dari and Farsi are separate languages
    assert refused.status_code == 422 and "not for Dari (prs)" in refused.get_data(as_text=True)
    assert upload(nurse, "prs", translated(data, "prs")).status_code == 302
    saved = translation(db_session, "frikort", "prs")
    assert saved.status is TranslationStatus.CURRENT and saved.title.startswith("[prs] ")
    assert translation(db_session, "frikort", "fa").status is TranslationStatus.OUTDATED


def test_unknown_languages_are_not_found(staff_client):
    nurse = staff_client("nurse")
    assert nurse.get("/staff/translations/xx/export.po").status_code == 404
    assert nurse.get("/staff/translations?lang=xx").status_code == 404
    assert upload(nurse, "xx", b"").status_code == 404


def test_files_up_to_2_mb_are_accepted_and_larger_ones_refused(staff_client, db_session):
    nurse = staff_client("nurse")
    data = translated(export(nurse, "ru").data)
    # 1.5 MB (a translator's comment): over the app-wide 1 MB, under this form's 2 MB
    padded = data.replace(b"\nmsgid", b"\n# " + b"x" * (1536 * 1024) + b"\nmsgid", 1)
    assert 1024 * 1024 < len(padded) < 2 * 1024 * 1024
    assert upload(nurse, "ru", padded).status_code == 302
    assert translation(db_session, "frikort", "ru") is not None
    too_big = data + b"\n# " + b"x" * (2 * 1024 * 1024) + b"\n"
    response = upload(nurse, "ru", too_big)
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_the_translations_page_offers_export_and_import(staff_client):
    nurse = staff_client("nurse")
    html = nurse.get("/staff/pages").get_data(as_text=True)
    assert 'href="/staff/translations"' in html  # in the staff menu
    overview = nurse.get("/staff/translations")
    assert overview.status_code == 200
    assert 'href="/staff/translations?lang=ru"' in overview.get_data(as_text=True)
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert f"Pages that need translating into Russian (missing or outdated): {DEMO_PAGES}." in html
    assert 'href="/staff/translations/ru/export.po"' in html
    assert 'href="/staff/translations/ru/export.po?all=1"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="csrf_token"' in html
    assert 'name="reviewed"' in html and "Nothing imported into this language yet." in html


def test_hosts_cannot_use_the_exchange(staff_client):
    host = staff_client("host")
    assert host.get("/staff/translations").status_code == 403
    assert host.get("/staff/translations/ru/export.po").status_code == 403


def test_import_po_raises_exchange_error_for_a_file_for_another_language(app, db_session):
    arabic = export_po([page_by_slug(db_session, "frikort")], "ar", everything=True)
    with app.test_request_context():
        with pytest.raises(ExchangeError, match="not for Russian"):
            import_po(db_session, arabic, "ru", user_id=None)
