""""You said, we did": short answers staff publish to what residents said,
in the centre's languages. Residents read them on their phone, offline too
(they are content: changing one raises the content version)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Centre, FeedbackResponse, FeedbackResponseTranslation
from webapp import clock
from webapp.l10n.languages import content_fallbacks


@dataclass(frozen=True)
class ShownResponse:
    response: FeedbackResponse
    text: FeedbackResponseTranslation
    wanted: str  # the resident's language

    @property
    def is_fallback(self) -> bool:
        return self.text.lang != self.wanted


def for_residents(session: Session, centre: Centre, lang: str) -> list[ShownResponse]:
    query = (
        select(FeedbackResponse)
        .where(FeedbackResponse.centre_id == centre.id, FeedbackResponse.published.is_(True))
        .order_by(FeedbackResponse.published_on.desc(), FeedbackResponse.id.desc())
        .options(selectinload(FeedbackResponse.translations))
    )
    shown = []
    for response in session.scalars(query):
        text = response.translation_in(content_fallbacks(lang, response.source_lang))
        if text is not None:
            shown.append(ShownResponse(response, text, lang))
    return shown


def for_staff(session: Session, centres: list[Centre]) -> list[FeedbackResponse]:
    query = (
        select(FeedbackResponse)
        .where(FeedbackResponse.centre_id.in_([c.id for c in centres]))
        .order_by(FeedbackResponse.published_on.desc(), FeedbackResponse.id.desc())
        .options(selectinload(FeedbackResponse.translations), selectinload(FeedbackResponse.centre))
    )
    return list(session.scalars(query))


def set_text(response: FeedbackResponse, lang: str, said: str, did: str, draft: bool) -> None:
    """Add, change or (with both texts empty) remove one language's text."""
    existing = response.translation(lang)
    if not said and not did:
        if existing is not None and lang != response.source_lang:
            response.translations.remove(existing)
        return
    if existing is None:
        response.translations.append(FeedbackResponseTranslation(lang=lang, said=said, did=did, draft=draft))
        return
    existing.said, existing.did, existing.draft = said, did, draft


def create(session: Session, centre: Centre, source_lang: str, said: str, did: str, author_id: int | None,
           published: bool = True) -> FeedbackResponse:
    response = FeedbackResponse(
        centre=centre, source_lang=source_lang, published_on=clock.centre_today(), published=published,
        author_id=author_id, translations=[],
    )
    set_text(response, source_lang, said, did, draft=False)
    session.add(response)
    session.flush()
    return response
