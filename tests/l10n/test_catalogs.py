"""Every language is first-class: complete catalogs, each language served from
its own catalog, and no user-visible string that bypasses gettext."""
from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.helpers import facts
from webapp.l10n import CATALOG_DIR
from webapp.l10n.catalogs import (
    all_catalogs,
    catalog_problems,
    extract_templates,
    po_path,
    read_catalog,
    update_catalogs,
)
from webapp.l10n.languages import LANGUAGES
from webapp.l10n.status import catalog_statuses

WEBAPP = Path(__file__).resolve().parents[2] / "webapp"
TEMPLATES = WEBAPP / "templates"


@pytest.mark.parametrize("domain, code", all_catalogs(), ids=lambda v: v)
def test_catalog_is_complete_and_compiled(domain, code):
    assert catalog_problems(code, domain) == []
    assert po_path(code, domain).with_suffix(".mo").exists(), "run `make catalogs`"
    assert catalog_statuses()[code]["status"] in {"source", "draft", "reviewed"}


@pytest.mark.parametrize("config, template", [("babel.cfg", "messages.pot"), ("babel-staff.cfg", "staff.pot")])
def test_templates_hold_every_string_in_the_code(tmp_path, config, template):
    """A string added to a template or view but not extracted would never be translated."""
    fresh = tmp_path / template
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", str(CATALOG_DIR / config),
         "--no-location", "-o", str(fresh), "."],
        cwd=CATALOG_DIR.parent, check=True,
    )
    extracted = {m.id for m in read_catalog(fresh) if m.id}
    committed = {m.id for m in read_catalog(CATALOG_DIR / template) if m.id}
    assert extracted - committed == set(), "run `make messages` and translate the new strings"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_each_language_is_served_from_its_own_catalog(client, code):
    catalog = read_catalog(po_path(code), code)
    expected = catalog.get("Help and emergency numbers").string
    heading = facts(client.get(f"/{code}/demo/help")).title
    assert heading == " ".join(expected.split())


def test_every_language_has_a_catalog_and_nothing_else_does():
    folders = {p.name for p in CATALOG_DIR.iterdir() if (p / "LC_MESSAGES").is_dir()}
    assert folders == set(LANGUAGES)
    staff = {p.parent.parent.name for p in CATALOG_DIR.glob("*/LC_MESSAGES/staff.po")}
    assert staff == {"nb", "en"}


# --- strings that bypass gettext -------------------------------------------

JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
SHOWN_VALUES = {"submit", "button", "reset"}
SHOWN_META = {"description", "application-name", "apple-mobile-web-app-title"}
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "content", "value", "label"}


def has_words(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name not in VISIBLE_ATTRIBUTES or not value or not has_words(value):
                continue
            if tag == "meta" and attributes.get("name") not in SHOWN_META:
                continue
            if name == "value" and not (tag == "input" and attributes.get("type") in SHOWN_VALUES):
                continue  # an option's or a hidden field's value is data, not text
            self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and has_words(data):
            self.found.append(data.strip())


def untranslated_template_text(source: str) -> list[str]:
    parser = VisibleText()
    parser.feed(JINJA.sub(" ", source))
    return parser.found


def test_templates_have_no_text_outside_gettext():
    offenders = {
        str(path.relative_to(TEMPLATES)): found
        for path in TEMPLATES.rglob("*.html")
        if (found := untranslated_template_text(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_template_check_catches_a_bare_string():
    assert untranslated_template_text('<p>{{ _("Fine") }}</p><p>Not fine</p>') == ["Not fine"]
    assert untranslated_template_text('<img alt="A picture">') == ["<img alt='A picture'>"]
    assert untranslated_template_text('<input type="submit" value="Send">') == ["<input value='Send'>"]
    assert untranslated_template_text('<option value="nb">{{ x }}</option>') == []


UI_KEYWORDS = {"message", "title", "label", "description", "error", "heading"}
UI_CALLS = {"flash", "abort"}


def untranslated_python_text(source: str) -> list[str]:
    """String literals with words that reach a person without gettext: passed
    to flash/abort, as a message/title/... keyword, or as a "message" value."""
    found = []
    for node in ast.walk(ast.parse(source)):
        candidates = []
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in UI_CALLS:
                candidates += node.args[:1]  # flash(message, category): the category is not shown
            candidates += [kw.value for kw in node.keywords if kw.arg in UI_KEYWORDS]
        elif isinstance(node, ast.Dict):
            candidates += [
                v for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value in UI_KEYWORDS
            ]
        found += [
            c.value for c in candidates
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and has_words(c.value)
        ]
    return found


def test_python_sends_no_text_to_people_outside_gettext():
    offenders = {
        str(path.relative_to(WEBAPP)): found
        for path in WEBAPP.rglob("*.py")
        if (found := untranslated_python_text(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_python_check_catches_a_bare_string():
    assert untranslated_python_text('flash("Saved")') == ["Saved"]
    assert untranslated_python_text('jsonify(error={"message": "Bad input"})') == ["Bad input"]
    assert untranslated_python_text('flash(_("Saved"))') == []
    assert untranslated_python_text('flash(_("Saved"), "ok")') == []


def test_making_messages_again_changes_nothing(tmp_path):
    """`make messages` on an unchanged tree leaves every file as it is (no
    new header dates, no rewrap), so `git status` stays clean."""
    copy = tmp_path / "i18n"
    shutil.copytree(CATALOG_DIR, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert extract_templates(CATALOG_DIR.parent, copy) == []
    assert update_catalogs(copy) == []
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


def test_a_new_string_reaches_the_template_and_every_catalog(tmp_path):
    copy = tmp_path / "i18n"
    shutil.copytree(CATALOG_DIR, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    source = tmp_path / "source"
    shutil.copytree(WEBAPP, source / "webapp", ignore=shutil.ignore_patterns("static", "__pycache__"))
    view = source / "webapp" / "search" / "resident_views.py"
    view.write_text(view.read_text(encoding="utf-8") + '\n_("A brand new sentence.")\n', encoding="utf-8")
    assert extract_templates(source, copy) == ["messages"]
    changed = update_catalogs(copy)
    assert len(changed) == len(LANGUAGES)  # every residents' catalog, none of the staff ones
    assert read_catalog(copy / "ar" / "LC_MESSAGES" / "messages.po").get("A brand new sentence.").string == ""
    assert read_catalog(copy / "en" / "LC_MESSAGES" / "messages.po").get("A brand new sentence.").string == (
        "A brand new sentence."
    )
