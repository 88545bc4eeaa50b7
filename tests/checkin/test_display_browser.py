"""The host's display on a real TV, in Chromium: at 1366x768, 1920x1080 and
3840x2160, with left-to-right and right-to-left main languages, the code, the
count and every instruction are on the screen without scrolling, before and
after full screen; the text is big enough to read across the room. The first
code is drawn from the page itself, before (and without) any codes request;
the rest of the meeting's codes come in small compact chunks, drawn exactly as
the server draws them."""
from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pyzbar.pyzbar import decode
from sqlalchemy import select

from models import Centre, Meeting
from tests.live_server import database
from tests.staff_helpers import host_at_a_meeting_in_progress, sign_in_with_browser
from webapp.checkin import codes, display_codes
from webapp.checkin.counting import checkin_keys, drawn_code

pytestmark = pytest.mark.browser

TV_SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]
MAIN_LANGUAGES = {
    "ltr": "uk ti so kmr fr",  # fr: the longest instruction
    "rtl": "ar prs fa ps ckb",
}
# Readable at 4 m (staff.css): the count at least 10 vh, instructions about 3 vh;
# display.js may shrink the text a little where a centre's languages need it.
MIN_COUNT_VH, MIN_INSTRUCTION_VH = 10, 2.9

LAYOUT = """() => {
  const page = document.documentElement;
  const box = (name, el) => {
    const b = el.getBoundingClientRect();
    return { name, left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height };
  };
  const q = (selector) => document.querySelector(selector);
  const px = (selector) => parseFloat(getComputedStyle(q(selector)).fontSize);
  return {
    scrollWidth: page.scrollWidth, scrollHeight: page.scrollHeight,
    innerWidth: window.innerWidth, innerHeight: window.innerHeight,
    boxes: [
      box('code', q('[data-code]')), box('count', q('[role=status]')), box('total', q('[data-total]')),
      box('titles', q('.display-titles')),
      ...[...document.querySelectorAll('.display-instructions li')].map((li) => box(`li[lang=${li.lang}]`, li)),
    ],
    countPx: px('[data-total]'), instructionPx: px('.display-instructions li'),
    fullscreen: document.fullscreenElement === q('[data-display]'),
  };
}"""


@pytest.fixture(scope="module")
def server(module_live_server):
    server = module_live_server(prepare=host_at_a_meeting_in_progress)
    server.meeting_id = server.prepared
    return server


@pytest.fixture(scope="module")
def signed_in(browser, server):
    """The host's signed-in browser state, for a fresh context per test."""
    context = browser.new_context()
    sign_in_with_browser(context.new_page(), server.url, "host@test.example")
    state = context.storage_state()
    context.close()
    return state


def set_main_languages(server, languages: str) -> None:
    with database(server.app) as session:
        session.scalar(select(Centre).where(Centre.slug == "demo")).main_languages = languages
        session.commit()


def open_display(browser, server, signed_in, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, storage_state=signed_in)
    page = context.new_page()
    page.goto(f"{server.url}/staff/meetings/{server.meeting_id}/display")
    page.locator("[data-code] svg").wait_for()
    return page


def assert_on_one_screen(layout: dict, when: str) -> None:
    width, height = layout["innerWidth"], layout["innerHeight"]
    assert layout["scrollHeight"] <= height and layout["scrollWidth"] <= width, (when, layout)
    for box in layout["boxes"]:
        assert box["width"] > 0 and box["height"] > 0, (when, box)
        inside = box["left"] >= 0 and box["top"] >= 0 and box["right"] <= width and box["bottom"] <= height
        assert inside, f"{when}: {box['name']} is not inside the {width}x{height} viewport: {box}"
    code = layout["boxes"][0]
    assert abs(code["width"] - code["height"]) < 1, (when, code)  # square
    assert code["height"] >= 0.85 * height, (when, code)  # as large as a 16:9 screen allows beside the text
    assert layout["countPx"] >= MIN_COUNT_VH / 100 * height, (when, layout["countPx"])
    assert layout["instructionPx"] >= MIN_INSTRUCTION_VH / 100 * height, (when, layout["instructionPx"])


@pytest.mark.parametrize("direction", MAIN_LANGUAGES)
@pytest.mark.parametrize(("width", "height"), TV_SIZES, ids=[f"{w}x{h}" for w, h in TV_SIZES])
def test_everything_is_on_one_tv_screen_before_and_after_full_screen(browser, server, signed_in, direction,
                                                                      width, height):
    languages = MAIN_LANGUAGES[direction].split()
    set_main_languages(server, " ".join(languages))
    page = open_display(browser, server, signed_in, width, height)

    instructions = page.locator(".display-instructions li")
    assert [instructions.nth(i).get_attribute("lang") for i in range(instructions.count())] == languages
    wanted_dir = "rtl" if direction == "rtl" else "ltr"
    assert all(instructions.nth(i).get_attribute("dir") == wanted_dir for i in range(instructions.count()))
    # The title in each main language the meeting has a text in, each marked with its language.
    titles = page.locator(".display-titles [lang]")
    title_languages = [titles.nth(i).get_attribute("lang") for i in range(titles.count())]
    assert title_languages and set(title_languages) <= set(languages), title_languages
    assert all(titles.nth(i).get_attribute("dir") == wanted_dir for i in range(titles.count()))
    assert page.get_by_role("img", name="Check-in code").is_visible()

    # "Full screen" and "Back to meetings" come first, at the top.
    bar = page.locator(".display-bar").bounding_box()
    assert bar["y"] < 0.1 * height
    assert page.get_by_role("button", name="Full screen").is_visible()
    assert_on_one_screen(page.evaluate(LAYOUT), f"{direction} {width}x{height} in a window")

    page.get_by_role("button", name="Full screen").click()
    try:
        page.wait_for_function("() => document.fullscreenElement !== null", timeout=3_000)
    except PlaywrightTimeout:  # a headless browser may refuse: lay the page out as in full screen
        page.evaluate("""() => {
            document.querySelector('[data-display]').classList.add('display-fullscreen');
            window.dispatchEvent(new Event('resize'));
        }""")
    page.wait_for_function("() => document.querySelector('[data-display]').classList.contains('display-fullscreen')")
    # Back and Full screen are out of sight once the mouse rests (the click moved it).
    page.wait_for_function("() => getComputedStyle(document.querySelector('.display-bar')).clipPath !== 'none'")
    layout = page.evaluate(LAYOUT)
    print(f"\n{direction} {width}x{height}: the browser went full screen: {layout['fullscreen']}")
    assert_on_one_screen(layout, f"{direction} {width}x{height} in full screen")

    if direction == "rtl":  # the same, mirrored: a page in a right-to-left language
        page.evaluate("""() => {
            document.documentElement.dir = 'rtl';
            window.dispatchEvent(new Event('resize'));
        }""")
        layout = page.evaluate(LAYOUT)
        assert_on_one_screen(layout, f"{direction} {width}x{height} mirrored, in full screen")
        code = layout["boxes"][0]
        assert code["left"] + code["width"] / 2 > width / 2, "the code is on the right in a right-to-left page"
    page.context.close()


def test_the_first_code_is_drawn_without_the_codes_request_and_valid(browser, server, signed_in):
    """No codes request ever answers, and no count: the page's own codes are
    drawn at once and keep changing, and each is a valid signed code; after
    them the last one stays."""
    set_main_languages(server, "ar ti uk prs so")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, storage_state=signed_in)
    asked = []

    def refuse(route):
        asked.append(route.request.url)
        route.abort()

    context.route("**/codes.json*", refuse)
    context.route("**/count.json", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{server.url}/staff/meetings/{server.meeting_id}/display")
    page.locator("[data-code] svg").wait_for(timeout=5_000)
    first_code_ms = float(page.locator("[data-display]").get_attribute("data-first-code-ms"))
    mark = page.evaluate("() => performance.getEntriesByName('veiviser-display-first-code')[0].startTime")
    paint = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime")
    print(f"\nfirst code on the screen at first paint, {paint:.0f} ms; "
          f"display.js took it over at {first_code_ms:.0f} ms (performance mark {mark:.0f} ms)")
    page.wait_for_function("() => !document.querySelector('[data-offline]').hidden")
    assert asked, "the display did ask for the rest of the codes"
    page.evaluate("""() => {  // as in full screen, where the display is while the meeting runs
        document.querySelector('[data-display]').classList.add('display-fullscreen');
        window.dispatchEvent(new Event('resize'));
    }""")
    assert_on_one_screen(page.evaluate(LAYOUT), "offline, at 1920x1080")
    page.close()

    page = context.new_page()
    page.clock.install()
    page.goto(f"{server.url}/staff/meetings/{server.meeting_id}/display")
    page.locator("[data-code] svg").wait_for(timeout=5_000)
    keys = _keys(server)
    seen = []
    for _ in range(3):  # the current code (drawn by the server), then two drawn by display.js from the page
        window = int(page.locator("[data-code]").get_attribute("data-window"))
        text = _read_code(page)
        code = codes.parse(text)
        assert (code.meeting_id, code.window) == (server.meeting_id, window)
        assert codes.verify(keys, code), "signed by the server"
        seen.append(text)
        page.clock.fast_forward(codes.WINDOW_SECONDS * 1000)
        page.wait_for_function(
            "(shown) => document.querySelector('[data-code]').dataset.window !== String(shown)", arg=window
        )
    assert len(set(seen)) == 3
    # Past the codes the page brought, with the rest still not here: the newest
    # one stays (the server still accepts it) and the display says it is loading.
    newest = int(page.locator("[data-code]").get_attribute("data-window"))
    assert newest == int(page.locator("[data-display]").get_attribute("data-server-window")) + 3
    page.clock.fast_forward(2 * codes.WINDOW_SECONDS * 1000)
    page.locator("[data-loading]").wait_for()
    assert int(page.locator("[data-code]").get_attribute("data-window")) == newest
    assert codes.verify(keys, codes.parse(_read_code(page)))
    context.close()


def test_the_rest_of_the_codes_come_in_small_chunks_drawn_as_the_server_draws_them(browser, server, signed_in):
    set_main_languages(server, "ar ti uk prs so")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, storage_state=signed_in)
    context.route("**/count.json", lambda route: route.abort())  # its server window would undo the fake clock
    requests = []
    context.on("requestfinished", lambda request: requests.append(request) if "/codes.json" in request.url else None)
    page = context.new_page()
    page.clock.install()
    page.goto(f"{server.url}/staff/meetings/{server.meeting_id}/display")
    page.locator("[data-code] svg").wait_for()
    shown = int(page.locator("[data-code]").get_attribute("data-window"))
    first_chunk = page.request.get(f"{server.url}/staff/meetings/{server.meeting_id}/codes.json?from={shown}").json()
    last = first_chunk["last"]
    # One request after the other until the display holds every code to the end of the meeting.
    needed = -(-(last - (shown + 3)) // 120)  # the page brought 4 codes; then chunks of at most 120
    for _ in range(300):
        if len(requests) >= needed:
            break
        page.wait_for_timeout(100)  # (lets Playwright deliver the request events)
    assert len(requests) == needed, (len(requests), needed)
    asked = [parse_qs(urlsplit(r.url).query) for r in requests]
    assert asked and all(int(q["count"][0]) <= 120 for q in asked)
    starts = [int(q["from"][0]) for q in asked]
    assert starts == sorted(starts) and starts[0] > shown  # nearest first, never what the page brought
    biggest = max(len(r.response().body()) for r in requests)
    assert biggest < 40_000, biggest  # 120 codes of 172 bytes in base64, not 120 SVGs of 5 kB

    # The display's drawing of a fetched code is the server's SVG, exactly.
    later = starts[0] + 1
    page.clock.fast_forward((later - shown) * codes.WINDOW_SECONDS * 1000)
    page.wait_for_function("(w) => document.querySelector('[data-code]').dataset.window === String(w)", arg=later)
    drawn_here = page.locator("[data-code] path").get_attribute("d")
    server_svg = _server_svg(server, later)
    assert re.search(r' d="([^"]+)"', server_svg)[1] == drawn_here
    assert codes.verify(_keys(server), codes.parse(_read_code(page)))
    context.close()


def test_the_compact_codes_request_refuses_what_is_not_a_window(browser, server, signed_in):
    context = browser.new_context(storage_state=signed_in)
    base = f"{server.url}/staff/meetings/{server.meeting_id}/codes.json"
    for query in ("from=-1", "from=%D9%A1", "from=1&count=x", "from=1&count=0", "from=99999999999999999999"):
        assert context.request.get(f"{base}?{query}").status == 400, query
    now = codes.current_window()
    chunk = context.request.get(f"{base}?from={now}&count=500").json()
    assert context.request.get(f"{base}?count=5").json()["first"] >= now  # from now when not said
    assert chunk["first"] == now and len(chunk["codes"]) == min(120, chunk["last"] - now + 1)
    before = context.request.get(f"{base}?from=0&count=2").json()
    assert before["first"] == before["opens"] and len(before["codes"]) == 2  # nothing before check-in opens
    after = context.request.get(f"{base}?from={chunk['last'] + 1}").json()
    assert after["codes"] == []
    context.close()
    anonymous = browser.new_context()
    assert anonymous.request.get(f"{base}?from={now}", max_redirects=0).status == 302  # staff only
    anonymous.close()


def _server_svg(server, window: int) -> str:
    """The server's own SVG of the meeting's code for ``window`` (what the
    display page draws for the current code)."""
    with server.app.test_request_context(base_url=server.url), database(server.app) as session:
        meeting = session.get(Meeting, server.meeting_id)
        return drawn_code(server.url, display_codes.signed_code(meeting, window))


def _keys(server) -> dict:
    with server.app.app_context():
        return checkin_keys()


def _read_code(page) -> str:
    """The code, read off the screen by a real QR decoder."""
    shot = Image.open(io.BytesIO(page.locator("[data-code]").screenshot()))
    url = decode(shot)[0].data.decode()
    return url.split("#", 1)[1]
