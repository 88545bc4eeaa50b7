"""Every resident page, in every language, served as plain readable HTML."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from models import Centre, Page, Topic
from tests.helpers import RTL_CODES, facts
from webapp.l10n.languages import LANGUAGES

ALL_CODES = list(LANGUAGES)


def resident_urls(db_session, lang: str) -> list[str]:
    """Every resident page of the demo centre in ``lang``."""
    base = f"/{lang}/demo"
    urls = [f"{base}/", f"{base}/help", f"{base}/privacy", f"{base}/meetings", f"{base}/search", f"{base}/offline"]
    urls += [f"{base}/topics/{slug}" for slug in db_session.scalars(select(Topic.slug))]
    urls += [f"{base}/pages/{slug}" for slug in db_session.scalars(select(Page.slug).where(Page.published))]
    return urls


@pytest.mark.parametrize("lang", ALL_CODES)
def test_every_resident_page_answers_in_every_language(client, db_session, lang):
    expected_dir = "rtl" if lang in RTL_CODES else "ltr"
    for url in resident_urls(db_session, lang):
        response = client.get(url)
        assert response.status_code == 200, url
        page = facts(response)
        assert page.html_attrs["lang"] == lang, url
        assert page.html_attrs["dir"] == expected_dir, url
        assert page.title, f"{url} has no heading"


@pytest.mark.parametrize("lang", ["ar", "ti", "nb"])
def test_pages_load_nothing_from_another_origin(client, db_session, lang):
    # (That they read without JavaScript is shown in Chromium, in test_browser.py.)
    for url in resident_urls(db_session, lang) + ["/"]:
        page = facts(client.get(url))
        for resource in page.resources:
            parts = urlsplit(resource)
            assert not parts.scheme and not parts.netloc, f"{url} loads {resource}"


def test_rtl_languages_are_exactly_the_right_to_left_scripts():
    assert RTL_CODES == ["ar", "ckb", "fa", "prs", "ps"]


def test_help_page_offers_tap_to_call_for_emergency_and_centre_numbers(client):
    links = {a["href"] for a in facts(client.get("/so/demo/help")).links}
    for number in ["113", "112", "110", "116117", "116123", "116111"]:
        assert f"tel:{number}" in links
    assert "tel:+4700000001" in links  # the demo centre's nurse
    assert "tel:+4700000002" in links  # and its reception


def test_page_in_arabic_shows_arabic_text_and_source_of_facts(client):
    response = client.get("/ar/demo/pages/frikort")
    html = response.get_data(as_text=True)
    page = facts(response)
    assert any("\u0600" <= ch <= "\u06ff" for ch in page.title), page.title
    assert "helsenorge.no" in html
    assert 'lang="ar"' in html and "article" in html


def test_page_not_translated_says_so_and_falls_back_in_the_readers_language(client, db_session):
    # Without its Russian translation the page is shown in English, with a
    # banner in Russian naming both languages in Russian (CLDR), isolated.
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    page.translations[:] = [t for t in page.translations if t.lang != "ru"]
    db_session.flush()
    html = client.get("/ru/demo/pages/frikort").get_data(as_text=True)
    assert '<article class="page" lang="en" dir="ltr">' in html
    notice = html[html.index('class="notice"'):html.index("<article")]
    assert "<bdi>русский</bdi>" in notice and "<bdi>английский</bdi>" in notice
    assert "English" not in notice


def test_dari_reader_falls_back_to_farsi_before_english(client, db_session):
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    page.translations[:] = [t for t in page.translations if t.lang != "prs"]
    db_session.flush()
    html = client.get("/prs/demo/pages/frikort").get_data(as_text=True)
    assert '<article class="page" lang="fa" dir="rtl">' in html


def test_local_page_is_marked_and_only_shown_at_its_centre(client, db_session):
    html = client.get("/en/demo/topics/health").get_data(as_text=True)
    assert 'Only at <bdi translate="no">Fjordvik mottak (demo)</bdi>' in html
    assert client.get("/en/demo/pages/nurse-at-fjordvik").status_code == 200

    db_session.add(Centre(slug="other", name="Another centre"))
    db_session.flush()
    assert client.get("/en/other/pages/nurse-at-fjordvik").status_code == 404
    assert client.get("/en/other/pages/frikort").status_code == 200  # national pages are everywhere
    assert "nurse-at-fjordvik" not in client.get("/en/other/topics/health").get_data(as_text=True)


def test_unpublished_page_is_not_found(client, db_session):
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    page.published = False
    db_session.flush()
    assert client.get("/en/demo/pages/frikort").status_code == 404


def test_pages_are_revalidated_and_an_unchanged_page_costs_no_body(client):
    first = client.get("/ar/demo/pages/frikort")
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get("/ar/demo/pages/frikort", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""


def test_unknown_language_centre_topic_and_page_are_404_pages(client):
    for url in ["/xx/demo/", "/ar/nowhere/", "/ar/demo/topics/nope", "/ar/demo/pages/nope"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "text/html"


def test_not_found_page_speaks_the_readers_language(client):
    html = client.get("/uk/demo/pages/nope").get_data(as_text=True)
    assert 'lang="uk"' in html
    assert "We could not find this page" not in html


def test_security_headers_forbid_inline_script_and_framing(client):
    headers = client.get("/en/demo/").headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src" not in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in csp
