"""Build the Ethiopic fallback font: Noto Sans Ethiopic (SIL Open Font
License), cut down to the characters Veiviser's Tigrinya and Amharic text
uses, as WOFF2.

Phones with an Ethiopic font of their own never download it (app.css declares
it with local() first and a unicode-range); the ones without would otherwise
show Tigrinya and Amharic as empty boxes.

Run it again after Tigrinya or Amharic text changes (tests/l10n/
test_ethiopic_font.py says when a character is missing):

    .venv/bin/python -m scripts.build_ethiopic_font
"""
from __future__ import annotations

import hashlib
import io
import re
import tarfile
import urllib.request
from pathlib import Path

from babel import Locale

ROOT = Path(__file__).resolve().parents[1]
FONT = ROOT / "webapp" / "static" / "fonts" / "noto-sans-ethiopic.woff2"
CONTENT = ROOT / "webapp" / "demo" / "content"
STYLESHEET = ROOT / "webapp" / "static" / "css" / "ethiopic.css"
# The upstream font as the fontsource project packages it on npm (one file per script).
SOURCE_URL = "https://registry.npmjs.org/@fontsource/noto-sans-ethiopic/-/noto-sans-ethiopic-5.3.0.tgz"
SOURCE_SHA256 = "3ac837b13068cbef711c7779d48e4b08291b037dac7d4520c49f3494409da048"
SOURCE_MEMBER = "package/files/noto-sans-ethiopic-ethiopic-400-normal.woff2"
CACHE = ROOT / ".cache" / "fonts"

ETHIOPIC = re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]")
# Punctuation and numerals are cheap and turn up in any text: always kept.
ALWAYS = "".join(chr(c) for c in range(0x1360, 0x137D))


def needed_characters() -> set[str]:
    """Every Ethiopic character of the Tigrinya and Amharic app: the UI
    catalogs, the demo content, the language names and the CLDR dates and
    names the server formats."""
    from webapp.l10n.languages import ETHIOPIC_LANGUAGES, LANGUAGES

    texts = [ALWAYS, *(language.endonym for language in LANGUAGES.values())]
    for code in ETHIOPIC_LANGUAGES:
        texts += [path.read_text(encoding="utf-8") for path in (ROOT / "i18n" / code).rglob("*.po")]
        texts += [path.read_text(encoding="utf-8") for path in CONTENT.rglob(f"{code}.md")]
        locale = Locale.parse(code)
        for table in (locale.languages, locale.months["format"]["wide"], locale.months["format"]["abbreviated"],
                      locale.months["stand-alone"]["wide"], locale.days["format"]["wide"],
                      locale.day_periods["format"]["abbreviated"], locale.list_patterns["standard"]):
            texts += [str(value) for value in table.values()]
        texts += [str(pattern) for pattern in locale.date_formats.values()]
    texts += [path.read_text(encoding="utf-8") for path in CONTENT.glob("*.toml")]
    return {ch for text in texts for ch in ETHIOPIC.findall(text)}


def source_font() -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    archive = CACHE / SOURCE_URL.rsplit("/", 1)[1]
    if not archive.exists():
        with urllib.request.urlopen(SOURCE_URL, timeout=60) as response:
            archive.write_bytes(response.read())
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if SOURCE_SHA256 and digest != SOURCE_SHA256:
        raise SystemExit(f"{archive} changed upstream: sha256 {digest}")
    with tarfile.open(archive) as tar:
        return tar.extractfile(SOURCE_MEMBER).read()


def font_version() -> str:
    """The font's version in its URL, as templating.static_url makes it: the
    URL never changes content, so phones may keep it for a year."""
    return hashlib.sha256(FONT.read_bytes()).hexdigest()[:12]


def stylesheet() -> str:
    return f"""/* Made by scripts/build_ethiopic_font.py: do not edit.
   Tigrinya and Amharic on a phone without an Ethiopic font. A phone with one
   of its own uses it and downloads nothing: local() finds it by name, and
   unicode-range keeps text in other scripts from asking. Noto Sans Ethiopic, SIL Open Font
   License (../fonts/OFL.txt). */
@font-face {{
  font-family: "Veiviser Ethiopic";
  font-display: swap;
  font-weight: 100 900; /* one face for every weight: bold is drawn from it */
  unicode-range: U+1200-139F, U+2D80-2DDF, U+AB00-AB2F;
  src: local("Noto Sans Ethiopic Regular"), local("NotoSansEthiopic-Regular"), local("Abyssinica SIL"),
    local("Nyala"), local("Ebrima"), local("Kefa Regular"),
    url("../fonts/noto-sans-ethiopic.woff2?v={font_version()}") format("woff2");
}}
"""


def build() -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(source_font()), recalcTimestamp=False)  # the same bytes on every run
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False  # phones render unhinted; hints are a third of the bytes
    options.desubroutinize = True
    options.name_IDs = [1, 2, 3, 4, 5, 6]  # keep the family name: a test installs it as a system font
    options.layout_features = ["*"]
    characters = needed_characters()
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in characters])
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    FONT.write_bytes(out.getvalue())
    STYLESHEET.write_text(stylesheet(), encoding="utf-8")
    print(f"{FONT.relative_to(ROOT)}: {len(characters)} characters, {FONT.stat().st_size:,} bytes")


if __name__ == "__main__":
    build()
