"""Writing and reading the texts of places and cards: the only place that
creates their revisions and translations (so that ``revision_number`` and
``major_revision_number`` stay exact), and choosing the text a resident sees.

Places and cards keep their texts as pages do (webapp/content/editing.py):
numbered source revisions, a minor one does not outdate translations, and
each translation records the revision it was made from. The status is
``models.content.translation_status``, the one rule for every kind.
Nothing here commits.
"""
from __future__ import annotations

from dataclasses import dataclass

from models import Card, CardRevision, CardTranslation, Place, PlaceRevision, PlaceTranslation, TranslationStatus
from models.content import translation_status
from models.translatable import first_available
from webapp.l10n.languages import content_fallbacks

REVISION = {Place: PlaceRevision, Card: CardRevision}
TRANSLATION = {Place: PlaceTranslation, Card: CardTranslation}


class TextError(ValueError):
    """A change that would break the rules of revisions and translations."""


def revise(item: Place | Card, texts: dict[str, str], *, minor: bool = False, author_id: int | None = None):
    """A new source revision with ``texts`` (every field of the kind)."""
    if minor and item.revision_number == 0:
        raise TextError("the first revision cannot be minor")
    revision = REVISION[type(item)](
        number=item.revision_number + 1, minor=minor, author_id=author_id,
        **{name: texts[name] for name in item.TEXT_FIELDS},
    )
    item.revisions.append(revision)
    item.revision_number = revision.number
    if not minor:
        item.major_revision_number = revision.number
    return revision


def latest(item: Place | Card):
    return next(r for r in item.revisions if r.number == item.revision_number)


def source_texts(item: Place | Card) -> dict[str, str]:
    revision = latest(item)
    return {name: getattr(revision, name) for name in item.TEXT_FIELDS}


def translate(
    item: Place | Card, lang: str, texts: dict[str, str], *, draft: bool = True, source_revision=None,
    updated_by_id: int | None = None,
):
    """Create or replace the translation into ``lang``, made from
    ``source_revision`` (default: the newest)."""
    if lang == item.source_lang:
        raise TextError("the source language is changed with revise()")
    source_revision = source_revision or latest(item)
    if source_revision not in item.revisions:
        raise TextError("a translation must be made from a revision of the same item")
    translation = next((t for t in item.translations if t.lang == lang), None)
    if translation is None:
        translation = TRANSLATION[type(item)](lang=lang, **texts)
        item.translations.append(translation)
    for name in item.TEXT_FIELDS:
        setattr(translation, name, texts[name])
    translation.draft = draft
    translation.source_revision = source_revision
    translation.updated_by_id = updated_by_id
    return translation


def revert(item: Place | Card, number: int, *, author_id: int | None = None):
    """An earlier revision's text as the newest revision (history is never rewritten)."""
    old = next((r for r in item.revisions if r.number == number), None)
    if old is None:
        raise TextError(f"{item.slug} has no revision {number}")
    return revise(item, {name: getattr(old, name) for name in item.TEXT_FIELDS}, author_id=author_id)


def status_in(item: Place | Card, lang: str) -> tuple[TranslationStatus, bool]:
    """(status, draft) of ``item`` in ``lang``."""
    translation = next((t for t in item.translations if t.lang == lang and lang != item.source_lang), None)
    made_from = translation.source_revision.number if translation else None
    return translation_status(item, lang, made_from), bool(translation and translation.draft)


@dataclass(frozen=True)
class Shown:
    """An item's texts in the best language a resident reads."""

    item: Place | Card
    requested_lang: str
    shown_lang: str
    status: TranslationStatus  # of the requested language
    draft: bool  # the shown text is a translation no qualified translator has checked
    texts: dict[str, str]

    @property
    def is_fallback(self) -> bool:
        return self.shown_lang != self.requested_lang

    def __getattr__(self, name):  # shown.about, shown.title ...
        try:
            return self.__dict__["texts"][name]
        except KeyError:
            raise AttributeError(name) from None


def shown_in(item: Place | Card, lang: str) -> Shown:
    """The texts in the first language of the reader's fallback chain that
    has them (the source language ends every chain)."""
    source = latest(item)
    by_lang = {item.source_lang: (source, False)}
    for translation in item.translations:
        by_lang.setdefault(translation.lang, (translation, translation.draft))
    shown_lang = next(code for code in content_fallbacks(lang, item.source_lang) if code in by_lang)
    text, draft = first_available(by_lang, [shown_lang])
    status, _draft = status_in(item, lang)
    return Shown(item, lang, shown_lang, status, draft, {name: getattr(text, name) for name in item.TEXT_FIELDS})
