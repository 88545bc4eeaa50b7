"""What search looks through: every document a resident can read at a centre
in a language, from one list of sources that features add to.

A source gives, for a language and a centre, its documents and the URL
prefix (under /<lang>/<centre>/) of the pages that show them. The phone
searches the same documents from the pages it has saved for offline reading
(static/js/search.js): a saved page under a source's prefix whose HTML has
``<article class="page">`` is a document with its ``<h1>`` as title, its
``.lead`` as summary and ``.lead`` + ``.prose`` as text. A source's
``Document.text`` must be exactly that text, so that both rank alike (the
parity browser test checks it over the benchmark questions).

An article without ``lang`` (a place's page mixes the app's words with the
place's own) counts as written in the app's language.

A new kind of page plugs in by appending a ``Source`` to ``SOURCES`` (and
listing its pages in ``offline.manifest.kept_urls`` so the phone has them).
Of a place or a card only its own words are searched (a place's name and
description, a card's title and text): not the headings, hours and phrases
every place page has, which would match a question about opening hours or
costs on every place.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from sqlalchemy.orm import Session

from models import Centre
from webapp.content import reading
from webapp.l10n.languages import LANGUAGES
from webapp.places import reading as places
from webapp.places.texts import shown_in


@dataclass(frozen=True)
class Document:
    path: str  # the URL of the page that shows it
    title: str
    summary: str  # shown under the title in the results
    text: str  # searched besides the title: the summary and the body, as plain text
    lang: str  # the language it is written in (a fallback when not translated)
    name: bool = False  # the title is a name (a place's), not to be translated: its <h1 translate="no">


@dataclass(frozen=True)
class Source:
    prefix: str  # of its pages' paths, after /<lang>/<centre>/
    documents: Callable[[Session, Centre, str], Iterable[Document]]


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    """The text of an HTML fragment, as the browser's ``textContent`` gives it."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def page_documents(session: Session, centre: Centre, lang: str) -> Iterable[Document]:
    pages = reading.all_pages(session, centre)
    for page in reading.localize(session, pages, lang):
        yield Document(
            path=f"/{lang}/{centre.slug}/pages/{page.page.slug}",
            title=page.title,
            summary=page.summary,
            text=f"{page.summary} {html_text(str(page.body_html))}",
            lang=page.shown_lang,
        )


def place_documents(session: Session, centre: Centre, lang: str) -> Iterable[Document]:
    """A place's page (resident/place.html): its name, and its description
    as the one ``.prose``; no ``.lead`` (the results say it is a place)."""
    for place in places.places_for(session, centre):
        about = shown_in(place, lang).about
        yield Document(
            path=f"/{lang}/{centre.slug}/places/{place.slug}", title=place.name, summary="",
            text=f" {about}", lang=lang, name=True,
        )


def card_documents(session: Session, centre: Centre, lang: str) -> Iterable[Document]:
    """A card's page (resident/card.html): its title and text in the
    reader's language (the Norwegian half is for the counter)."""
    for card in places.cards_for(session, centre):
        shown = shown_in(card, lang)
        yield Document(
            path=f"/{lang}/{centre.slug}/cards/{card.slug}", title=shown.title, summary="",
            text=f" {shown.body}", lang=shown.shown_lang,
        )


SOURCES: list[Source] = [
    Source("pages/", page_documents),
    Source("places/", place_documents),
    Source("cards/", card_documents),
]


def documents(session: Session, centre: Centre, lang: str) -> list[Document]:
    """Everything searchable in ``lang`` at ``centre``, in a fixed order (by path)."""
    found = [doc for source in SOURCES for doc in source.documents(session, centre, lang)]
    return sorted(found, key=lambda doc: doc.path)


def kind(doc: Document) -> str:
    """What kind of document it is: the first part of its path after
    /<lang>/<centre>/ ("pages", "places", "cards")."""
    return doc.path.split("/")[3]


def direction(doc: Document) -> str:
    return LANGUAGES[doc.lang].dir if doc.lang in LANGUAGES else "ltr"
