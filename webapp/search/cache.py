"""Indexes kept between searches: one per language and centre, made again
when the content version changes (any edit raises it)."""
from __future__ import annotations

from threading import Lock

from flask import current_app
from sqlalchemy.orm import Session

from models import Centre
from models.content_version import current_version
from webapp.search.documents import documents
from webapp.search.ranking import Index, Language

LIMIT = 64  # indexes kept (a few hundred KB each at most)
_lock = Lock()


def index_for(session: Session, centre: Centre, lang: str) -> Index:
    kept: dict = current_app.extensions.setdefault("search_indexes", {})
    key = (lang, centre.id, current_version(session))
    with _lock:
        if key in kept:
            return kept[key]
    index = Index.build(documents(session, centre, lang), Language.of(lang))
    with _lock:
        if len(kept) >= LIMIT:
            kept.clear()
        kept[key] = index
    return index
