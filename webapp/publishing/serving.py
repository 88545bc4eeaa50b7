"""Answering from the snapshot: a resident page and the packs, published
before they are asked for. A request that finds its language behind (an
edit made by another process, a new day) brings it up to date first, when
that is quick; otherwise the page is rendered as it always could be."""
from __future__ import annotations

import logging
import threading

from flask import current_app, g, has_app_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from models import Centre
from webapp import db
from webapp.publishing import publish, snapshot
from webapp.release import freshness_key

log = logging.getLogger(__name__)


def current_state(lang: str, centre: Centre, also: tuple[str, ...] = ()) -> snapshot.LanguageState:
    """The published state of ``lang`` (in the reader's order ``also``) at
    ``centre``, brought up to date if it is behind (raises
    publish.TooMuchToPublish when that would take long)."""
    state = snapshot.peek_state(lang, centre.slug, also)
    if state is None or not state.is_current(freshness_key(db.session())):
        publish.publish_language(lang, centre, also=also, limit=publish.render_limit())
        state = snapshot.peek_state(lang, centre.slug, also)
    return state


def answer_from_snapshot():
    """A resident page (no query) that is published and current, from disk."""
    if request.method != "GET" or request.query_string or "centre" not in g or "lang" not in g:
        return None
    if current_app.config.get("PAGE_CACHE") is False:  # every page rendered (tests that count a view's work)
        return None
    state = snapshot.peek_state(g.lang, g.centre.slug)
    if state is None or request.path not in state.urls or not state.is_current(freshness_key(db.session())):
        return None
    body = snapshot.read_page(request.path)
    if body is None:
        return None
    return current_app.response_class(body, mimetype=snapshot.media_type(request.path))


# ---- publishing after an edit ------------------------------------------------


@event.listens_for(Session, "after_flush")
def _remember_to_publish(session: Session, _context) -> None:
    if session.info.get("content_version_bumped"):
        session.info["publish_after_commit"] = True


@event.listens_for(Session, "after_soft_rollback")
def _nothing_to_publish(session: Session, _transaction) -> None:
    session.info.pop("publish_after_commit", None)


@event.listens_for(Session, "after_commit")
def _publish_after_the_request(session: Session) -> None:
    if session.info.pop("publish_after_commit", False):
        g_flag = _app_context_flags()
        if g_flag is not None:
            g_flag["publish"] = True


def _app_context_flags() -> dict | None:
    if not has_app_context():
        return None  # a script's own session: the next request catches up
    return g.setdefault("publishing", {})


def publish_at_teardown(_exc) -> None:
    """When the request (or CLI command) that changed content is done: the
    staff member's save returns once residents can read the change."""
    if not g.get("publishing", {}).pop("publish", False) or not current_app.config.get("PUBLISH_ON_COMMIT", True):
        return
    try:
        publish.publish_what_is_published()
    except publish.TooMuchToPublish:
        publish_in_background(current_app._get_current_object(), snapshot.published_editions())
    except Exception:  # a failed publish must not fail the save: the next request tries again
        log.exception("publishing after an edit failed")


_background = threading.Lock()


def publish_in_background(app, targets: list[tuple[str, str, tuple[str, ...]]]) -> None:
    """A new release or a big change: published without a request waiting
    (``targets``: languages, centre slugs and readers' orders)."""
    if not _background.acquire(blocking=False):
        return  # one is running; it publishes up to the newest version

    def run():
        try:
            with app.app_context():
                for lang, slug, also in targets:
                    centre = db.session().query(Centre).filter_by(slug=slug).one_or_none()
                    if centre is not None and lang in app.config["ENABLED_LANGUAGES"]:
                        publish.publish_language(lang, centre, also=also)
        except Exception:
            log.exception("publishing in the background failed")
        finally:
            _background.release()

    threading.Thread(target=run, name="veiviser-publish", daemon=True).start()
