"""The phone (static/js/search.js, in Debian's Chromium) and the server
(webapp/search) fold, split and rank text alike, over every demo page in
every language and questions in many scripts: a resident gets the same
pages online and offline."""
from __future__ import annotations

import pytest

from webapp.demo.seed import CONTENT, read_page_text
from webapp.l10n.languages import LANGUAGES
from webapp.search.ranking import score
from webapp.search.text import query_terms, tokens

pytestmark = pytest.mark.browser

QUESTIONS = [
    "How do I get a FRIKORT?", "Hvordan får jeg frikort på legevakten?", "كيف أحصل على بطاقة الإعفاء؟",
    "أين الطبيب؟ الطبيبة", "چطور می‌توانم داکتر ببینم؟", "ከመይ ገይረ ሓኪም ክረክብ እኽእል?", "Як отримати лікаря?",
    "Sidee baan u helayaa dhakhtar?", "Çocuğum için doktor nerede?", "Ærlig Ødegård Café naïve",
    "١٢٣ 123 ۱۲۳", "pregnant_woman e-mail", "İstanbul straße", "کوردی، سۆرانی؟", "ـــطبيب",
]


def corpus() -> dict[str, list[str]]:
    """Every demo text, by the language it is written in."""
    texts: dict[str, list[str]] = {}
    for path in sorted((CONTENT / "pages").glob("*/*.md")):
        text = read_page_text(path)
        texts.setdefault(path.stem, []).extend([text.title, text.body])
    return texts


@pytest.fixture(scope="module")
def search_page(module_live_server, browser):
    server = module_live_server()
    context = browser.new_context()
    page = context.new_page()
    yield lambda lang: page.goto(f"{server.url}/{lang}/demo/search") and page
    context.close()


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_phone_splits_and_weighs_text_as_the_server_does(search_page, lang):
    page = search_page(lang)
    texts = corpus().get(lang, []) + QUESTIONS
    on_phone = page.evaluate("(texts) => texts.map((t) => VeiviserSearch.tokens(t))", texts)
    assert on_phone == [tokens(text) for text in texts]
    terms = page.evaluate("(texts) => texts.map((t) => VeiviserSearch.queryTerms(t))", QUESTIONS)
    assert terms == [query_terms(question, lang) for question in QUESTIONS]

    title, body = tokens(texts[0]), tokens(" ".join(texts[1:]))
    for question in QUESTIONS:
        found = page.evaluate(
            "([q, title, body]) => VeiviserSearch.score(VeiviserSearch.queryTerms(q), title, body)",
            [question, title, body],
        )
        assert tuple(found) == score(query_terms(question, lang), title, body)
