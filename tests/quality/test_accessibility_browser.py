"""axe-core (the engine behind most accessibility audits) in Debian's Chromium:
every resident page in English, Arabic and Tigrinya and every staff page in
English has no violation; tap targets on resident pages are at least 44 px."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from models import Card, Centre, FeedbackResponse, Meeting, Page, Place, Topic
from tests.browser_checks import small_targets
from tests.live_server import PHONE
from tests.staff_helpers import make_user, sign_in_with_browser
from webapp.demo.seed import seed_demo_feedback

pytestmark = pytest.mark.browser
LANGUAGES = ("en", "ar", "ti")
axe = Axe()


@pytest.fixture(scope="module")
def server(module_live_server):
    def prepare(session):
        make_user(session, "admin", email="admin@test.example")
        seed_demo_feedback(session)
        session.flush()
        return resident_paths(session), {
            "page": session.scalar(select(Page.id).where(Page.slug == "frikort")),
            "meeting": session.scalar(select(Meeting.id).order_by(Meeting.id)),
            "answer": session.scalar(select(FeedbackResponse.id)),
            "place": session.scalar(select(Place.id).where(Place.slug == "fjordvik-legesenter")),
            "card": session.scalar(select(Card.id).where(Card.slug == "interpreter")),
            "centre": session.scalar(select(Centre.id).where(Centre.slug == "demo")),
        }

    server = module_live_server(prepare=prepare)
    server.resident_paths, server.ids = server.prepared
    return server


def resident_paths(session) -> list[str]:
    topics = session.scalars(select(Topic.slug).order_by(Topic.position)).all()
    pages = session.scalars(select(Page.slug).where(Page.published.is_(True)).order_by(Page.slug)).all()
    return [
        "", "help", "privacy", "search", "search?q=lege", "offline", "unavailable", "meetings", "checkin",
        "feedback", "feedback?page=frikort&rating=3", "you-said",
        *(f"topics/{slug}" for slug in topics), *(f"pages/{slug}" for slug in pages),
        "places", "cards", *(f"places/{slug}" for slug in session.scalars(select(Place.slug).where(Place.published))),
        *(f"cards/{slug}" for slug in session.scalars(select(Card.slug).where(Card.published))),
    ]


def violations(page) -> list[str]:
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_resident_page_has_no_axe_violation_and_big_tap_targets(browser, server, lang):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    found = {}
    for path in ["/", *(f"/{lang}/demo/{p}" for p in server.resident_paths)]:
        page.goto(server.url + path)
        problems = violations(page) + small_targets(page)
        if problems:
            found[path] = problems
    context.close()
    assert found == {}


def test_every_staff_page_has_no_axe_violation(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/staff/login")
    found = {"/staff/login": violations(page)}
    sign_in_with_browser(page, server.url, "admin@test.example")
    ids = server.ids
    for path in (
        "/staff/", "/staff/pages", f"/staff/pages/{ids['page']}", f"/staff/pages/{ids['page']}?lang=ar",
        f"/staff/pages/{ids['page']}/preview/ar", f"/staff/pages/{ids['page']}/history", "/staff/pages/new",
        "/staff/translations", "/staff/topics", "/staff/users", "/staff/audit", "/staff/meetings",
        "/staff/meetings/new", f"/staff/meetings/{ids['meeting']}", f"/staff/meetings/{ids['meeting']}/display",
        "/staff/feedback", "/staff/feedback?show=lang-ar", "/staff/feedback/groups/meetings",
        "/staff/you-said", f"/staff/you-said/{ids['answer']}",
        "/staff/places", "/staff/places/new", f"/staff/places/{ids['place']}", f"/staff/places/{ids['place']}?lang=ar",
        f"/staff/places/{ids['place']}/history", "/staff/cards", "/staff/cards/new", f"/staff/cards/{ids['card']}",
        "/staff/centres", "/staff/centres/new", f"/staff/centres/{ids['centre']}",
    ):
        response = page.goto(server.url + path)
        assert response.status == 200, path
        found[path] = violations(page)
    context.close()
    assert {path: problems for path, problems in found.items() if problems} == {}


def test_the_checks_catch_what_they_look_for(browser, server):
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    page.goto(server.url + "/en/demo/")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend', '<img src="/icons/192.png"><button type="button">x</button>');
        Object.assign(main.lastElementChild.style, {width: '20px', height: '20px', padding: '0'});
    }""")
    found = violations(page) + small_targets(page)
    context.close()
    assert any(problem.startswith("image-alt") for problem in found)
    assert any(problem.endswith("20x20") for problem in found)
