"""A real HTTP server for browser tests, benchmarks and screenshots: the app on
its own freshly migrated and seeded SQLite database, in a background thread,
with a log of every request it answered. It can be stopped and started again
on the same port (the same origin, so the phone's saved copies still apply)."""
from __future__ import annotations

import atexit
import io
import os
import shutil
import socket
import sqlite3
import tempfile
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from models import Meeting, migrate
from models.db import make_engine
from webapp import create_app
from webapp.demo.seed import seed_demo, seed_demo_meetings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The phone says "available offline" only once every page is really saved.
OFFLINE_READY = '[data-offline-status] [data-state="ready"]:not([hidden])'
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def screenshot(page, name: str) -> None:
    """Re-take a README picture, only under ``make screenshots`` (not on every test run)."""
    if os.environ.get("VEIVISER_SCREENSHOTS"):
        page.screenshot(path=SCREENSHOTS / name)


def eventually(condition, what: str | None = None, timeout: float = 30.0, every: float = 0.1) -> None:
    """Wait until ``condition()`` is true (polling: for what no event tells),
    or fail saying ``what`` never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what or getattr(condition, 'what', 'a condition')}")
        time.sleep(every)


def open_app(page, url: str) -> None:
    """The resident opens the app again later: a new visit, not a tap within
    one (app.js asks whether anything changed once per visit)."""
    page.evaluate("sessionStorage.clear()")
    page.goto(url)


def on_page(page, script: str):
    """A condition for ``eventually``: ``script``, run in the page, is true.
    (evaluate awaits a promise; wait_for_function would take the promise
    itself as "true".)"""

    def check():
        return page.evaluate(script)

    check.what = script
    return check


def wait_until_outbox_empty(page, timeout: float = 30.0) -> None:
    """Until the phone's outbox has sent everything."""
    eventually(on_page(page, "VeiviserOutbox.items().then((all) => all.length === 0)"), "an empty outbox", timeout)


def make_a_release(app) -> None:
    """A new release of the app files: app.css changes (the app must have its own static files)."""
    with open(app.static_folder + "/css/app.css", "a", encoding="utf-8") as css:
        css.write("\n.release-marker { color: #010203; }\n")


def release_applied(page) -> bool:
    """Whether the page is styled by the release ``make_a_release`` made."""
    return page.evaluate(
        "() => { const el = document.createElement('p'); el.className = 'release-marker';"
        " document.body.append(el); return getComputedStyle(el).color === 'rgb(1, 2, 3)'; }"
    )


def database(app) -> Session:
    """A session on a live app's database, for a test to change data behind its back."""
    engines = app.extensions.setdefault("test_engines", [])
    if not engines:
        engines.append(make_engine(app.config["DATABASE_URL"]))
    return Session(engines[0])


def meeting_in_progress(session: Session) -> int:
    """The demo meeting whose check-in is open now (seed_demo_meetings makes one)."""
    now = time.time()
    return next(
        m.id for m in session.scalars(select(Meeting))
        if m.checkin_opens.timestamp() <= now <= m.checkin_closes.timestamp()
    )


def migrate_and_seed(url: str) -> None:
    """Bring an empty database to the newest schema and load the demo content."""
    migrate.upgrade(url)
    seed(url)


def seed(url: str) -> None:
    """The demo content and meetings, in one transaction."""
    engine = make_engine(url)
    with Session(engine) as session:
        seed_demo(session)
        seed_demo_meetings(session)
        session.commit()
    engine.dispose()


_migrated: dict[str, Path] = {}  # this process's empty SQLite database at the newest schema


def migrate_and_seed_sqlite(path: Path) -> str:
    """migrate_and_seed for a new SQLite database at ``path``. The migrated
    empty database is made once per process and copied (running every
    migration again costs about a second of writes and fsyncs per server);
    the seeding runs on the copy as it always did."""
    if "schema" not in _migrated:
        folder = Path(tempfile.mkdtemp(prefix="veiviser-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        migrate.upgrade(f"sqlite:///{folder / 'migrated.db'}")
        _migrated["schema"] = folder / "migrated.db"
    with closing(sqlite3.connect(_migrated["schema"])) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)  # a consistent copy, whatever a -wal file holds
    url = f"sqlite:///{path}"
    seed(url)
    return url


def seeded_app(folder: Path, own_static: bool = False):
    """The app on a new seeded database in ``folder``. ``own_static`` gives it
    a copy of the static files, so that a test can make a "release"."""
    url = migrate_and_seed_sqlite(folder / "live.db")
    app = create_app(
        {"DATABASE_URL": url, "SECRET_KEY": "live-test", "SESSION_COOKIE_SECURE": False},  # plain HTTP here
        instance_path=str(folder),
    )
    if own_static:
        static = folder / "static"
        shutil.copytree(app.static_folder, static)
        app.static_folder = str(static)
    return app


@dataclass
class Logged:
    method: str
    path: str  # with the query string
    status: int
    bytes_sent: int  # body bytes as sent (compressed when compressed)
    body: bytes = b""  # the request's body, for paths in LiveServer.keep_bodies
    dropped: bool = False  # the app answered, but the connection was cut before any of it was sent


class LiveServer:
    def __init__(self, app, port: int = 0):
        self.app = app
        self.log: list[Logged] = []
        self.failing: set[str] = set()  # paths that answer 503, to play a broken server
        self.fail_next: dict[str, int] = {}  # path -> how many of its next requests answer 500
        # Paths whose requests the app carries out (and commits) but whose answer
        # never leaves: the connection is cut first, so the client sees a network error.
        self.drop_answer: set[str] = set()
        self.keep_bodies: set[str] = set()  # paths whose request bodies go in the log
        self.stall_seconds = 0.0  # every answer waits this long first: stalled Wi-Fi
        self.last_request_at = 0.0  # time.monotonic() when the newest request came in
        self._lock = threading.Lock()
        self._port = port
        self._server = None
        self._thread = None

    def _logging_app(self, environ, start_response):
        record = Logged(environ["REQUEST_METHOD"], environ["PATH_INFO"], 0, 0)
        if environ.get("QUERY_STRING"):
            record.path += "?" + environ["QUERY_STRING"]

        def start(status, headers, exc_info=None):
            record.status = int(status.split()[0])
            return start_response(status, headers, exc_info)

        path = environ["PATH_INFO"]
        if path in self.keep_bodies:
            record.body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(record.body)
        self.log.append(record)  # now, not at the end: tests read it as soon as a page has arrived
        self.last_request_at = time.monotonic()
        if self.stall_seconds:
            time.sleep(self.stall_seconds)
        if path in self.failing:
            start("503 Service Unavailable", [("Content-Type", "text/plain")])
            yield b"unavailable"
            return
        with self._lock:
            error = self.fail_next.get(path, 0) > 0
            if error:
                self.fail_next[path] -= 1
        if error:
            start("500 Internal Server Error", [("Content-Type", "text/plain")])
            yield b"error"
            return
        if path in self.drop_answer:
            self._answer_lost(environ, record)
        for chunk in self.app(environ, start):
            record.bytes_sent += len(chunk)
            yield chunk

    def _answer_lost(self, environ, record: Logged) -> None:
        """Run the app to the end (what it stores is committed), then cut the
        connection before a byte of its answer is written: to the client the
        server vanished after doing the work."""

        def start(status, headers, exc_info=None):
            record.status = int(status.split()[0])
            return lambda data: None

        answer = self.app(environ, start)
        try:
            for _chunk in answer:
                pass
        finally:
            if hasattr(answer, "close"):
                answer.close()
        record.dropped = True
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)
        # Werkzeug takes this for a client that went away: it writes nothing and logs nothing.
        raise ConnectionAbortedError("the answer was dropped on purpose")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> LiveServer:
        self._server = make_server("127.0.0.1", self._port, self._logging_app, threaded=True)
        self._port = self._server.server_port
        # serve_forever notices a shutdown only between polls: 0.5 s by default,
        # paid at every stop; 0.05 s costs no more CPU worth counting.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def wait_until_quiet(self, seconds: float = 1.0, timeout: float = 30.0) -> None:
        """Wait until no request has come in for ``seconds`` since this call or
        since the newest request, whichever is later (the phone has finished
        what it was doing in the background). Polled finely, so a request in
        the window costs ``seconds`` from that request, not a whole new window."""
        called = time.monotonic()
        deadline = called + timeout
        while (now := time.monotonic()) < deadline:
            if now - max(called, self.last_request_at) >= seconds:
                return
            time.sleep(0.05)
        raise TimeoutError("the server never became quiet")

    def paths(self, method: str = "GET") -> list[str]:
        return [r.path for r in self.log if r.method == method]


@contextmanager
def running(app):
    """Serve ``app`` on a free port of 127.0.0.1; yields the base URL."""
    server = LiveServer(app).start()
    try:
        yield server.url
    finally:
        server.stop()
