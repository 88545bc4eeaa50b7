"""The phone (static/js/search.js, in Debian's Chromium) and the server
(webapp/search) read, fold, stem and rank alike: over every demo page in
every language, with every benchmark question and questions in many scripts,
the phone returns the same pages in the same order with the same scores as
the server, so a resident gets the same answer online and offline.

Lean: one browser page for the module, one navigation and one evaluation per
language (the phone fetches the pages, reads them as it reads saved pages,
and answers all of that language's questions at once)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Centre
from scripts.bench_search import load_questions
from tests.live_server import database
from webapp.l10n.languages import LANGUAGES
from webapp.search.documents import documents
from webapp.search.ranking import Index, Language, query_terms, search

pytestmark = pytest.mark.browser

QUESTIONS = [
    "How do I get a FRIKORT?", "Hvordan får jeg frikort på legevakten?", "كيف أحصل على بطاقة الإعفاء؟",
    "أين الطبيب؟ الطبيبة", "چطور می‌توانم داکتر ببینم؟", "ከመይ ገይረ ሓኪም ክረክብ እኽእል?", "Як отримати лікаря?",
    "Sidee baan u helayaa dhakhtar?", "Çocuğum için doktor nerede?", "Ærlig Ødegård Café naïve",
    "١٢٣ 123 ۱۲۳", "pregnant_woman e-mail", "İstanbul straße", "کوردی، سۆرانی؟", "ـــطبيب", "doctor", "lege",
]

PHONE_ANSWERS = """async ([paths, questions]) => {
  const docs = [];
  for (const path of paths) {
    docs.push(VeiviserSearch.documentFrom(path, await (await fetch(path)).text()));
  }
  return {
    words: docs.map((doc) => [VeiviserSearch.words(doc.title), VeiviserSearch.words(doc.text)]),
    terms: questions.map((q) => VeiviserSearch.queryTerms(q).map(
      (t) => [t.stem, [...t.synonyms].sort(), t.phrases.map((p) => p.join(' ')).sort()])),
    ranks: questions.map((q) => VeiviserSearch.rank(q, docs).map((hit) => [hit.path, hit.score])),
  };
}"""


@pytest.fixture(scope="module")
def server(module_live_server):
    return module_live_server()


@pytest.fixture(scope="module")
def phone_page(server, browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def server_index(server, lang: str) -> Index:
    with database(server.app) as session:
        centre = session.scalar(select(Centre).where(Centre.slug == "demo"))
        return Index.build(documents(session, centre, lang), Language.of(lang))


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_phone_ranks_every_question_as_the_server_does(server, phone_page, lang):
    questions = [q.text for q in load_questions() if q.app_lang == lang] + QUESTIONS
    index = server_index(server, lang)
    phone_page.goto(f"{server.url}/{lang}/demo/search")
    on_phone = phone_page.evaluate(PHONE_ANSWERS, [[d.document.path for d in index.documents], questions])

    assert on_phone["words"] == [[list(d.title), list(d.text)] for d in index.documents]
    assert on_phone["terms"] == [
        [[t.stem, sorted(t.synonyms), sorted(" ".join(p) for p in t.phrases)] for t in query_terms(q, index.language)]
        for q in questions
    ]
    assert on_phone["ranks"] == [[[hit.document.path, hit.score] for hit in search(index, q)] for q in questions]
