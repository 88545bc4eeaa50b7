"""Tigrinya and Amharic on a phone or TV without an Ethiopic font: the app's
own font (a 26 KB cut of Noto Sans Ethiopic) draws them; a phone with a font
of its own downloads nothing. Browsers run with their own font configuration,
so the test decides which fonts the "phone" has."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from scripts.build_ethiopic_font import FONT, STYLESHEET, needed_characters, stylesheet
from tests.live_server import CHROMIUM, CHROMIUM_ARGS, PHONE

SYSTEM_FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Latin, Cyrillic, Arabic; no Ethiopic
FONT_PATH = "/static/fonts/"
STYLE_PATH = "/static/css/ethiopic.css"
# The same number of characters no font has: drawn as "missing glyph" boxes,
# as wide as Ethiopic text is when no font can draw it (glyph widths compared).
COMPARE = """() => {
  document.querySelector('main').insertAdjacentHTML('afterbegin',
    '<h1><span id="ethiopic">ትግርኛ ሰላም</span></h1>'
    + '<h1><span id="boxes">\\ue000\\ue001\\ue002\\ue003 \\ue004\\ue005\\ue006</span></h1>');
  return document.fonts.ready.then(() => true);
}"""


def test_every_ethiopic_character_of_the_app_is_in_the_font():
    font = TTFont(io.BytesIO(FONT.read_bytes()))
    missing = {ch for ch in needed_characters() if ord(ch) not in font.getBestCmap()}
    assert missing == set(), "run: .venv/bin/python -m scripts.build_ethiopic_font"


def test_the_stylesheet_asks_for_this_very_font():
    assert STYLESHEET.read_text(encoding="utf-8") == stylesheet()


def test_only_ethiopic_pages_and_the_language_lists_declare_the_font(client):
    assert STYLE_PATH not in client.get("/ar/demo/").get_data(as_text=True)
    assert STYLE_PATH not in client.get("/en/demo/pages/frikort").get_data(as_text=True)
    for path in ("/ti/demo/", "/am/demo/pages/frikort", "/ar/demo/offline", "/"):
        assert STYLE_PATH in client.get(path, headers={"Accept-Language": "ar"}).get_data(as_text=True), path


def fontconfig(folder: Path, *font_dirs: Path) -> dict:
    """Environment for a browser that knows only the fonts in ``font_dirs``."""
    dirs = "".join(f"<dir>{d}</dir>" for d in font_dirs)
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{dirs}'
                    f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>")
    return {"FONTCONFIG_FILE": str(conf)}


def drawn_as_boxes(playwright, env: dict, url: str, block_fonts: bool = False) -> bool:
    """Whether Ethiopic text on ``url`` is as wide as missing-glyph boxes."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=env)
    try:
        page = browser.new_context(**PHONE, service_workers="block").new_page()
        if block_fonts:
            page.route(f"**{FONT_PATH}**", lambda route: route.abort())
        page.goto(url)
        page.evaluate(COMPARE)
        ethiopic, boxes = (page.locator(selector).bounding_box() for selector in ("#ethiopic", "#boxes"))
        return ethiopic["width"] == boxes["width"]
    finally:
        browser.close()


@pytest.mark.browser
def test_a_phone_without_an_ethiopic_font_gets_ours(playwright, live_server, tmp_path):
    server = live_server()
    env = fontconfig(tmp_path, SYSTEM_FONTS)
    url = server.url + "/ti/demo/"
    # The check itself: with our font refused, this browser really has none.
    assert drawn_as_boxes(playwright, env, url, block_fonts=True)
    server.log.clear()
    assert not drawn_as_boxes(playwright, env, url)
    assert any(record.path.startswith(FONT_PATH) for record in server.log)


@pytest.mark.browser
def test_a_phone_with_its_own_ethiopic_font_downloads_nothing(playwright, live_server, tmp_path):
    installed = tmp_path / "installed"
    installed.mkdir()
    own = TTFont(io.BytesIO(FONT.read_bytes()))  # named "Noto Sans Ethiopic", as Android's is
    own.flavor = None
    own.save(installed / "NotoSansEthiopic-Regular.ttf")
    server = live_server()
    env = fontconfig(tmp_path, SYSTEM_FONTS, installed)
    assert not drawn_as_boxes(playwright, env, server.url + "/ti/demo/")
    fetched = [record.path for record in server.log if record.path.startswith(FONT_PATH)]
    assert fetched == []
