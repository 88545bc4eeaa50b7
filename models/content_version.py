"""Bump ``ContentState.version`` whenever a flush touches content, and note
what changed (``ContentChange``) so that the publisher re-renders only the
URLs an edit affects (webapp/publishing).

Listening on every Session catches all ORM writes (editor, seed, CLI, tests)
without each writer having to remember. The bump is an SQL expression
(``version + 1``), so concurrent transactions never lose an increment.

A change key says what changed in terms of what residents read:
``page:<id>`` (the page, and its topic's list if its title or summary
changed), ``page:<id>:<lang>`` (its translation into lang: only readers who
see that translation), ``pages`` (which pages there are, and where: the URLs
a phone keeps), ``topic-list:<topic id>`` (a topic's list and home: a page
moved into or out of it), ``topic:<id>`` (a topic's title: its list, home and its
pages), ``centre-pages`` (meetings and "you said": the pages every centre
has), ``path:<suffix>`` (that URL under /<lang>/<centre>/; a trailing ``*``
for every URL under it) and ``*`` (everything). A content class not listed in
``CHANGE_KEYS`` changes everything, which is always right, only slower.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Integer, String, event, insert, inspect, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base
from models.content import (
    Centre,
    ChangeNoteTranslation,
    ContentState,
    Page,
    PageMedia,
    PageRevision,
    PageTranslation,
    Topic,
    TopicTranslation,
)
from models.feedback import FeedbackResponse, FeedbackResponseTranslation
from models.meetings import Meeting, MeetingTranslation
from models.notices import Notice, NoticeTranslation
from models.places import Card, CardRevision, CardTranslation, Place, PlaceRevision, PlaceTranslation

EVERYTHING = "*"


class ContentChange(Base):
    """What a content version changed, for publishing (no resident data)."""

    __tablename__ = "content_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, index=True)
    key: Mapped[str] = mapped_column(String(200))


# Where a page is listed and under which address: a change to one of these
# (or a new or deleted page) changes the set of URLs a phone keeps.
PAGE_PLACE = ("slug", "published", "topic_id", "centre_id", "position")


def _page_keys(page: Page) -> Iterable[str]:
    yield f"page:{page.id}"
    state = inspect(page)
    if state.deleted or state.was_deleted or page.id is None or any(
        state.attrs[name].history.has_changes() for name in PAGE_PLACE
    ):
        yield "pages"
        # A page moved to another topic (or deleted) leaves its old topic's list.
        for topic_id in {page.topic_id, *state.attrs.topic_id.history.deleted}:
            if topic_id is not None:
                yield f"topic-list:{topic_id}"


def _part_of_page_keys(part) -> Iterable[str]:
    yield f"page:{part.page_id}"


def _translation_keys(translation: PageTranslation) -> Iterable[str]:
    # Only readers of this language, and of languages that fall back to it, see it.
    yield f"page:{translation.page_id}:{translation.lang}"


def _media_keys(media: PageMedia) -> Iterable[str]:
    yield f"page:{media.page_id}"
    yield "pages"  # the media a phone keeps are listed with the URLs


def _topic_keys(topic) -> Iterable[str]:
    yield f"topic:{topic.id if isinstance(topic, Topic) else topic.topic_id}"


def _centre_pages(_obj) -> Iterable[str]:
    yield "centre-pages"


# Upcoming meetings and "You said, we did" are kept offline with the pages, so they count as content.
CHANGE_KEYS: dict[type, Callable[[object], Iterable[str]]] = {
    Centre: lambda _centre: [EVERYTHING],
    Topic: _topic_keys,
    TopicTranslation: _topic_keys,
    Page: _page_keys,
    PageRevision: _part_of_page_keys,
    PageTranslation: _translation_keys,
    ChangeNoteTranslation: _part_of_page_keys,
    PageMedia: _media_keys,
    Meeting: _centre_pages,
    MeetingTranslation: _centre_pages,
    FeedbackResponse: _centre_pages,
    FeedbackResponseTranslation: _centre_pages,
    # Places and cards (webapp/places): their lists and their own pages.
    **dict.fromkeys((Place, PlaceRevision, PlaceTranslation), lambda _obj: ["path:places*"]),
    **dict.fromkeys((Card, CardRevision, CardTranslation), lambda _obj: ["path:cards*"]),
    # Centre notices (webapp/notices): the phone's notices.json and the home page's list.
    **dict.fromkeys((Notice, NoticeTranslation), lambda _obj: ["path:notices.json", "path:"]),
}
CONTENT_CLASSES = tuple(CHANGE_KEYS)


def change_keys(obj) -> Iterable[str]:
    return CHANGE_KEYS.get(type(obj), lambda _obj: [EVERYTHING])(obj)


@event.listens_for(Session, "before_flush")
def _bump_when_content_changes(session: Session, _context, _instances) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if not any(isinstance(obj, CONTENT_CLASSES) for obj in changed):
        return
    if session.info.get("content_version_bumped"):
        return  # once per transaction is enough
    bumped = session.execute(update(ContentState).values(version=ContentState.version + 1))
    if bumped.rowcount == 0:
        session.execute(insert(ContentState).values(id=1, version=1))
    session.info["content_version_bumped"] = True


@event.listens_for(Session, "after_flush")
def _note_what_changed(session: Session, _context) -> None:
    """After the flush, so that new rows have their ids (the new, dirty and
    deleted lists still hold what was flushed)."""
    if not session.info.get("content_version_bumped"):
        return
    keys = {key for obj in (*session.new, *session.dirty, *session.deleted)
            if isinstance(obj, CONTENT_CLASSES) for key in change_keys(obj)}
    if not keys:
        return
    version = current_version(session)
    noted = session.info.setdefault("content_changes", set())
    rows = [{"version": version, "key": key} for key in sorted(keys - noted)]
    if rows:
        session.execute(insert(ContentChange), rows)
        noted.update(keys)


@event.listens_for(Session, "after_transaction_end")
def _forget_bump(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop("content_version_bumped", None)
        session.info.pop("content_changes", None)


def current_version(session: Session) -> int:
    return session.scalar(select(ContentState.version).where(ContentState.id == 1)) or 0
