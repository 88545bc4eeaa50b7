"""Every resident page kind, in all 16 languages, at the widths of real
phones: nothing wider than the screen, nothing cut at an edge or clipped by
its box, "Help now" always whole, every tap target at least 44 px; and in
the languages written in another script, no Latin-script word but names.

The page kinds (a topic and a page among them) are checked at every width;
every other topic and page (the same templates with other text) at the
narrowest, where long words bite first."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Card, Page, Place, Topic
from tests.browser_checks import LATIN_SCRIPT, allowed, latin_words, layout_problems, small_targets
from webapp.l10n.languages import LANGUAGES

pytestmark = pytest.mark.browser
WIDTHS = (320, 360, 390, 412)  # small Android, the most common Android, iPhone, large Android
PAGE_KINDS = ("", "topics/health", "pages/frikort", "help", "meetings", "checkin", "feedback",
              "feedback?page=frikort&rating=2", "search?q=lege", "privacy", "you-said", "offline", "unavailable",
              "places", "places/fjordvik-legesenter", "cards", "cards/d-number-prescription")


@pytest.fixture(scope="module")
def server(module_live_server):
    def every_topic_and_page(session):
        topics = session.scalars(select(Topic.slug).order_by(Topic.position)).all()
        pages = session.scalars(select(Page.slug).where(Page.published.is_(True)).order_by(Page.slug)).all()
        places = session.scalars(select(Place.slug).where(Place.published.is_(True)).order_by(Place.slug)).all()
        cards = session.scalars(select(Card.slug).where(Card.published.is_(True)).order_by(Card.slug)).all()
        return [*(f"topics/{slug}" for slug in topics), *(f"pages/{slug}" for slug in pages),
                *(f"places/{slug}" for slug in places), *(f"cards/{slug}" for slug in cards)]

    return module_live_server(prepare=every_topic_and_page)


def urgent_help_whole(page) -> list[str]:
    """The red "Help now" link: every letter on screen, none clipped."""
    return page.evaluate("""() => {
        const link = document.querySelector('.chip-urgent');
        if (!link) return [];
        const box = link.getBoundingClientRect();
        const fits = box.left >= 0 && box.right <= window.innerWidth && link.scrollWidth <= link.clientWidth;
        return fits ? [] : [`"Help now" cut: ${Math.round(box.left)}..${Math.round(box.right)}`];
    }""")


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_page_fits_every_phone_and_speaks_one_script(browser, server, lang):
    context = browser.new_context(viewport={"width": WIDTHS[-1], "height": 800}, is_mobile=True, has_touch=True,
                                  service_workers="block")
    page = context.new_page()
    found, latin = {}, {}
    for path in dict.fromkeys((*PAGE_KINDS, *server.prepared)):  # every kind, then every other topic and page
        page.set_viewport_size({"width": WIDTHS[-1], "height": 800})
        assert page.goto(f"{server.url}/{lang}/demo/{path}").status == 200, path
        if lang not in LATIN_SCRIPT:
            words = [(word, where) for word, where in latin_words(page) if not allowed(word)]
            if words:
                latin[path or "home"] = words[:4]
        for width in WIDTHS if path in PAGE_KINDS else WIDTHS[:1]:
            page.set_viewport_size({"width": width, "height": 800})
            problems = layout_problems(page, width) + urgent_help_whole(page) + small_targets(page)
            if problems:
                found[f"{path or 'home'} at {width} px"] = problems[:5]
    context.close()
    assert found == {}
    assert latin == {}


def test_the_checks_catch_what_they_look_for(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 800}, is_mobile=True, service_workers="block")
    page = context.new_page()
    page.goto(server.url + "/uk/demo/")
    page.evaluate("""() => {
        document.querySelector('.chip-urgent').style.whiteSpace = 'nowrap';
        document.querySelector('.chip-urgent').style.overflow = 'hidden';
        document.querySelector('.chip-urgent').style.maxWidth = '4rem';
        const wide = document.createElement('p');
        wide.textContent = 'wide';
        wide.style.inlineSize = '30rem';  // a style attribute would be refused by the page's CSP
        document.querySelector('main').append(wide);
    }""")
    found = layout_problems(page, 320) + urgent_help_whole(page)
    context.close()
    assert any("px wide" in problem for problem in found)
    assert any("clips its text" in problem for problem in found)
    assert any(problem.startswith('"Help now" cut') for problem in found)
