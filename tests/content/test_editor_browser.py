"""The nurse's editor in Chromium. A nurse's whole round: sign in, edit the
Norwegian source, see the Arabic translation become outdated, fix it, preview
it right to left, publish; then a resident's phone shows the new text. And the
help for nurses who do not write Markdown (static/js/editor.js): the
formatting toolbar with the keyboard only, the live preview rendered (and
sanitised) by the server, and the question about the facts-checked date when
a number changes."""
from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import Page, Topic
from tests.live_server import PHONE, database, screenshot
from tests.staff_helpers import make_user, post, sign_in_with_browser
from webapp import clock
from webapp.content.editing import create_page, latest_revision

pytestmark = pytest.mark.browser
NEW_ARABIC = "أرسل نسخة من شهادة طالب اللجوء إلى Helfo مع الإيصالات."


@pytest.fixture()
def server(live_server):
    def prepare(session):
        make_user(session, "nurse", email="nurse@test.example")
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        page.published = False
        return page.id

    server = live_server(prepare=prepare)
    server.page_id = server.prepared
    return server


def test_nurse_edits_translates_previews_and_publishes(browser, server):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    nurse = laptop.new_page()
    sign_in_with_browser(nurse, server.url, "nurse@test.example")
    assert nurse.url.endswith("/staff/")

    nurse.goto(f"{server.url}/staff/pages/{server.page_id}?lang=ar")
    arabic_chip = nurse.locator(".status-row a", has_text="ar").first
    assert "status-current" in arabic_chip.get_attribute("class")
    source = nurse.locator("#source-body")
    source.fill(source.input_value() + "\nSend en kopi av asylsøkerbeviset til Helfo sammen med kvitteringene.\n")
    nurse.get_by_label("What changed, in one line for residents").fill("Send kopi av asylsøkerbeviset til Helfo.")
    nurse.get_by_role("button", name="Save source text").click()
    assert "status-outdated" in nurse.locator(".status-row a", has_text="ar").first.get_attribute("class")
    screenshot(nurse, "editor-outdated.png")

    translation = nurse.locator("#tr-body")
    translation.fill(translation.input_value() + "\n" + NEW_ARABIC + "\n")
    nurse.get_by_role("button", name="Save translation").click()
    assert "status-current" in nurse.locator(".status-row a", has_text="ar").first.get_attribute("class")

    nurse.get_by_role("link", name="Preview in Arabic").click()
    frame = nurse.frame_locator("iframe.phone-frame")
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert NEW_ARABIC in frame.locator("article").inner_text()
    screenshot(nurse, "editor-preview-ar.png")

    nurse.get_by_role("link", name="Back to the editor").click()
    nurse.get_by_role("button", name="Publish").click()
    laptop.close()

    phone = browser.new_context(**PHONE).new_page()
    phone.goto(server.url + "/ar/demo/pages/frikort")
    assert NEW_ARABIC in phone.locator("article").inner_text()
    assert not phone.locator(".notice").count()  # current, so no "outdated" banner
    phone.context.close()


# --- the toolbar, the live preview and the facts question ---------------------

CHECKED_BEFORE = dt.date(2026, 1, 15)
CHECK_URL = "https://www.helsenorge.no/egenandel/"
PAGES = {  # slug: body; each test edits its own page
    "editor-toolbar": "Velkommen til mottaket.",
    "editor-preview": "Velkommen til mottaket.",
    "facts-yes": "Egenandelen er 200 kroner.\n\nSpar kvitteringene.",
    "facts-no": "Egenandelen er 200 kroner.\n\nSpar kvitteringene.",
    "facts-words": "Egenandelen er 200 kroner.\n\nSpar kvitteringene.",
}


@pytest.fixture(scope="module")
def editor_server(module_live_server):
    def prepare(session):
        make_user(session, "nurse", email="writer@test.example")
        topic = session.scalar(select(Topic).where(Topic.slug == "money"))
        return {
            slug: create_page(
                session, slug=slug, topic=topic, source_lang="nb", title="Egenandel", body=body, position=7,
                review_interval_days=90, facts_checked_on=CHECKED_BEFORE, check_url=CHECK_URL,
            ).id
            for slug, body in PAGES.items()
        }

    return module_live_server(prepare=prepare)


@pytest.fixture()
def editor(browser, editor_server):
    """``editor(slug)``: a laptop signed in as a nurse, in the editor of that page."""
    contexts = []

    def open_editor(slug: str, lang: str = "ar"):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        nurse = context.new_page()
        sign_in_with_browser(nurse, editor_server.url, "writer@test.example")
        nurse.goto(f"{editor_server.url}/staff/pages/{editor_server.prepared[slug]}?lang={lang}")
        expect(nurse.locator("[data-preview-body] .lead")).to_be_visible()  # the script has started
        return nurse

    yield open_editor
    for context in contexts:
        context.close()


def stored(slug: str, server):
    """The page as the database has it now."""
    with database(server.app) as session:
        page = session.scalar(select(Page).where(Page.slug == slug))
        return page.facts_checked_on, latest_revision(page).body, (page.position, page.review_interval_days,
                                                                     page.check_url, page.topic.slug)


def selection(nurse) -> str:
    return nurse.evaluate("(a => a.value.slice(a.selectionStart, a.selectionEnd))(document.activeElement)")


def focused(nurse) -> str:
    return nurse.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_toolbar_formats_the_selection_with_the_keyboard_only(editor):
    nurse = editor("editor-toolbar")
    text = nurse.locator("#source-body")
    keys = nurse.keyboard
    nurse.locator("#source-title").focus()
    keys.press("Tab")
    assert focused(nurse) == "Heading"  # the toolbar is one Tab stop, before the text
    keys.press("Tab")
    assert focused(nurse) == "source-body"

    keys.press("Control+End")
    keys.type("\nRing legevakten")
    keys.press("Shift+Home")
    keys.press("Shift+Tab")
    for _ in range(3):
        keys.press("ArrowRight")
    assert focused(nurse) == "Bold"
    keys.press("Enter")
    assert text.input_value() == "Velkommen til mottaket.\n**Ring legevakten**"
    assert focused(nurse) == "source-body" and selection(nurse) == "Ring legevakten"

    keys.press("Control+b")  # the same again: not bold any more
    assert text.input_value() == "Velkommen til mottaket.\nRing legevakten"
    assert selection(nurse) == "Ring legevakten"

    keys.press("Shift+Tab")
    assert focused(nurse) == "Bold"  # the toolbar remembers where the nurse was
    keys.press("ArrowLeft")
    keys.press("ArrowLeft")
    assert focused(nurse) == "Bulleted list"
    keys.press("Enter")  # a list after a paragraph needs a blank line
    assert text.input_value() == "Velkommen til mottaket.\n\n- Ring legevakten"
    assert focused(nurse) == "source-body"

    keys.press("Control+Shift+ArrowLeft")
    assert selection(nurse) == "legevakten"
    keys.press("Shift+Tab")
    keys.press("End")
    keys.press("ArrowLeft")
    assert focused(nurse) == "Link"
    keys.press("Enter")
    address = nurse.get_by_label("Web address, for example helsenorge.no/frikort")
    expect(address).to_be_focused()
    keys.type("helsenorge.no/legevakt")
    keys.press("Enter")  # inserts the link; does not send the form
    assert text.input_value() == "Velkommen til mottaket.\n\n- Ring [legevakten](https://helsenorge.no/legevakt)"
    assert focused(nurse) == "source-body"

    keys.type(" på 116 117")
    keys.press("Control+Shift+ArrowLeft")
    keys.press("Control+Shift+ArrowLeft")
    assert selection(nurse) == "116 117"
    keys.press("Shift+Tab")
    keys.press("End")
    assert focused(nurse) == "Phone number"
    keys.press("Enter")  # a selected number needs no question
    assert text.input_value().endswith("- Ring [legevakten](https://helsenorge.no/legevakt) på [116 117](tel:116117)")

    keys.press("End")
    keys.type("\nLegevakt: ")
    keys.press("Shift+Tab")
    keys.press("Enter")
    number = nurse.get_by_label("Phone number, for example 116 117")
    expect(number).to_be_focused()
    keys.type("ring oss")
    keys.press("Enter")
    expect(nurse.get_by_text("Please type a phone number, for example 116 117.")).to_be_visible()
    keys.press("Control+a")
    keys.type("116 117")
    keys.press("Enter")
    assert text.input_value().endswith("\nLegevakt: [116 117](tel:116117)")

    keys.press("Control+End")
    keys.press("Shift+Home")
    keys.press("Shift+Tab")
    keys.press("Home")
    keys.press("Enter")
    assert text.input_value().endswith("\n\n## Legevakt: [116 117](tel:116117)")

    keys.type("\n\nFørst\nSå")
    keys.press("Shift+ArrowUp")
    keys.press("Shift+Home")
    keys.press("Shift+Tab")
    keys.press("ArrowRight")
    keys.press("ArrowRight")
    assert focused(nurse) == "Numbered list"
    keys.press("Enter")
    assert text.input_value().endswith("\n\n1. Først\n2. Så")

    expect(nurse.locator('[data-preview-body] a[href="tel:116117"]')).to_have_count(2)
    expect(nurse.locator("[data-preview-body] h2")).to_have_text("Legevakt: 116 117")
    expect(nurse.locator("[data-preview-body] ol li")).to_have_count(2)


def test_preview_renders_on_the_server_as_the_nurse_types_and_never_runs_a_script(editor, editor_server):
    nurse = editor("editor-preview")
    renders = len([r for r in editor_server.log if r.path.endswith("/render")])
    nurse.locator("#source-body").focus()
    nurse.keyboard.press("Control+End")
    nurse.keyboard.type(
        "\n\n## Når legevakten er stengt\n\n<script>window.previewRan = true</script>\n"
        '<img src="x" onerror="window.previewRan = true">\n\n[lenke](javascript:alert(1))'
    )
    heading = nurse.locator("[data-preview-body] h2")
    expect(heading).to_have_text("Når legevakten er stengt", timeout=5000)
    body = nurse.locator("[data-preview-body]")
    expect(body).to_contain_text("<script>window.previewRan = true</script>")  # shown as text
    expect(body).to_contain_text("[lenke](javascript:alert(1))")  # no link to a script either
    assert body.locator("script, img, a, [onerror]").count() == 0
    assert nurse.evaluate("window.previewRan") is None
    # About 150 keys, typed without a pause: a few previews, not one per key.
    assert len([r for r in editor_server.log if r.path.endswith("/render")]) - renders <= 5

    box = nurse.locator("[data-preview-box]")
    assert (box.get_attribute("lang"), box.get_attribute("dir")) == ("nb", "ltr")
    nurse.locator("#tr-title").fill("الرسوم")
    expect(nurse.locator("[data-preview-title]")).to_have_text("الرسوم")
    assert (box.get_attribute("lang"), box.get_attribute("dir")) == ("ar", "rtl")
    expect(nurse.locator("[data-preview-label]")).to_have_text("Preview in Arabic")


def test_a_changed_amount_asks_and_yes_moves_the_facts_checked_date_to_today(editor, editor_server):
    nurse = editor("facts-yes")
    text = nurse.locator("#source-body")
    text.fill(text.input_value().replace("200", "300"))
    question = nurse.locator("#source").get_by_role("group", name="Numbers changed. Did you check the facts today?")
    expect(question).to_be_hidden()
    nurse.locator("#change-note").fill("Egenandelen er nå 300 kroner.")
    nurse.get_by_role("button", name="Save source text").click()
    expect(question).to_be_visible()
    yes = nurse.get_by_role("button", name="Yes, set the facts-checked date to today")
    expect(yes).to_be_focused()
    assert stored("facts-yes", editor_server)[0] == CHECKED_BEFORE  # nothing saved yet
    yes.click()
    expect(nurse.get_by_text("Saved. Translations made before this edit are now marked outdated.")).to_be_visible()
    expect(nurse.get_by_text("Settings saved.")).to_be_visible()
    expect(nurse.locator("#checked")).to_have_value(clock.centre_today().isoformat())
    facts_checked_on, body, settings = stored("facts-yes", editor_server)
    assert facts_checked_on == clock.centre_today()
    assert "300 kroner" in body
    assert settings == (7, 90, CHECK_URL, "money")  # only the date changed


def test_no_keeps_the_facts_checked_date(editor, editor_server):
    nurse = editor("facts-no")
    text = nurse.locator("#source-body")
    text.fill(text.input_value().replace("200", "250"))
    nurse.locator("#change-note").fill("Egenandelen er nå 250 kroner.")
    nurse.get_by_role("button", name="Save source text").click()
    nurse.get_by_role("button", name="No, keep the date").click()
    expect(nurse.get_by_text("Saved. Translations made before this edit are now marked outdated.")).to_be_visible()
    facts_checked_on, body, _settings = stored("facts-no", editor_server)
    assert (facts_checked_on, body) == (CHECKED_BEFORE, "Egenandelen er 250 kroner.\n\nSpar kvitteringene.")


def test_changing_only_words_saves_without_the_question(editor, editor_server):
    nurse = editor("facts-words")
    text = nurse.locator("#source-body")
    # Words, and a numbered list: its "1." is no amount.
    text.fill(text.input_value().replace("Spar kvitteringene.", "Ta vare på kvitteringene:\n\n1. Lege"))
    nurse.locator("#change-note").fill("Ta vare på kvitteringene.")
    nurse.get_by_role("button", name="Save source text").click()
    expect(nurse.get_by_text("Saved. Translations made before this edit are now marked outdated.")).to_be_visible()
    facts_checked_on, body, _settings = stored("facts-words", editor_server)
    assert facts_checked_on == CHECKED_BEFORE
    assert "Ta vare på kvitteringene" in body


def test_preview_endpoint_needs_an_editor_and_a_token(app, client, staff_client, db_session):
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    url = f"/staff/pages/{page.id}/render"
    nurse = staff_client("nurse")
    answer = post(nurse, url, {"body": "Kort.\n\n## Tittel\n\n<b>fet</b>"})
    assert answer.status_code == 200
    assert answer.json == {
        "html": '<p class="lead">Kort.</p><div class="prose"><h2>Tittel</h2>\n<p>&lt;b&gt;fet&lt;/b&gt;</p>\n</div>'
    }
    assert nurse.post(url, data={"body": "x"}).status_code == 400  # no CSRF token
    assert post(nurse, url, {"body": "y" * 60_000}).status_code == 422
    assert post(staff_client("host"), url, {"body": "x"}).status_code == 403
    assert post(client, url, {"body": "x"}).status_code == 302  # to the sign-in page
