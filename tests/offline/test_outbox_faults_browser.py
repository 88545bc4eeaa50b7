"""The outbox's fault matrix, in Debian's Chromium: seven ways for sending to
go wrong, each for a feedback and for a check-in that a resident makes
through the real pages. Every test ends with exactly one stored row per item
sent and an empty outbox: nothing lost, nothing counted twice (docs/design.md, rule 4).

The faults are real, not played in the page's JavaScript: the server is
stopped; it answers 500 or 503; it does the work and the answer is lost on
the way; it dies halfway through a batch and comes back as a new app on the
same database; the browser is closed and opened again on the same profile; a
new service worker takes over; two tabs send at the same moment."""
from __future__ import annotations

import json
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import flask
import pytest
from sqlalchemy import func, select
from werkzeug.exceptions import ServiceUnavailable

from models import CheckIn, Feedback
from tests.live_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OFFLINE_READY,
    PHONE,
    Logged,
    database,
    eventually,
    make_a_release,
    meeting_in_progress,
    open_app,
    release_applied,
)
from webapp import create_app
from webapp.api import sync as sync_api
from webapp.api import views as api_views
from webapp.checkin import codes

pytestmark = pytest.mark.browser
SYNC = "/api/v1/sync"
KINDS = ["feedback", "checkin"]


@pytest.fixture()
def server(live_server):
    # Its own static files: one test makes a release.
    server = live_server(own_static=True, prepare=meeting_in_progress)
    server.meeting_id = server.prepared  # the demo meeting in progress: check-ins are open
    server.keep_bodies.add(SYNC)  # which items each sync request carried
    return server


# --- what the resident does, and what the server stored -----------------------


@dataclass(frozen=True)
class Item:
    kind: str
    tag: str  # a feedback's comment; a check-in is told by its meeting


def make(page, server, kind: str, tag: str) -> Item:
    """The resident sends one item through the real page; returns once the
    page says it is kept on the phone (in the outbox)."""
    if kind == "feedback":
        page.goto(f"{server.url}/en/demo/feedback")
        page.click("label.face.rating-4")
        page.fill("#comment", tag)
        page.click("[data-feedback-form] button[type=submit]")
        page.locator("[data-feedback-done]").wait_for(timeout=15_000)
    else:
        key = codes.derive_key(server.app.config["SECRET_KEY"])
        code = codes.sign(key, server.meeting_id, codes.current_window())
        page.goto(f"{server.url}/en/demo/checkin#{code}")  # what the QR code on the host's screen opens
        page.locator("[data-checkin-done]").wait_for(timeout=15_000)
    return Item(kind, tag)


def rows(server, item: Item) -> int:
    """Rows the server stored for ``item``."""
    if item.kind == "feedback":
        query = select(func.count()).select_from(Feedback).where(Feedback.comment == item.tag)
    else:
        query = select(func.count()).select_from(CheckIn).where(CheckIn.meeting_id == server.meeting_id)
    with database(server.app) as session:
        return session.scalar(query)


def outbox(page) -> list[dict]:
    return page.evaluate("VeiviserOutbox.items()")


def tried(page) -> bool:
    """Every item in the outbox was tried at least once and is still queued."""
    waiting = outbox(page)
    return bool(waiting) and all(i["state"] == "queued" and i["attempts"] >= 1 for i in waiting)


def sent_once(page, server, *items: Item, timeout: float = 30.0) -> None:
    """The end of every test: the outbox empties, and each item is one row."""
    eventually(lambda: outbox(page) == [], "the outbox to empty", timeout)
    server.wait_until_quiet(0.5)  # nothing still on its way (a second tab, a late retry)
    assert outbox(page) == []
    assert {item: rows(server, item) for item in items} == {item: 1 for item in items}


def carrying(server, item_id: str) -> list[Logged]:
    """The sync requests that carried the item with this UUID."""
    return [
        r for r in server.log
        if r.method == "POST" and r.path == SYNC and item_id in {i["id"] for i in json.loads(r.body)["items"]}
    ]


def save_for_offline(page, server) -> None:
    page.goto(server.url + "/en/demo/")
    page.wait_for_selector(OFFLINE_READY, timeout=60_000)  # every page is saved, feedback and check-in too
    server.wait_until_quiet()


# --- the matrix -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_made_offline_and_sent_when_back_online(phone, server, kind):
    save_for_offline(phone, server)
    server.stop()
    phone.context.set_offline(True)  # the page's network; the stopped server cuts the worker's too

    item = make(phone, server, kind, "made offline")  # the page comes from the service worker
    assert [i["state"] for i in outbox(phone)] == ["queued"]
    assert rows(server, item) == 0

    server.start()
    phone.context.set_offline(False)
    phone.evaluate("VeiviserOutbox.sync()")
    sent_once(phone, server, item)


@pytest.mark.parametrize("kind", KINDS)
def test_the_answer_is_lost_after_the_server_stored_the_item(phone, server, kind):
    server.drop_answer.add(SYNC)
    item = make(phone, server, kind, "answer lost")
    eventually(lambda: rows(server, item) == 1, "the server to store the item")
    eventually(lambda: tried(phone), "the phone to see no answer")
    (waiting,) = outbox(phone)
    assert waiting["lastError"] == "no answer"  # fetch failed: a network error, not an HTTP status
    # A retry may be on its way: its answer is dropped too, once the app has run.
    eventually(lambda: all(r.dropped for r in carrying(server, waiting["id"])), "every answer to be dropped")

    server.drop_answer.clear()
    phone.evaluate("VeiviserOutbox.sync()")
    sent_once(phone, server, item)
    last, *_ = reversed(carrying(server, waiting["id"]))
    assert (last.status, last.dropped) == (200, False)  # "ok" again, from the receipt


@pytest.mark.parametrize("kind", KINDS)
def test_three_500s_then_success(phone, server, kind):
    server.fail_next[SYNC] = 3
    item = make(phone, server, kind, "three 500s")
    sent_once(phone, server, item, timeout=30)  # backoff: about 1 s, 2 s, 4 s, with jitter
    assert [r.status for r in server.log if r.method == "POST" and r.path == SYNC] == [500, 500, 500, 200]


class DiesMidBatch:
    """Patched over the sync endpoint: the first request that carries the whole
    batch dies once its second item is applied (with the run of items of its
    type that it came in) and before the commit. The connection is cut (the
    phone gets no answer) and the request's transaction is rolled back, as
    when the server process is killed there. Until then a request with only
    part of the batch (a backoff timer sending what is due) finds the server
    unavailable."""

    def __init__(self, monkeypatch, batch_size: int):
        self.batch_size = batch_size
        self.died = threading.Event()
        self._load_envelope = api_views._load_envelope
        self._check_results = sync_api._check_results
        monkeypatch.setattr(api_views, "_load_envelope", self.load_envelope)
        monkeypatch.setattr(sync_api, "_check_results", self.applied)

    def load_envelope(self):
        items = self._load_envelope()
        if len(items) < self.batch_size or self.died.is_set():
            raise ServiceUnavailable()
        flask.g.applied = 0
        return items

    def applied(self, kind, codes, expected):
        """Called after each run of items is applied."""
        self._check_results(kind, codes, expected)
        flask.g.applied += expected
        if flask.g.applied >= 2:
            flask.request.environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
            self.died.set()
            raise ConnectionAbortedError("the server died here")


def start_a_new_process(server) -> None:
    """Start the stopped server as a new app on the same database and port:
    nothing of the old one survives but what it committed."""
    old = server.app
    server.app = create_app(
        {name: old.config[name] for name in ("DATABASE_URL", "SECRET_KEY", "SESSION_COOKIE_SECURE")},
        instance_path=old.instance_path,
    )
    server.app.static_folder = old.static_folder
    old.extensions["db_engine"].dispose()
    server.start()


@pytest.mark.parametrize("kind", KINDS)
def test_the_server_restarts_in_the_middle_of_a_batch(phone, server, kind, monkeypatch):
    save_for_offline(phone, server)
    server.stop()  # the items wait together on the phone
    if kind == "feedback":
        items = [make(phone, server, "feedback", f"batch {n}") for n in (1, 2, 3)]
    else:  # one phone checks in once: the other two items of the batch are feedback
        items = [make(phone, server, "feedback", "before"), make(phone, server, "checkin", ""),
                 make(phone, server, "feedback", "after")]
    assert len(outbox(phone)) == 3

    dying = DiesMidBatch(monkeypatch, batch_size=3)
    server.start()
    phone.evaluate("VeiviserOutbox.sync()")  # all three in one request
    assert dying.died.wait(30), "the batch never reached the server"
    server.stop()
    monkeypatch.undo()
    assert [rows(server, item) for item in items] == [0, 0, 0]  # what was applied was rolled back
    assert len(outbox(phone)) == 3

    start_a_new_process(server)
    phone.evaluate("VeiviserOutbox.sync()")
    sent_once(phone, server, *items)


@contextmanager
def persistent_phone(browser, profile):
    """A phone whose storage (service worker, caches, IndexedDB) is kept on
    disk in ``profile``, as a real browser keeps it across being closed."""
    context = browser.browser_type.launch_persistent_context(
        profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, **PHONE
    )
    try:
        yield context.pages[0] if context.pages else context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("kind", KINDS)
def test_the_browser_is_closed_and_opened_again_while_queued(browser, server, tmp_path, kind):
    profile = tmp_path / "profile"
    with persistent_phone(browser, profile) as page:
        save_for_offline(page, server)
        server.stop()
        item = make(page, server, kind, "closed and opened")
        assert len(outbox(page)) == 1

    server.start()
    with persistent_phone(browser, profile) as page:
        page.goto(server.url + "/en/demo/")  # the outbox sends by itself when a page opens
        sent_once(page, server, item)


@pytest.mark.parametrize("kind", KINDS)
def test_a_service_worker_update_while_queued(phone, server, kind):
    save_for_offline(phone, server)
    server.failing.add(SYNC)
    item = make(phone, server, kind, "update while queued")
    eventually(lambda: tried(phone), "a first try")

    make_a_release(server.app)
    open_app(phone, server.url + "/en/demo/")  # the app-open check tells of the release
    phone.locator("[data-update-banner]").wait_for(state="visible", timeout=30_000)
    with phone.expect_navigation():
        phone.click("[data-update-accept]")  # the new worker takes over and the page reloads
    phone.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    assert release_applied(phone)
    assert [i["state"] for i in outbox(phone)] == ["queued"]  # still there under the new worker

    server.failing.clear()
    phone.evaluate("VeiviserOutbox.sync()")
    sent_once(phone, server, item)


@pytest.mark.parametrize("kind", KINDS)
def test_two_tabs_send_at_the_same_moment(phone, server, kind):
    first, second = phone, phone.context.new_page()
    server.failing.add(SYNC)
    item = make(first, server, kind, "two tabs")
    second.goto(server.url + "/en/demo/")
    second.wait_for_function("window.VeiviserOutbox && VeiviserOutbox.supported")
    eventually(lambda: tried(second), "a first try")
    (waiting,) = outbox(second)  # one outbox for the origin, seen from both tabs
    assert first.evaluate("Boolean(navigator.locks)")

    server.failing.clear()
    at = first.evaluate("Date.now() + 300")
    for tab in (first, second):
        tab.evaluate("(at) => { setTimeout(() => VeiviserOutbox.sync(), at - Date.now()); }", at)
    sent_once(first, server, item)
    assert outbox(second) == []
    # Web Locks: one tab sends while the other waits, then finds nothing left.
    statuses = [r.status for r in carrying(server, waiting["id"])]
    assert statuses.count(200) == 1 and statuses[-1] == 200, statuses
