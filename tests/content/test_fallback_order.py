"""The reader's own fallback order: a page missing in the reader's language
is shown in the first language of their own order (``?also=``, chosen on the
phone), or of the default order for their language without one."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Page
from tests.helpers import facts
from webapp.l10n.fallbacks import ALSO_READ, MAX_OWN, content_fallbacks, offered_languages, own_order
from webapp.l10n.languages import LANGUAGES


def without(db_session, slug: str, *langs: str) -> Page:
    page = db_session.scalar(select(Page).where(Page.slug == slug))
    page.translations[:] = [t for t in page.translations if t.lang not in langs]
    db_session.flush()
    return page


def article_lang(html: str) -> str:
    start = html.index('<article class="page" lang="') + len('<article class="page" lang="')
    return html[start:html.index('"', start)]


def notice_of(html: str) -> str:
    return html[html.index("data-fallback"):html.index("<article")]


def test_every_language_has_a_default_that_ends_in_english_then_norwegian():
    assert set(ALSO_READ) == set(LANGUAGES)
    for code in LANGUAGES:
        chain = content_fallbacks(code, "nb")
        assert chain[0] == code
        assert chain[-2:] == ({"nb": ["nb", "en"]}.get(code) or ["en", "nb"]), chain


def test_defaults_follow_what_readers_read_and_never_show_ukrainians_russian():
    assert content_fallbacks("prs", "nb")[:2] == ["prs", "fa"]
    assert content_fallbacks("ps", "nb")[:3] == ["ps", "prs", "fa"]
    assert content_fallbacks("ckb", "nb")[:3] == ["ckb", "ar", "fa"]
    assert content_fallbacks("kmr", "nb")[:2] == ["kmr", "tr"]
    assert content_fallbacks("ti", "nb")[:2] == ["ti", "am"]
    assert content_fallbacks("so", "nb")[:2] == ["so", "en"]
    assert "ru" not in content_fallbacks("uk", "nb")
    assert "ru" not in offered_languages("uk")


def test_own_order_replaces_the_default_and_is_cleaned():
    enabled = list(LANGUAGES)
    assert content_fallbacks("ckb", "nb", ("fa",)) == ["ckb", "fa", "en", "nb"]
    assert own_order("fa,en", "ckb", enabled) == ("fa", "en")
    # Its own language, unknown codes, repeats and anything past two are dropped.
    assert own_order("ckb,xx,fa,fa,<script>,ar,en", "ckb", enabled) == ("fa", "ar")[:MAX_OWN]
    assert own_order("", "ckb", enabled) == ()
    assert own_order("fa", "ckb", ["ckb", "en", "nb"]) == ()  # not enabled on this server


def test_sorani_page_missing_shows_the_default_then_the_readers_own_order(client, db_session):
    without(db_session, "frikort", "ckb")
    default = client.get("/ckb/demo/pages/frikort").get_data(as_text=True)
    assert article_lang(default) == "ar"
    own = client.get("/ckb/demo/pages/frikort?also=fa,en").get_data(as_text=True)
    assert article_lang(own) == "fa"
    # The chrome stays in Sorani, and the notice names Farsi in Sorani.
    assert '<html lang="ckb" dir="rtl"' in own
    assert "فارسی" in notice_of(own) and "Farsi" not in notice_of(own) and "Persian" not in notice_of(own)


def test_order_falls_through_to_the_next_language_that_has_the_page(client, db_session):
    without(db_session, "frikort", "ckb", "fa", "ar")
    html = client.get("/ckb/demo/pages/frikort?also=fa,ti").get_data(as_text=True)
    assert article_lang(html) == "ti"
    html = client.get("/ckb/demo/pages/frikort?also=fa").get_data(as_text=True)
    assert article_lang(html) == "en"  # then English, then Norwegian


def test_a_page_in_the_readers_language_ignores_the_order(client):
    html = client.get("/ckb/demo/pages/frikort?also=fa").get_data(as_text=True)
    assert article_lang(html) == "ckb"
    assert "data-fallback" not in html


def test_notice_offers_languages_the_page_is_in_with_a_link_that_works_without_javascript(client, db_session):
    without(db_session, "frikort", "ckb", "fa")
    html = client.get("/ckb/demo/pages/frikort").get_data(as_text=True)
    notice = notice_of(html)
    page = facts(client.get("/ckb/demo/pages/frikort"))
    choices = [link["href"] for link in page.links if "also=" in link["href"]]
    # Arabic is shown; Farsi is not there; English and Norwegian are offered.
    assert choices == ["/ckb/demo/pages/frikort?also=en", "/ckb/demo/pages/frikort?also=nb"]
    assert 'data-shown="ar"' in notice and "fa" not in notice.split('data-available="')[1].split('"')[0].split()
    assert "/ckb/demo/offline#also" in notice
    assert article_lang(client.get(choices[0]).get_data(as_text=True)) == "en"


def test_topic_lists_follow_the_order_too(client, db_session):
    without(db_session, "frikort", "ckb")
    html = client.get("/ckb/demo/topics/money?also=fa").get_data(as_text=True)
    farsi_title = next(t.title for t in db_session.scalar(select(Page).where(Page.slug == "frikort")).translations
                       if t.lang == "fa")
    assert farsi_title in html


@pytest.mark.parametrize("url", ["/ckb/demo/offline"])
def test_settings_page_offers_two_choices_of_every_other_language_and_says_the_default(client, url):
    html = client.get(url).get_data(as_text=True)
    fieldset = html[html.index('<fieldset id="also">'):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert fieldset.count('<select id="also-') == 2
    assert fieldset.count('<option value="fa">') == 2 and '<option value="ckb">' not in fieldset
    # "Without a choice, Veiviser tries Arabic, Farsi, English and Norwegian", in Sorani.
    assert "عەرەبی" in fieldset and "ئینگلیزی" in fieldset
