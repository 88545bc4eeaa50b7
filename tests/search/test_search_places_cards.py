"""Search finds the places near the centre and the cards to show at a counter
beside the pages (issue 16), in the resident's language; a result says what
kind of page it is; and a place's two lines do not outrank, only by being
short, the page that explains (server side; the phone ranks alike, see
test_search_parity_browser.py, and shows the same tags, see
tests/places/test_places_offline_browser.py)."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from babel.support import Translations

from webapp.search.documents import Document
from webapp.search.ranking import Index, Language, search

I18N = Path(__file__).resolve().parents[2] / "i18n"
PLACES = "Places near the centre"
CARDS = "Cards to show at a counter"
RESULT = re.compile(r'<a class="card" href="/(\w+)/demo/([^"]+)"[^>]*>(.*?)</a>', re.S)
TAG = re.compile(r'<span class="tag tag-muted"[^>]*>([^<]*)</span>')


def translated(lang: str, msgid: str) -> str:
    return Translations.load(str(I18N), [lang], domain="messages").gettext(msgid)


def results(client, lang: str, query: str) -> list[tuple[str, list[str]]]:
    """(path after /<lang>/demo/, the tags it shows) of each result, best first."""
    html = client.get(f"/{lang}/demo/search?q={quote(query)}").get_data(as_text=True)
    return [(path, TAG.findall(inner)) for _lang, path, inner in RESULT.findall(html)]


@pytest.mark.parametrize(("lang", "query"), [
    ("ar", "أين الصيدلية؟"),  # where is the pharmacy?
    ("ti", "ፋርማሲ ኣበይ ኣሎ?"),  # where is the pharmacy?
])
def test_a_pharmacy_question_finds_the_pharmacy_near_the_centre(client, lang, query):
    found = dict(results(client, lang, query))
    paths = list(found)
    assert "places/apotek-fjordvik-sentrum" in paths[:3], paths
    assert "pages/medicines-and-pharmacy" in paths[:3], paths  # the page that explains stays
    assert found["places/apotek-fjordvik-sentrum"] == [translated(lang, PLACES)]
    assert translated(lang, PLACES) != PLACES  # a translated tag, not the English
    assert found["pages/medicines-and-pharmacy"] == []  # a page needs no tag


@pytest.mark.parametrize(("lang", "query", "card"), [
    ("en", "D-number", "d-number-prescription"),
    ("ar", "D-nummer", "d-number-prescription"),
    ("ti", "D-nummer", "d-number-prescription"),
    ("en", "interpreter", "interpreter"),
    ("ar", "مترجم", "interpreter"),  # interpreter
    ("ti", "ተርጓሚ", "interpreter"),  # interpreter
    ("ar", "شكوى", "complaint"),  # a complaint
])
def test_a_card_is_found_by_what_it_says(client, lang, query, card):
    found = dict(results(client, lang, query))
    assert f"cards/{card}" in list(found)[:3], list(found)
    assert found[f"cards/{card}"] == [translated(lang, CARDS)]


def test_a_complaint_finds_the_statsforvalter_too(client):
    assert "places/statsforvalteren" in dict(results(client, "ar", "شكوى"))


def test_a_place_s_name_is_not_translated_in_the_results(client):
    """The name is the place's own (its page's <h1 translate="no">); a card's title is the reader's."""
    html = client.get(f"/am/demo/search?q={quote('lege')}").get_data(as_text=True)
    assert '<span class="card-title" translate="no">Fjordvik legesenter</span>' in html
    assert '<span class="card-title">' in html  # the pages' titles are the reader's words


def test_a_card_is_found_in_the_language_it_is_shown_in(client):
    """The card's title in the results is the reader's; the link says its language."""
    html = client.get(f"/ti/demo/search?q={quote('ተርጓሚ')}").get_data(as_text=True)
    assert re.search(r'href="/ti/demo/cards/interpreter" lang="ti" dir="ltr">\s*<span class="card-title">ተርጓሚ', html)


def test_a_short_document_does_not_outrank_a_long_one_only_by_being_short():
    """A place says "bus" once in four words; the page on travel costs says it
    six times in a hundred. Each is measured against its own kind: the page
    comes first (against the average of all, the place did)."""
    filler = " ".join(f"word{i}" for i in range(94))
    docs = [
        Document("/en/demo/pages/travel-costs", "Travel costs", "", f" {'bus ' * 6}{filler}", "en"),
        Document("/en/demo/pages/school", "School", "", f" {filler} lessons", "en"),
        Document("/en/demo/pages/kindergarten", "Kindergarten", "", f" {filler} children", "en"),
        Document("/en/demo/places/station", "Station", "", " Bus and train", "en"),
    ]
    ranked = [hit.document.path for hit in search(Index.build(docs, Language.of("en")), "bus")]
    assert ranked == ["/en/demo/pages/travel-costs", "/en/demo/places/station"]
