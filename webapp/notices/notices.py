"""Notices: which ones a phone gets, in which language, and how staff write
them.

A phone gets, in one small kept URL (``/<lang>/<centre>/notices.json``),
every notice of its centre (and those for all centres) that has not expired
by the start of today, future ones included, each with its start and expiry.
The phone decides with its own clock which to show, so a notice appears and
disappears on time without a network; the list only changes when staff
change a notice or a day begins (what the manifest's freshness key already
covers). The home page shows the same list, rendered on the server.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from models import Centre, Notice, NoticeTranslation, TranslationStatus
from webapp import clock
from webapp.l10n.languages import LANGUAGES, content_fallbacks

MAX_ON_PHONE = 10  # the newest; a centre rarely has more than a few at once


@dataclass(frozen=True)
class ShownNotice:
    notice: Notice
    text: NoticeTranslation
    wanted: str  # the resident's language

    @property
    def is_fallback(self) -> bool:
        return self.text.lang != self.wanted

    @property
    def is_outdated(self) -> bool:
        return self.notice.status(self.text.lang) == TranslationStatus.OUTDATED

    def for_phone(self) -> dict:
        """One notice in notices.json: keys are short, every phone downloads this."""
        return {
            "id": f"{self.notice.id}.{self.notice.source_version}",  # an edited notice shows again
            "text": self.text.text,
            "lang": self.text.lang,
            "dir": LANGUAGES[self.text.lang].dir if self.text.lang in LANGUAGES else "auto",
            "draft": self.text.draft,
            "starts": epoch_ms(self.notice.starts_at),
            "expires": epoch_ms(self.notice.expires_at),
        }


def epoch_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def is_active(notice: Notice, now: dt.datetime) -> bool:
    return notice.starts_at <= now < notice.expires_at


def reaching(centre: Centre):
    """Notices a centre's residents get: its own and those for every centre."""
    return or_(Notice.centre_id == centre.id, Notice.centre_id.is_(None))


def for_phone(session: Session, centre: Centre, lang: str) -> list[ShownNotice]:
    """Not expired by the start of today (centre time), newest start first."""
    query = (
        select(Notice)
        .where(reaching(centre), Notice.expires_at > clock.start_of_today())
        .order_by(Notice.starts_at.desc(), Notice.id.desc())
        .limit(MAX_ON_PHONE)
        .options(selectinload(Notice.translations))
    )
    shown = []
    for notice in session.scalars(query):
        text = notice.translation_in(content_fallbacks(lang, notice.source_lang))
        if text is not None:
            shown.append(ShownNotice(notice, text, lang))
    return shown


def for_staff(session: Session, centres: list[Centre], everything: bool) -> list[Notice]:
    """Notices of these centres (and those for all centres), newest first;
    expired ones for a week, then they drop off the list."""
    shown_since = clock.now() - dt.timedelta(days=7)
    where = [Notice.expires_at > shown_since]
    if not everything:
        where.append(or_(Notice.centre_id.in_([c.id for c in centres]), Notice.centre_id.is_(None)))
    query = (
        select(Notice).where(*where).order_by(Notice.starts_at.desc(), Notice.id.desc())
        .options(selectinload(Notice.translations), selectinload(Notice.centre))
    )
    return list(session.scalars(query))


def create(session: Session, centre: Centre | None, source_lang: str, text: str, starts_at: dt.datetime,
           expires_at: dt.datetime, author_id: int | None) -> Notice:
    notice = Notice(centre=centre, source_lang=source_lang, source_version=1, starts_at=starts_at,
                    expires_at=expires_at, author_id=author_id, translations=[])
    notice.translations.append(NoticeTranslation(lang=source_lang, text=text, made_from=1, draft=False))
    session.add(notice)
    session.flush()
    return notice


def may_change(notice: Notice, centre_ids: set[int], admin: bool) -> bool:
    """A notice for one of these centres; one for all centres only for an administrator."""
    return admin if notice.centre_id is None else notice.centre_id in centre_ids


def set_text(notice: Notice, lang: str, text: str, draft: bool, made_from: int | None = None) -> None:
    """Add, change or (empty text) remove one language's text. A changed
    source outdates the translations; a changed translation is made from the
    current source, or from ``made_from`` where the translator says which
    (the translator exchange's files do)."""
    existing = notice.translation(lang)
    if lang == notice.source_lang:
        if existing.text != text:
            notice.source_version += 1
            existing.text, existing.made_from = text, notice.source_version
        return
    if not text:
        if existing is not None:
            notice.translations.remove(existing)
        return
    if existing is None:
        notice.translations.append(NoticeTranslation(lang=lang, text=text, made_from=made_from or notice.source_version,
                                                     draft=draft))
        return
    if existing.text != text or made_from is not None:
        existing.text, existing.made_from = text, made_from or notice.source_version
    existing.draft = draft
