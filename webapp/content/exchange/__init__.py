"""The translator exchange: export what needs translating into one language
as a PO file, and import the file the translator sends back. One file holds
every kind of text: pages (``pages.py``), and the kinds other features
register (``kinds.py``): places and show-to-staff cards (webapp/places),
centre notices (webapp/notices).

Why PO (gettext) and not XLIFF or a spreadsheet:

- every tool translators use reads and writes it: Poedit, Weblate, Lokalise,
  OmegaT; XLIFF 2.0 support in free tools is patchier;
- our UI catalogs (``i18n/``) are PO already, so the translators who do those
  know the format;
- Babel (installed already) parses it robustly, with real errors for broken
  files, and writes our own language codes even where CLDR has none (Dari,
  ``prs``);
- PO carries everything an exchange needs: ``msgctxt`` says which text and
  field an entry is (``<slug>|title``, ``<slug>|body`` for pages,
  ``place:<slug>|about``, ``card:<slug>|body``, ``notice:<id>|text``), an
  extracted comment (``#.``) records the source revision the text was
  exported from, and the *fuzzy* flag marks an old translation the
  translator must check, and is how the translator tells us "not done yet".

An outdated page translation also brings the change notes of the source
revisions it lacks (``<slug>|note|<revision>``: one line each, "what
changed"). They are imported on their own, before the page is: readers of the
outdated page see the note in their language while the translator catches up
with the rest.

Status stays exact: an imported translation records the source revision
named in the file, never the newest one, so a file exported before the nurse
changed the Norwegian text imports as *outdated* (comparing timestamps, as
Integreat did, would call it current).

Import checks the whole file first (readable, for the chosen language) and
writes nothing if that fails. Then each page or item on its own: its fields
are written together or not at all, and a problem with one never stops the
others. Nothing here commits; the caller does.
"""
from webapp.content.exchange.common import ExchangeError, ImportReport
from webapp.content.exchange.files import export_po, import_po
from webapp.content.exchange.kinds import Done, ExchangeKind, register_kind, registered_kinds

__all__ = [
    "Done", "ExchangeError", "ExchangeKind", "ImportReport", "export_po", "import_po", "register_kind",
    "registered_kinds",
]
