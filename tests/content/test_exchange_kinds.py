"""The translator exchange beyond pages: places (``place:<slug>|about``,
``|cost``), show-to-staff cards (``card:<slug>|title``, ``|body``) and
centre notices (``notice:<id>|text``) travel in the same PO file, with the
status their own editors give them (the source revision in the file decides
current or outdated), drafts unless a qualified translator checked them."""
from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
import time_machine
from babel.messages.pofile import read_po, write_po
from markupsafe import escape
from sqlalchemy import delete, select

from models import AuditEntry, Card, CardTranslation, Centre, Notice, Place, PlaceTranslation, TranslationStatus
from models.content_version import current_version
from tests.staff_helpers import post
from webapp.content.exchange import register_kind, registered_kinds
from webapp.l10n import load_catalog
from webapp.places.exchange import PLACES, PlaceKind
from webapp.places.texts import latest, revise, status_in

PLACE, CARD = "fjordvik-legesenter", "interpreter"
NOW = dt.datetime(2027, 3, 15, 9, 0, tzinfo=dt.UTC)  # 10:00 in Norway
DRAFT_LABEL = "This translation is a draft. It has not yet been checked by a qualified translator."


@pytest.fixture(autouse=True)
def russian_not_yet_translated(db_session):
    """The demo has every place and card in every language: for these tests
    one place and one card lack Russian."""
    place = by_slug(db_session, Place, PLACE)
    card = by_slug(db_session, Card, CARD)
    db_session.execute(delete(PlaceTranslation).where(PlaceTranslation.place_id == place.id,
                                                      PlaceTranslation.lang == "ru"))
    db_session.execute(delete(CardTranslation).where(CardTranslation.card_id == card.id, CardTranslation.lang == "ru"))
    db_session.flush()
    db_session.expire_all()


@pytest.fixture()
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


# --- helpers ----------------------------------------------------------------


def by_slug(db_session, model, slug):
    db_session.expire_all()  # the app wrote through its own session
    return db_session.scalar(select(model).where(model.slug == slug))


def entries(data: bytes) -> dict:
    return {m.context: m for m in read_po(io.BytesIO(data)) if m.id}


def translated(data: bytes, lang: str = "ru", change=None) -> bytes:
    """What a translator sends back: every msgstr filled, fuzzy marks removed."""
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.id:
            message.string = f"[{lang}] {message.id}"
            message.flags.discard("fuzzy")
    if change:
        change(catalog)
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def export(client, lang: str = "ru", everything: bool = False) -> bytes:
    response = client.get(f"/staff/translations/{lang}/export.po" + ("?all=1" if everything else ""))
    assert response.status_code == 200
    return response.data


def upload(client, data: bytes, lang: str = "ru", *, reviewed: bool = False):
    form = {"file": (io.BytesIO(data), "back.po"), **({"reviewed": "1"} if reviewed else {})}
    response = post(client, f"/staff/translations/{lang}/import", form, content_type="multipart/form-data")
    assert response.status_code == 302
    return client.get(f"/staff/translations?lang={lang}").get_data(as_text=True)


def revision_of(message) -> int:
    [number] = [int(c.split(":")[1]) for c in message.auto_comments if c.startswith("source-revision:")]
    return number


def translation_of(item, lang: str):
    return next((t for t in item.translations if t.lang == lang), None)


def russian(message: str) -> str:
    text = load_catalog("ru", "messages").gettext(message)
    assert text != message  # the label is translated: the check below is about Russian
    return text


def publish_notice(client, db_session, text: str = "Sykepleier er borte torsdag.", expires="2027-03-18T16:00"):
    demo = db_session.scalar(select(Centre.id).where(Centre.slug == "demo"))
    response = post(client, "/staff/notices", {"centre": str(demo), "source_lang": "nb", "text": text,
                                               "starts": "2027-03-15T08:00", "expires": expires})
    assert response.status_code == 302
    return db_session.scalar(select(Notice).where(Notice.id == int(response.headers["Location"].rsplit("/", 1)[1])))


def edit_notice(client, notice_id: int, text: str, **translations):
    form = {"text_nb": text, "starts": "2027-03-15T08:00", "expires": "2027-03-18T16:00"}
    for lang, (value, draft) in translations.items():
        form[f"text_{lang}"] = value
        if draft:
            form[f"draft_{lang}"] = "1"
    assert post(client, f"/staff/notices/{notice_id}", form).status_code == 302


# --- places -----------------------------------------------------------------


def test_a_place_round_trip_shows_residents_the_draft_translation(staff_client, db_session, client):
    nurse = staff_client("nurse")
    place = by_slug(db_session, Place, PLACE)
    found = entries(export(nurse))
    about, cost = found[f"place:{PLACE}|about"], found[f"place:{PLACE}|cost"]
    source = latest(place)
    assert (about.id, cost.id) == (source.about, source.cost)
    assert about.string == cost.string == "" and not about.fuzzy
    assert revision_of(about) == revision_of(cost) == place.revision_number
    assert "source-language: nb" in about.auto_comments
    assert any("Fjordvik legesenter" in c for c in about.auto_comments)  # the translator sees which place
    assert not any(c.startswith("place:fjordvik-legevakt|") for c in found)  # its Russian is up to date
    version = current_version(db_session)

    html = upload(nurse, translated(export(nurse)))
    place = by_slug(db_session, Place, PLACE)
    saved = translation_of(place, "ru")
    assert (saved.about, saved.cost) == (f"[ru] {source.about}", f"[ru] {source.cost}")
    assert saved.draft and saved.source_revision.number == place.revision_number
    assert status_in(place, "ru") == (TranslationStatus.CURRENT, True)
    assert current_version(db_session) > version  # phones fetch it with their next update
    assert f'href="/staff/places/{place.id}?lang=ru">place:{PLACE}</a>' in html  # the report links to the editor
    entry = db_session.scalar(select(AuditEntry).where(AuditEntry.action == "translation.import"))
    assert [f"place:{PLACE}", place.revision_number] in entry.details["imported"]

    page = client.get(f"/ru/demo/places/{PLACE}").get_data(as_text=True)
    assert f"[ru] {source.about}" in page and russian(DRAFT_LABEL) in page
    assert f"place:{PLACE}|about" not in entries(export(nurse))  # nothing left to do


def test_a_changed_place_comes_back_fuzzy_and_an_old_file_imports_as_outdated(staff_client, db_session):
    nurse = staff_client("nurse")
    place = by_slug(db_session, Place, PLACE)
    old_arabic = translation_of(place, "ar").about
    before = translated(export(nurse, "ar", everything=True), "ar")  # made from revision 1
    source = latest(place)
    assert post(nurse, f"/staff/places/{place.id}/source",
                {"about": source.about + " Kom ti minutter før.", "cost": source.cost}).status_code == 302

    found = entries(export(nurse, "ar"))
    about = found[f"place:{PLACE}|about"]
    assert about.fuzzy and found[f"place:{PLACE}|cost"].fuzzy  # the translator checks the old text
    assert about.string == old_arabic and about.id.endswith("Kom ti minutter før.")
    assert revision_of(about) == 2 and "translation-made-from-revision: 1" in about.auto_comments

    upload(nurse, before, "ar")  # the translation arrives after the edit, but was made from revision 1
    place = by_slug(db_session, Place, PLACE)
    assert translation_of(place, "ar").source_revision.number == 1
    assert status_in(place, "ar")[0] is TranslationStatus.OUTDATED
    upload(nurse, translated(export(nurse, "ar"), "ar"), "ar", reviewed=True)
    place = by_slug(db_session, Place, PLACE)
    assert status_in(place, "ar") == (TranslationStatus.CURRENT, False)  # checked: no longer a draft


# --- cards ------------------------------------------------------------------


def test_a_card_round_trip_puts_the_translation_above_the_norwegian(staff_client, db_session, client):
    nurse = staff_client("nurse")
    card = by_slug(db_session, Card, CARD)
    source = latest(card)
    found = entries(export(nurse))
    assert {f"card:{CARD}|title", f"card:{CARD}|body"} <= set(found)
    assert found[f"card:{CARD}|body"].id == source.body  # the Norwegian side is the source

    upload(nurse, translated(export(nurse)))
    card = by_slug(db_session, Card, CARD)
    saved = translation_of(card, "ru")
    assert (saved.title, saved.body, saved.draft) == (f"[ru] {source.title}", f"[ru] {source.body}", True)
    page = client.get(f"/ru/demo/cards/{CARD}").get_data(as_text=True)
    own, norwegian = page.index('class="show-card-own"'), page.index('class="show-card-norwegian"')
    assert own < page.index(str(escape(f"[ru] {source.body}"))) < norwegian < page.rindex(str(escape(source.body)))
    assert russian(DRAFT_LABEL) in page

    assert post(nurse, f"/staff/cards/{card.id}/source",
                {"title": source.title, "body": source.body + " Takk."}).status_code == 302
    body = entries(export(nurse))[f"card:{CARD}|body"]
    assert body.fuzzy and body.string == f"[ru] {source.body}" and revision_of(body) == 2


# --- notices ----------------------------------------------------------------


def test_a_notice_round_trip_reaches_the_phone_as_a_draft(frozen, staff_client, db_session, client):
    nurse = staff_client("nurse")
    notice = publish_notice(nurse, db_session)
    [entry] = [m for c, m in entries(export(nurse)).items() if c.startswith("notice:")]
    assert entry.context == f"notice:{notice.id}|text" and entry.id == "Sykepleier er borte torsdag."
    assert revision_of(entry) == 1 and entry.string == "" and not entry.fuzzy

    html = upload(nurse, translated(export(nurse)))
    assert f'href="/staff/notices/{notice.id}">notice:{notice.id}</a>' in html
    db_session.expire_all()
    notice = db_session.get(Notice, notice.id)
    assert notice.status("ru") is TranslationStatus.CURRENT and notice.translation("ru").draft
    [shown] = client.get("/ru/demo/notices.json").get_json()["notices"]
    assert (shown["text"], shown["lang"], shown["draft"]) == ("[ru] Sykepleier er borte torsdag.", "ru", True)
    assert russian("Draft translation") in client.get("/ru/demo/").get_data(as_text=True)


def test_a_changed_notice_comes_back_fuzzy_and_an_old_file_imports_as_outdated(frozen, staff_client, db_session):
    nurse = staff_client("nurse")
    notice = publish_notice(nurse, db_session)
    old_file = translated(export(nurse))  # made from version 1
    upload(nurse, old_file)
    edit_notice(nurse, notice.id, "Sykepleier er borte fredag.", ru=("[ru] Sykepleier er borte torsdag.", True))
    db_session.expire_all()
    assert db_session.get(Notice, notice.id).status("ru") is TranslationStatus.OUTDATED

    entry = entries(export(nurse))[f"notice:{notice.id}|text"]
    assert entry.fuzzy and entry.id == "Sykepleier er borte fredag." and revision_of(entry) == 2
    assert entry.string == "[ru] Sykepleier er borte torsdag."

    edit_notice(nurse, notice.id, "Sykepleier er borte fredag.")  # the Russian removed on the notice's page
    upload(nurse, old_file)  # the old file again: a translation of version 1, honestly outdated
    db_session.expire_all()
    notice = db_session.get(Notice, notice.id)
    assert notice.translation("ru").made_from == 1 and notice.status("ru") is TranslationStatus.OUTDATED
    upload(nurse, translated(export(nurse)), reviewed=True)
    db_session.expire_all()
    notice = db_session.get(Notice, notice.id)
    assert notice.status("ru") is TranslationStatus.CURRENT and not notice.translation("ru").draft


# --- what is skipped, and why -------------------------------------------------


def test_bad_entries_are_skipped_with_a_reason_in_the_staff_language(frozen, staff_client, db_session):
    other = Centre(slug="elsewhere", name="Another centre")
    db_session.add(other)
    db_session.flush()
    elsewhere = Place(slug="elsewhere-gp", centre=other, category="gp", name="Legen der", hours={},
                      revision_number=0, major_revision_number=0)
    db_session.add(elsewhere)
    revise(elsewhere, {"about": "Fastlege.", "cost": ""})
    db_session.flush()
    admin, nurse = staff_client("admin"), staff_client("nurse", language="nb")
    gone = publish_notice(nurse, db_session, "Møtet er flyttet.")
    ending = publish_notice(nurse, db_session, "Vaksinedag i dag.", expires="2027-03-15T12:00")
    kept = publish_notice(nurse, db_session, "Kaffe i resepsjonen.")
    data = export(admin)
    assert "place:elsewhere-gp|about" in entries(data) and "place:elsewhere-gp|cost" not in entries(data)
    assert "place:elsewhere-gp|about" not in entries(export(nurse))  # not the nurse's centre

    def spoil(catalog):
        def entry(context):
            return next(m for m in catalog if m.context == context)

        entry(f"place:{PLACE}|about").context = "place:no-such-place|about"
        entry(f"place:{PLACE}|cost").context = "place:no-such-place|cost"
        entry(f"card:{CARD}|title").string = "x" * 121  # longer than a card's title may be
        entry(f"card:{CARD}|body").flags.add("fuzzy")
        entry(f"notice:{kept.id}|text").context = f"notice:{kept.id}|colour"
        catalog.add("Hei", "Привет", context="thing:x|text", auto_comments=["source-revision: 1"])

    data = translated(data, change=spoil)
    post(nurse, f"/staff/notices/{gone.id}/delete")
    with time_machine.travel(NOW + dt.timedelta(hours=3), tick=False):  # the vaccination day's notice ended
        html = upload(nurse, data)
    reasons = {
        "place:no-such-place": "Det finnes ikke noe sted med denne adressen (det kan være slettet).",
        "place:elsewhere-gp": "Du kan ikke redigere dette stedet.",
        f"card:{CARD}": "Merket som usikker (fuzzy): oversetteren er ikke ferdig med å sjekke den.",
        f"notice:{gone.id}": "Det finnes ingen melding med dette nummeret (den kan være slettet).",
        f"notice:{ending.id}": "Denne meldingen er utløpt: ingen ser den lenger.",
        f"notice:{kept.id}|colour": "Ikke en oppføring som Veiviser har laget (msgctxt skal være notice:…|text).",
        "thing:x|text": "Ikke en oppføring som Veiviser har laget: ingen teksttype heter «thing».",
    }
    for what, reason in reasons.items():
        assert what in html and reason in html, what
    assert "Hoppet over: 7" in html

    db_session.expire_all()
    assert translation_of(by_slug(db_session, Card, CARD), "ru") is None  # the good body was not saved alone
    assert translation_of(by_slug(db_session, Place, "elsewhere-gp"), "ru") is None
    assert db_session.get(Notice, ending.id).translation("ru") is None
    assert db_session.get(Notice, kept.id).translation("ru") is None


def test_the_file_with_places_cards_and_notices_passes_gnu_gettexts_check(frozen, staff_client, db_session,
                                                                            tmp_path):
    nurse = staff_client("nurse")
    notice = publish_notice(nurse, db_session, 'Møte i "Storstua".\nTa med barna.')
    place = by_slug(db_session, Place, PLACE)
    source = latest(place)
    post(nurse, f"/staff/places/{place.id}/source", {"about": source.about + " Ny.", "cost": source.cost})
    data = export(nurse, "ar", everything=True)
    found = entries(data)
    assert found[f"place:{PLACE}|about"].fuzzy and f"notice:{notice.id}|text" in found
    assert f"card:{CARD}|title" in found
    path = tmp_path / "ar.po"
    path.write_bytes(data)
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_the_translations_page_counts_the_other_texts(frozen, staff_client, db_session):
    nurse = staff_client("nurse")
    publish_notice(nurse, db_session)
    html = nurse.get("/staff/translations?lang=ru").get_data(as_text=True)
    assert "Also in the file (missing or outdated): places: 1, show-to-staff cards: 1, notices: 1." in html


def test_a_second_kind_cannot_take_a_registered_prefix(app):
    register_kind(PLACES)  # again, as every create_app does: nothing changes
    assert [kind.prefix for kind in registered_kinds()] == ["place", "card", "notice"]
    with pytest.raises(ValueError, match="registered already"):
        register_kind(PlaceKind())
