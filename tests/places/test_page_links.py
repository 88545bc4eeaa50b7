"""Pages link to places and cards (issue 16): the medicines page to the
pharmacies near the centre and the card to show at the pharmacy, the
interpreter page to the interpreter card, the complaints page to the
Statsforvalter and the complaint card; in all 16 languages, with the link
text in the page's language, to a page that is there and kept offline."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from sqlalchemy import select

from models import Centre
from webapp.l10n.languages import LANGUAGES
from webapp.offline.manifest import kept_urls

LINKS = {
    "medicines-and-pharmacy": ["../cards/d-number-prescription", "../places#pharmacy"],
    "interpreter": ["../cards/interpreter"],
    "complaints": ["../places#statsforvalter", "../cards/complaint"],
}


class ProseLinks(HTMLParser):
    """{href: text} of the links in the page's body (.prose), and every id on the page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: dict[str, str] = {}
        self.ids: set[str] = set()
        self._depth = 0  # inside <div class="prose">
        self._href: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if self._depth or (tag == "div" and attrs.get("class") == "prose"):
            self._depth += tag == "div"
            if tag == "a":
                self._href = attrs.get("href")
                self.links[self._href] = ""

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None
        elif tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._href is not None:
            self.links[self._href] += data


def prose_links(client, lang: str, slug: str) -> dict[str, str]:
    response = client.get(f"/{lang}/demo/pages/{slug}")
    assert response.status_code == 200
    return ProseLinks(response.get_data(as_text=True)).links


@pytest.mark.parametrize("slug", sorted(LINKS))
def test_pages_link_to_places_and_cards_in_every_language(client, slug):
    english = prose_links(client, "en", slug)
    for lang in LANGUAGES:
        links = prose_links(client, lang, slug)
        for href in LINKS[slug]:
            assert links.get(href, "").strip(), (lang, href)
            if lang != "en":
                assert links[href] != english[href], (lang, href)  # written in the page's language


def test_the_links_land_on_a_kept_page_and_its_heading(app, client, db_session):
    """From /<lang>/demo/pages/<slug>, online and from the phone's copy."""
    with app.test_request_context():
        kept = set(kept_urls(app, "ar", db_session.scalar(select(Centre).where(Centre.slug == "demo"))))
    for slug, hrefs in LINKS.items():
        for href in hrefs:
            target = urlsplit(urljoin(f"/ar/demo/pages/{slug}", href))
            assert target.path in kept, target.path
            response = client.get(target.path)
            assert response.status_code == 200, target.path
            if target.fragment:
                assert target.fragment in ProseLinks(response.get_data(as_text=True)).ids, href
