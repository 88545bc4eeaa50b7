"""Dates the phone writes, in every language, and the scan for Latin-script
words (tests/browser_checks.py) that test_layout_browser.py runs over every
page kind in every language written in another script."""
from __future__ import annotations

import pytest

from tests.browser_checks import LATIN, LATIN_SCRIPT, allowed, latin_words
from webapp.l10n.languages import LANGUAGES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(module_live_server):
    return module_live_server()


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_phone_writes_dates_in_the_readers_language(browser, server, lang):
    """"Last updated …" is written by the phone, from the server's CLDR data:
    no English month or AM/PM where the browser has no data for the language."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(f"{server.url}/{lang}/demo/offline")
    written = page.evaluate("""() => {
        const data = document.querySelector('[data-last-updated]').dataset;
        return VeiviserDates.format(new Date(2027, 0, 2, 13, 5).getTime(), data);
    }""")
    context.close()
    assert "13:05" in written or "1:05" in written, written
    assert "2027" in written, written
    if lang not in LATIN_SCRIPT:
        assert not LATIN.search(written), written


def test_the_scan_finds_english_but_not_names(browser, server):
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    page.goto(f"{server.url}/ar/demo/meetings")
    page.evaluate("""() => document.querySelector('main').insertAdjacentText('beforeend', 'Updated January 2 UDI')""")
    found = [word for word, _ in latin_words(page) if not allowed(word)]
    context.close()
    assert found == ["Updated", "January"]  # the meetings' places and the centre's name are names
