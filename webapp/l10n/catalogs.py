"""Maintaining the UI catalogs in ``i18n/``: extract the strings from the
code into the templates, update every catalog from its template, compile,
and check that nothing is empty or fuzzy.

Two domains: ``messages`` (what residents see, all 16 languages) and
``staff`` (the staff pages, Norwegian and English). ``pybabel init/update``
refuse language codes that CLDR lacks (Dari, ``prs``), so this works through
Babel's catalog API with our own language codes.

A file is only written when its messages change: header dates and the Babel
version that wrote it are not a change, so running ``make messages`` on an
unchanged tree leaves it unchanged.
"""
from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from webapp.l10n import CATALOG_DIR, DOMAIN, DOMAIN_LANGUAGES, STAFF_DOMAIN

cli = AppGroup("translations", help="Update, compile and check the UI catalogs in i18n/.")


def template_path(domain: str, catalog_dir: Path = CATALOG_DIR) -> Path:
    return catalog_dir / f"{domain}.pot"


def po_path(code: str, domain: str = DOMAIN, catalog_dir: Path = CATALOG_DIR) -> Path:
    return catalog_dir / code / "LC_MESSAGES" / f"{domain}.po"


def all_catalogs() -> list[tuple[str, str]]:
    """(domain, language code) for every catalog we keep."""
    return [(domain, code) for domain, codes in DOMAIN_LANGUAGES.items() for code in codes]


def read_catalog(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=code)


# The extraction settings of each domain (which files hold whose strings).
EXTRACTION_CONFIG = {DOMAIN: "babel.cfg", STAFF_DOMAIN: "babel-staff.cfg"}


def extract_templates(source_root: Path = CATALOG_DIR.parent, catalog_dir: Path = CATALOG_DIR) -> list[str]:
    """Extract every domain's strings from the code under ``source_root`` into
    its template in ``catalog_dir``. Returns the domains whose template changed."""
    changed = []
    for domain, config in EXTRACTION_CONFIG.items():
        with tempfile.TemporaryDirectory() as folder:
            fresh = Path(folder) / f"{domain}.pot"
            CommandLineInterface().run([
                "pybabel", "-q", "extract", "-F", str(CATALOG_DIR / config), "--no-location", "--sort-output",
                "-o", str(fresh), str(source_root),
            ])
            if _write_if_changed(template_path(domain, catalog_dir), fresh.read_bytes()):
                changed.append(domain)
    return changed


def update_catalogs(catalog_dir: Path = CATALOG_DIR) -> list[str]:
    """Bring every catalog in line with its template; new strings arrive
    empty (English gets them copied: it is the language msgids are written in).
    Returns the catalogs that changed, as ``code/domain``."""
    changed = []
    for domain, code in all_catalogs():
        path = po_path(code, domain, catalog_dir)
        catalog = read_catalog(path, code) if path.exists() else Catalog(locale=code, project="Veiviser")
        catalog.fuzzy = False  # the header; a fuzzy header would be left out of the .mo
        # A fresh template each time: update() may share its message objects.
        catalog.update(read_catalog(template_path(domain, catalog_dir)), no_fuzzy_matching=True)
        if code == "en":
            for message in catalog:
                texts = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.id and not any(texts):  # a plural's id is (singular, plural), like its string
                    message.string = message.id
        out = io.BytesIO()
        write_po(out, catalog, width=100, omit_header=False, ignore_obsolete=True)
        if _write_if_changed(path, out.getvalue(), code):
            changed.append(f"{code}/{domain}")
    return changed


def _write_if_changed(path: Path, data: bytes, code: str | None = None) -> bool:
    if path.exists() and _messages(path.read_bytes(), code) == _messages(data, code):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def _messages(data: bytes, code: str | None) -> list[tuple]:
    """What a catalog says, without its header."""
    catalog = read_po(io.BytesIO(data), locale=code)
    return [
        (m.id, m.string, m.context, sorted(m.flags), m.auto_comments, m.user_comments)
        for m in catalog if m.id
    ]


def catalog_problems(code: str, domain: str = DOMAIN) -> list[str]:
    """Empty or fuzzy entries, and placeholders that differ from the msgid."""
    path = po_path(code, domain)
    if not path.exists():
        return [f"{code}: no catalog at {path}"]
    problems = []
    for message in read_catalog(path, code):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        label = f"{code}{'' if domain == DOMAIN else '/' + domain}: {ids[0][:60]!r}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        if not all(texts):
            problems.append(f"{label} is empty")
        elif any(_placeholders(ids[-1]) != _placeholders(text) for text in texts):
            # Every plural form names the same things as the msgid_plural.
            problems.append(f"{label} has different %(placeholders)s")
    return problems


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def compile_catalogs() -> None:
    for domain, code in all_catalogs():
        catalog = read_catalog(po_path(code, domain), code)
        with po_path(code, domain).with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


@cli.command("extract")
def extract_command():
    """Extract the strings from the code into i18n/messages.pot and staff.pot."""
    changed = extract_templates()
    click.echo("Changed: " + ", ".join(changed) if changed else "No strings changed.")


@cli.command("update")
def update_command():
    """Merge new strings from the templates into every catalog."""
    changed = update_catalogs()
    click.echo(f"Updated {len(changed)} of {len(all_catalogs())} catalogs.")


@cli.command("compile")
def compile_command():
    """Compile every catalog to .mo (fuzzy entries are never used)."""
    compile_catalogs()
    click.echo(f"Compiled {len(all_catalogs())} catalogs.")


@cli.command("check")
def check_command():
    """Fail if any catalog has an empty or fuzzy entry."""
    problems = [p for domain, code in all_catalogs() for p in catalog_problems(code, domain)]
    for problem in problems:
        click.echo(problem)
    if problems:
        raise SystemExit(1)
    click.echo("All catalogs complete.")
