"""Maintaining the UI catalogs in ``i18n/``: update from the template,
compile, and check that nothing is empty or fuzzy.

``pybabel init/update`` refuse language codes that CLDR lacks (Dari, ``prs``),
so this works through Babel's catalog API with our own language codes.
"""
from __future__ import annotations

import re
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from webapp.l10n import CATALOG_DIR, DOMAIN
from webapp.l10n.languages import LANGUAGES

TEMPLATE = CATALOG_DIR / "messages.pot"
cli = AppGroup("translations", help="Update, compile and check the UI catalogs in i18n/.")


def po_path(code: str) -> Path:
    return CATALOG_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=code)


def update_catalogs() -> None:
    """Bring every catalog in line with ``messages.pot``; new strings arrive
    empty (English gets them copied: it is the language msgids are written in)."""
    for code in LANGUAGES:
        path = po_path(code)
        catalog = read_catalog(path, code) if path.exists() else Catalog(locale=code, project="Veiviser")
        catalog.fuzzy = False  # the header; a fuzzy header would be left out of the .mo
        # A fresh template each time: update() may share its message objects.
        catalog.update(read_catalog(TEMPLATE), no_fuzzy_matching=True)
        if code == "en":
            for message in catalog:
                if message.id and not message.string:
                    message.string = message.id
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, ignore_obsolete=True)


def catalog_problems(code: str) -> list[str]:
    """Empty or fuzzy entries, and placeholders that differ from the msgid."""
    path = po_path(code)
    if not path.exists():
        return [f"{code}: no catalog at {path}"]
    problems = []
    for message in read_catalog(path, code):
        if not message.id:
            continue
        label = f"{code}: {message.id[:60]!r}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        if not message.string:
            problems.append(f"{label} is empty")
        elif _placeholders(message.id) != _placeholders(message.string):
            problems.append(f"{label} has different %(placeholders)s")
    return problems


def _placeholders(text: str) -> set[str]:
    import re

    return set(re.findall(r"%\((\w+)\)s", text))


def compile_catalogs() -> None:
    for code in LANGUAGES:
        catalog = read_catalog(po_path(code), code)
        with po_path(code).with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


@cli.command("update")
def update_command():
    """Merge new strings from i18n/messages.pot into every catalog."""
    update_catalogs()
    click.echo(f"Updated {len(LANGUAGES)} catalogs.")


@cli.command("compile")
def compile_command():
    """Compile every catalog to .mo (fuzzy entries are never used)."""
    compile_catalogs()
    click.echo(f"Compiled {len(LANGUAGES)} catalogs.")


@cli.command("check")
def check_command():
    """Fail if any catalog has an empty or fuzzy entry."""
    problems = [p for code in LANGUAGES for p in catalog_problems(code)]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    click.echo("All catalogs complete.")
