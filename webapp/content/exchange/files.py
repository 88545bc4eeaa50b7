"""One PO file per language for everything there is to translate: pages
first, then each registered kind (places, cards, notices ...)."""
from __future__ import annotations

from collections.abc import Mapping

from babel.messages.catalog import Message
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Page
from webapp.content.exchange import kinds
from webapp.content.exchange import pages as page_texts
from webapp.content.exchange.common import ImportReport, new_catalog, read_messages, written

Items = Mapping[str, list]  # a kind's prefix: the items of that kind


def export_po(page_list: list[Page], lang: str, *, everything: bool = False, items: Items | None = None) -> bytes:
    """A PO file of the texts whose translation into ``lang`` is missing or
    outdated (or of every text not written in ``lang``, with ``everything``):
    ``page_list``, and ``items`` of the registered kinds (none if not given).

    ``msgid`` is the newest source text; ``msgstr`` the translation there is
    (fuzzy when it is outdated, so the translator checks it against the new
    text), or empty.
    """
    catalog = new_catalog(lang)
    page_texts.add_pages(catalog, page_list, lang, everything)
    for kind in kinds.registered_kinds():
        kinds.add_items(catalog, kind, (items or {}).get(kind.prefix, []), lang, everything)
    return written(catalog)


def import_po(
    session: Session,
    data: bytes,
    lang: str,
    *,
    user_id: int | None,
    reviewed: bool = False,
    pages: list[Page] | None = None,
    items: Items | None = None,
) -> ImportReport:
    """Save the translations in a PO file made by ``export_po``.

    ``pages`` and ``items`` (per kind) are what the importing person may
    change (default: everything). ``reviewed`` says a qualified translator
    did the work: the translations are then saved as final, otherwise as
    drafts. Raises ``ExchangeError`` (and writes nothing) for a file that
    cannot be used at all. Nothing here commits; the caller does.
    """
    messages = read_messages(data, lang)
    page_list = pages if pages is not None else list(session.scalars(select(Page)))
    report = ImportReport()
    page_messages: list[Message] = []
    by_kind: dict[kinds.ExchangeKind, list[Message]] = {}
    for message in messages:
        kind = kinds.kind_of(message.context or "")
        if kind is not None:
            by_kind.setdefault(kind, []).append(message)
        elif kinds.names_a_kind(message.context or ""):
            report.skipped.append(kinds.not_ours(message))
        else:
            page_messages.append(message)

    page_texts.import_pages(session, page_messages, lang, pages=page_list, reviewed=reviewed, user_id=user_id,
                            report=report)
    for kind, found in by_kind.items():
        allowed = kind.every(session) if items is None else items.get(kind.prefix, [])
        kinds.import_items(session, kind, found, lang, items=allowed, reviewed=reviewed, user_id=user_id,
                           report=report)
    session.flush()
    return report

