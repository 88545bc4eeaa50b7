"""What the nurse needs to see: translation status per page and language,
coverage per language, and pages due for review."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from models import Page, PageTranslation, TranslationStatus
from models.content import translation_status


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    status: TranslationStatus
    draft: bool
    translation: PageTranslation | None


def statuses(page: Page, languages: list[str]) -> list[LanguageStatus]:
    by_lang = {t.lang: t for t in page.translations if t.lang != page.source_lang}
    result = []
    for lang in languages:
        translation = by_lang.get(lang)
        status = translation_status(page, lang, translation.source_revision.number if translation else None)
        result.append(LanguageStatus(lang, status, bool(translation and translation.draft), translation))
    return result


def coverage(pages: list[Page], languages: list[str]) -> dict[str, Counter]:
    """Per language: how many pages are current, outdated, missing, and drafts."""
    table = {lang: Counter() for lang in languages}
    for page in pages:
        for item in statuses(page, languages):
            table[item.lang][item.status.value] += 1
            if item.draft:
                table[item.lang]["draft"] += 1
    return table


def review_due_on(page: Page) -> dt.date | None:
    if page.reviewed_on is None:
        return None  # never reviewed: due now
    return page.reviewed_on + dt.timedelta(days=page.review_interval_days)


def due_for_review(pages: list[Page], today: dt.date) -> list[Page]:
    def due(page):
        when = review_due_on(page)
        return when is None or when <= today

    return sorted((p for p in pages if due(p)), key=lambda p: review_due_on(p) or dt.date.min)
