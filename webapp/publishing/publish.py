"""Publish: bring the snapshot of a language at a centre up to the current
content version, release and day, rendering only the URLs that changed.

What an edit affects comes from the change keys its transaction noted
(``models.content_version``); a new release renders everything again (the
templates changed), a new day the pages that list meetings. A URL is
written to disk only when its bytes changed, and counts as changed for
phones only when its hash did (the hash ignores app file versions, so a
release that changes only app files makes phones download no page)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app, has_request_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Centre, Page, Topic
from models.content_version import EVERYTHING, ContentChange
from webapp import db
from webapp.content import reading
from webapp.l10n.fallbacks import ALSO_PARAMETER
from webapp.offline.manifest import EVERY_CENTRE_PAGE, STATIC_VERSION, kept_urls, render_for_phone, short_hash
from webapp.publishing import packs, snapshot
from webapp.release import freshness_key

log = logging.getLogger(__name__)

# A request never waits for more renders than this (a new release of a big
# site is published by `flask publish`, or in the background).
RENDERS_A_REQUEST_MAY_WAIT_FOR = 300


def render_limit() -> int | None:
    return current_app.config.get("PUBLISH_RENDER_LIMIT", RENDERS_A_REQUEST_MAY_WAIT_FOR)


class TooMuchToPublish(Exception):
    """Publishing would take too long for a request to wait."""


@dataclass
class Published:
    lang: str
    centre: str
    rendered: int
    changed: int
    removed: int
    seq: int


def publish_language(lang: str, centre: Centre, *, also: tuple[str, ...] = (), limit: int | None = None) -> Published:
    """Bring one language at one centre up to date (under the publishing lock);
    ``also``: the edition in a reader's own order of languages."""
    if not has_request_context():  # a command or a thread: app file URLs are built as in a request
        with current_app.test_request_context("/"):
            return publish_language(lang, centre, also=also, limit=limit)
    app = current_app._get_current_object()
    with snapshot.publishing_lock():
        session = db.session()
        session.rollback()  # see what other transactions committed while we waited
        key = freshness_key(session)
        state = snapshot.load_state(lang, centre.slug, also) or snapshot.LanguageState(lang, centre.slug, list(also))
        if state.is_current(key):
            return Published(lang, centre.slug, 0, 0, 0, state.seq)
        keys = _change_keys(session, state, key)
        urls = kept_urls(app, lang, centre) if _may_change_urls(keys) else _kept_before(state)
        to_render = _urls_to_render(session, state, keys, urls, centre)
        if limit is not None and len(to_render) > limit:
            raise TooMuchToPublish(f"{len(to_render)} URLs of {state.edition} at {centre.slug}")
        result = _render_and_write(app, state, urls, to_render)
        version, release, day = key
        state.version, state.release, state.day = version, release, day.isoformat()
        state.database = snapshot.database_tag()
        packs.refresh(state)
        snapshot.save_state(state)
        return result


def publish_everything(limit: int | None = None) -> list[Published]:
    """Every enabled language at every centre (``flask publish``, and after a deploy)."""
    session = db.session()
    centres = list(session.scalars(select(Centre).order_by(Centre.slug)))
    return [
        publish_language(lang, centre, limit=limit)
        for centre in centres
        for lang in current_app.config["ENABLED_LANGUAGES"]
    ]


def publish_what_is_published() -> list[Published]:
    """After an edit: every edition already published (the ones phones asked for or a deploy made)."""
    session = db.session()
    centres = {c.slug: c for c in session.scalars(select(Centre))}
    done = []
    for lang, slug, also in snapshot.published_editions():
        if slug in centres and lang in current_app.config["ENABLED_LANGUAGES"]:
            done.append(publish_language(lang, centres[slug], also=also, limit=render_limit()))
    return done


def _change_keys(session: Session, state, key: tuple) -> set[str]:
    """What changed since the state was published (``models.content_version``)."""
    version, release, day = key
    if state.release != release or state.version < 0 or state.version > version or \
            state.database != snapshot.database_tag():
        return {EVERYTHING}  # a new release, a new state, another database, or one that went back (a restore)
    keys = set(session.scalars(select(ContentChange.key).where(ContentChange.version > state.version)))
    if state.day != day.isoformat():
        keys.add("centre-pages")
    return keys


def _may_change_urls(keys: set[str]) -> bool:
    """Whether the set of URLs a phone keeps may have changed (else it is the
    published one, and working it out again for 1,000 pages is saved)."""
    return any(key in (EVERYTHING, "pages") or key.startswith(("topic-list:", "path:")) for key in keys)


def _kept_before(state) -> dict[str, dict]:
    return {url: {k: v for k, v in entry.items() if k != "h"} for url, entry in state.urls.items()}


def _urls_to_render(session: Session, state, keys: set[str], urls: dict[str, dict], centre: Centre) -> set[str]:
    new_urls = set(urls) - set(state.urls)
    return (affected(session, state, keys, urls, centre) | new_urls) & set(urls)


def affected(session: Session, state, keys: set[str], urls: dict[str, dict], centre: Centre) -> set[str]:
    """The URLs (of ``urls``, one edition at one centre) that change keys affect."""
    base = f"/{state.lang}/{centre.slug}/"
    if EVERYTHING in keys:  # every list is rendered again: remember what each shows of each page
        shown = reading.localize(session, reading.all_pages(session, centre), state.lang, tuple(state.also))
        state.listed = {page.page.slug: _listing(page) for page in shown}
        return set(urls)
    found: set[str] = set()
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "page":
            found |= _page_urls(session, state, value, base)
        elif kind in ("topic", "topic-list"):
            topic = session.get(Topic, int(value))
            if topic is not None:
                found |= {f"{base}topics/{topic.slug}", base}
                if kind == "topic":  # its title is on each of its pages
                    found |= {url for url, entry in urls.items() if entry.get("t") == topic.slug}
        elif kind == "centre-pages":
            found |= {base + path for path in EVERY_CENTRE_PAGE}
        elif kind == "path":
            found |= _paths(value, base, urls)
        elif kind != "pages":  # "pages": new URLs are rendered anyway
            log.warning("unknown change key %r: publishing everything", key)
            return set(urls)
    return found


def _page_urls(session: Session, state, value: str, base: str) -> set[str]:
    """A page whose text changed: its own URL, in the editions that show that
    text; its topic's list too when what the list shows of it changed."""
    page_id, _, edited_lang = value.partition(":")
    page = session.get(Page, int(page_id))
    if page is None:
        return set()  # deleted: it leaves with the URL set
    own = {page.source_lang, *(t.lang for t in page.translations)}
    if edited_lang and edited_lang != state.lang and state.lang in own:
        return set()  # this edition shows its own translation, not the edited one
    found = {f"{base}pages/{page.slug}"}
    [shown] = reading.localize(session, [page], state.lang, tuple(state.also))
    listed = _listing(shown)
    if state.listed.get(page.slug) != listed:
        state.listed[page.slug] = listed
        found.add(f"{base}topics/{page.topic.slug}")
    return found


def _listing(shown: reading.LocalizedPage) -> str:
    """What a topic's list shows of a page (templates/resident/topic.html), as a hash."""
    page = shown.page
    return short_hash(f"{shown.title}\0{shown.summary}\0{shown.shown_lang}\0{page.centre_id}".encode())


def _paths(suffix: str, base: str, urls: dict[str, dict]) -> set[str]:
    if suffix.endswith("*"):
        prefix = base + suffix[:-1]
        return {url for url in urls if url.startswith(prefix)}
    return {base + suffix}


def _render_and_write(app: Flask, state, urls: dict[str, dict], to_render: set[str]) -> Published:
    changed, rendered = [], 0
    query = f"?{ALSO_PARAMETER}={','.join(state.also)}" if state.also else ""
    for url in sorted(to_render):
        body = render_for_phone(app, url + query)
        rendered += 1
        entry = {"h": short_hash(STATIC_VERSION.sub(b"", body)), **urls[url]}
        if snapshot.read_page(url, state.also) != body:
            snapshot.write_page(url, body, state.also)
        if state.urls.get(url) != entry:
            changed.append(url)
        state.urls[url] = entry
    for url in set(urls) - to_render:  # a page's topic or media can change without its bytes
        entry = {"h": state.urls[url]["h"], **urls[url]}
        if state.urls[url] != entry:
            changed.append(url)
            state.urls[url] = entry
    removed = sorted(set(state.urls) - set(urls))
    for url in removed:
        del state.urls[url]
        if not _kept_by_another_language(url, state):
            snapshot.remove_page(url, state.also)
    if changed or removed:
        state.note(sorted(changed), removed)
    return Published(state.lang, state.centre, rendered, len(changed), len(removed), state.seq)


def _kept_by_another_language(url: str, state) -> bool:
    """The help page in a centre's main languages is kept by every language."""
    lang = url.split("/")[1]
    return lang != state.lang
