"""Texts besides pages that go through the exchange (places, show-to-staff
cards, centre notices ...), and the one way they are exported and imported.

A feature registers a kind (``register_kind``) from its ``routes.py``, so
this package never imports the features (tests/test_architecture.py). A kind
says how to find its items, which fields are translated, which source
revision a text is, what status a translation has, and how to save one: with
the same domain function its own staff editor calls. Everything else (the
msgctxt, the comments, the fuzzy mark, every check and its reason) is here,
once, the same for every kind:

    msgctxt  <prefix>:<key>|<field>     e.g. place:nav-fjordvik|about, notice:12|text
    #. source-revision: <n>             the source text the entry holds
    #. translation-made-from-revision: <n>   the older one an outdated translation was made from

A field whose source text is empty is not exported (there is nothing to
translate, and an empty msgid is the PO header); its translation is empty too.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import TranslationStatus
from webapp import textinput
from webapp.content.exchange.common import (
    ImportReport,
    Skip,
    clean,
    revision_number,
    shorten,
    source_comments,
    wanted,
    words,
)


@dataclass(frozen=True)
class Done:
    """A translation there is: its texts, the source revision it was made
    from, and whether it is a draft."""

    texts: dict[str, str]
    made_from: int
    draft: bool


class ExchangeKind(ABC):
    """What the exchange needs to know of one kind of translatable item.
    Subclasses set the class attributes and implement the abstract methods."""

    prefix: str  # msgctxt <prefix>:<key>|<field>
    fields: tuple[str, ...]
    limits: dict[str, int]  # the editor's limits, per field
    one_line: frozenset[str] = frozenset()  # fields a line break has no place in (titles)

    # --- which items --------------------------------------------------------
    @abstractmethod
    def label(self) -> str:
        """What the items are called, plural, for staff ("places")."""
        ...

    @abstractmethod
    def editable(self, session: Session) -> list:
        """The items the signed-in staff member may change."""
        ...

    @abstractmethod
    def every(self, session: Session) -> list:
        """Every item (an import made without a person, e.g. in a script)."""
        ...

    @abstractmethod
    def find(self, session: Session, key: str):
        """The item with this key, whoever may change it, or None."""
        ...

    @abstractmethod
    def key(self, item) -> str:
        ...

    def describe(self, item) -> str:
        """A line for the translator: what the item is (in English, as the file's header)."""
        return ""

    def closed(self, item) -> str | None:
        """Why the item takes no translation now (an expired notice), or None."""
        return None

    @abstractmethod
    def edit_url(self, item, lang: str) -> str:
        ...

    # --- its texts ----------------------------------------------------------
    @abstractmethod
    def newest(self, item) -> int:
        """The number of the newest source revision."""
        ...

    @abstractmethod
    def has_revision(self, item, number: int) -> bool:
        ...

    @abstractmethod
    def source(self, item, number: int) -> dict[str, str] | None:
        """The source texts of revision ``number``, or None where the kind
        keeps only its newest text (a notice) and this is an older one."""
        ...

    @abstractmethod
    def status(self, item, lang: str) -> TranslationStatus:
        ...

    @abstractmethod
    def translation(self, item, lang: str) -> Done | None:
        ...

    @abstractmethod
    def save(self, item, lang: str, texts: dict[str, str], *, made_from: int, draft: bool,
             user_id: int | None) -> None:
        """Through the domain function the kind's editor uses; never commits."""
        ...

    # --- what staff are told --------------------------------------------------
    @abstractmethod
    def unknown(self) -> str:
        """The reason for an entry whose item does not exist (or was deleted)."""
        ...

    @abstractmethod
    def not_allowed(self) -> str:
        ...

    def context(self, item, name: str) -> str:
        return f"{reference(self, self.key(item))}|{name}"


_kinds: dict[str, ExchangeKind] = {}


def register_kind(kind: ExchangeKind) -> None:
    """Add a kind to every export and import; registering the same kind
    again (every ``create_app``) changes nothing."""
    existing = _kinds.get(kind.prefix)
    if existing is not None and existing is not kind:
        raise ValueError(f"an exchange kind {kind.prefix!r} is registered already")
    _kinds[kind.prefix] = kind


def registered_kinds() -> list[ExchangeKind]:
    return list(_kinds.values())


def kind_of(context: str) -> ExchangeKind | None:
    """The kind an entry's msgctxt names (``place:...``), if any."""
    head = context.partition("|")[0]
    prefix, colon, _key = head.partition(":")
    return _kinds.get(prefix) if colon else None


def names_a_kind(context: str) -> bool:
    """A ``<something>:`` msgctxt: never a page (a page's address has no colon)."""
    return ":" in context.partition("|")[0]


def reference(kind: ExchangeKind, key: str) -> str:
    """How the import's report names an item: ``place:nav-fjordvik``."""
    return f"{kind.prefix}:{key}"


def needing_work(kind: ExchangeKind, items: list, lang: str) -> int:
    return sum(1 for item in items if wanted(kind.status(item, lang), False) and not kind.closed(item))


# --- export -------------------------------------------------------------------


def add_items(catalog: Catalog, kind: ExchangeKind, items: list, lang: str, everything: bool) -> None:
    for item in items:
        status = kind.status(item, lang)
        if not wanted(status, everything) or kind.closed(item):
            continue
        number = kind.newest(item)
        texts = kind.source(item, number)
        done = kind.translation(item, lang)
        comments = source_comments(number, item.source_lang, done.made_from if done else None)
        if kind.describe(item):
            comments.insert(0, kind.describe(item))
        flags = ["fuzzy"] if status is TranslationStatus.OUTDATED else []
        for name in kind.fields:
            if textinput.is_blank(texts[name]):
                continue
            catalog.add(texts[name], done.texts[name] if done else "", context=kind.context(item, name),
                        auto_comments=comments, flags=flags)


# --- import -------------------------------------------------------------------


def import_items(
    session: Session, kind: ExchangeKind, messages: list[Message], lang: str, *, items: list, reviewed: bool,
    user_id: int | None, report: ImportReport,
) -> None:
    """Each item on its own: its fields are written together or not at all,
    and a problem with one item never stops the others."""
    allowed = {kind.key(item): item for item in items}
    by_key: dict[str, dict[str, Message]] = {}
    for message in messages:
        key, _bar, name = message.context.partition(":")[2].rpartition("|")
        if not key or name not in kind.fields or isinstance(message.id, (list, tuple)):
            example = ", ".join(f"{kind.prefix}:…|{field}" for field in kind.fields)
            report.skipped.append((
                message.context, _("Not an entry Veiviser made (its msgctxt should be %(example)s).", example=example)
            ))
            continue
        by_key.setdefault(key, {})[name] = message

    for key, entries in by_key.items():
        what = reference(kind, key)
        try:
            item = allowed.get(key) or _not_allowed(session, kind, key)
            number, texts = _checked(kind, item, entries, lang, reviewed)
        except Skip as skip:
            report.skipped.append((what, skip.reason))
            continue
        kind.save(item, lang, texts, made_from=number, draft=not reviewed, user_id=user_id)
        report.imported.append((what, number))


def _not_allowed(session: Session, kind: ExchangeKind, key: str):
    found = kind.find(session, key)
    raise Skip(kind.unknown() if found is None else kind.closed(found) or kind.not_allowed())


def _checked(kind: ExchangeKind, item, entries: dict[str, Message], lang: str, reviewed: bool):
    """The source revision the item was translated from and its cleaned
    texts, or ``Skip`` with the reason they cannot be saved."""
    if lang == item.source_lang:
        raise Skip(_("Written in this language: there is nothing to translate."))
    closed = kind.closed(item)
    if closed:
        raise Skip(closed)
    number = _one_revision(entries)
    if not kind.has_revision(item, number):
        raise Skip(_("There is no revision %(number)s of this text.", number=number))
    source = kind.source(item, number)
    if source is not None and any(words(m.id) != words(source[name]) for name, m in entries.items()):
        # The comment was changed, or entries were mixed from two files: the
        # revision recorded would be wrong, and with it the status.
        raise Skip(_("The source text in the file is not the text of revision %(number)s.", number=number))
    needed = [name for name in kind.fields if source is None or not textinput.is_blank(source[name])]
    missing = [name for name in needed if name not in entries]
    if missing:
        raise Skip(_("The file has no “%(field)s” entry for this.", field=missing[0]))

    texts = {name: clean(entries[name].string) if name in entries else "" for name in kind.fields}
    for name in kind.one_line:
        texts[name] = " ".join(texts[name].split())
    if any(textinput.is_blank(texts[name]) for name in needed):
        raise Skip(_("Not translated yet: a text is empty."))
    if any(m.fuzzy for m in entries.values()):
        raise Skip(_("Marked fuzzy: the translator has not finished checking it."))
    for name in kind.fields:
        if len(texts[name]) > kind.limits[name]:
            raise Skip(_("A field is too long (at most %(count)s characters).", count=kind.limits[name]))
    _check_against_existing(kind.translation(item, lang), texts, number, reviewed)
    return number, texts


def _one_revision(entries: dict[str, Message]) -> int:
    numbers = {revision_number(m) for m in entries.values()}
    if None in numbers:
        raise Skip(_(
            "The file does not say which source revision this was translated from "
            "(the source-revision comment is missing)."
        ))
    if len(numbers) > 1:
        raise Skip(_("Its texts were translated from different source revisions."))
    [number] = numbers
    return number


def _check_against_existing(existing: Done | None, texts: dict[str, str], number: int, reviewed: bool) -> None:
    if existing is None:
        return
    if existing.made_from > number:
        raise Skip(_(
            "The translation here was made from a newer source text (revision %(here)s) "
            "than this file (revision %(file)s); it was kept.",
            here=existing.made_from, file=number,
        ))
    # The same text again changes nothing, unless it is now marked as
    # checked; it never turns a checked translation back into a draft.
    if (existing.texts, existing.made_from) == (texts, number) and (not reviewed or not existing.draft):
        raise Skip(_("Nothing changed."))


def not_ours(message: Message) -> tuple[str, str]:
    """The report line for a ``<something>:`` entry no registered kind claims."""
    return (message.context or shorten(message.id),
            _("Not an entry Veiviser made: no kind of text is called “%(kind)s”.",
              kind=message.context.partition(":")[0]))
