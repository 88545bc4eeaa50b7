"""The published snapshot on disk (``PUBLISHED_DIR``, by default
``instance/published``):

    site/<lang>/<centre>/pages/frikort.html (+ .html.gz)   what nginx serves
    state/<edition>-<centre>.json                          what is published
    packs/<edition>-<centre>/base-<seq>.json.gz, delta-<from>-<to>.json.gz
    editions/<edition>/<lang>/<centre>/...                 pages in a reader's own order

An edition is a language (``ar``), or a language in a reader's own order of
languages for pages it lacks (``ckb+fa.en``: webapp/l10n/fallbacks.py);
an edition other than a language is published only once a phone asks for it.

A language is published per centre, with its own sequence number ``seq``
that goes up only when something a phone keeps in that language changed, and
a log of which URLs each number changed: a phone holding number n downloads
what the log says changed after n. Every write goes to a new file renamed
over the old one, so a reader (nginx, another worker) sees the old file or
the new one, never half of one."""
from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

LOG_LENGTH = 200  # publications a phone may be behind and still get a delta


def root() -> Path:
    configured = current_app.config.get("PUBLISHED_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "published"


def edition_name(lang: str, also) -> str:
    return f"{lang}+{'.'.join(also)}" if also else lang


def database_tag() -> str:
    """The database the snapshot was published from (its URL without the
    password, hashed): pointed at another database, everything is published again."""
    url = make_url(current_app.config["DATABASE_URL"]).render_as_string(hide_password=True)
    return hashlib.sha256(url.encode()).hexdigest()[:12]


def page_file(url: str, also=(), folder: Path | None = None) -> Path:
    """/ar/demo/ → site/ar/demo/index.html; /ar/demo/help → site/ar/demo/help.html;
    /ar/demo/notices.json → site/ar/demo/notices.json
    (nginx: try_files /site$uri.html /site${uri}index.html /site$uri)."""
    path = url.lstrip("/")
    if path.endswith("/") or not path:
        name = path + "index.html"
    else:
        name = path if media_type(url) != "text/html" else path + ".html"
    base = (folder or root()) / ("site" if not also else f"editions/{edition_name('', also)}")
    return base / name


def media_type(url: str) -> str:
    """What a published URL holds: a page, unless its name says otherwise."""
    return "application/json" if url.endswith(".json") else "text/html"


def gzipped(path: Path) -> Path:
    return path.with_name(path.name + ".gz")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def write_page(url: str, body: bytes, also=()) -> None:
    path = page_file(url, also)
    write_atomic(gzipped(path), compress(body))  # first: nginx's gzip_static prefers it
    write_atomic(path, body)


def read_page(url: str, also=()) -> bytes | None:
    try:
        return page_file(url, also).read_bytes()
    except FileNotFoundError:
        return None


def remove_page(url: str, also=()) -> None:
    path = page_file(url, also)
    for file in (path, gzipped(path)):
        file.unlink(missing_ok=True)


@contextmanager
def publishing_lock():
    """One publisher at a time, across workers and processes."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class LanguageState:
    """What is published of one language at one centre."""

    lang: str
    centre: str
    also: list[str] = field(default_factory=list)  # the reader's own order (an edition), or none
    version: int = -1  # the content version it was published at
    database: str = ""  # which database (database_tag): another one's versions mean nothing here
    release: str = ""
    day: str = ""
    seq: int = 0
    urls: dict[str, dict] = field(default_factory=dict)  # url → {"h": hash, "t": topic, "m": media}
    log: list[list] = field(default_factory=list)  # [seq, changed urls, removed urls], oldest first
    base: int | None = None  # the seq of the newest base pack on disk
    # What each page's entry in its topic's list showed (a hash), so that an
    # edit that leaves title and summary alone does not render the list again.
    listed: dict[str, str] = field(default_factory=dict)

    @property
    def edition(self) -> str:
        return edition_name(self.lang, self.also)

    def is_current(self, key: tuple) -> bool:
        version, release, day = key
        return (self.version, self.release, self.day, self.database) == (
            version, release, day.isoformat(), database_tag()
        )

    def note(self, changed: list[str], removed: list[str]) -> None:
        self.seq += 1
        self.log.append([self.seq, changed, removed])
        del self.log[:-LOG_LENGTH]

    def changes_since(self, seq: int) -> tuple[set[str], set[str]] | None:
        """What changed after publication ``seq`` (None: the log no longer reaches back that far)."""
        if seq > self.seq or (self.log and seq < self.log[0][0] - 1) or (not self.log and seq != self.seq):
            return None
        changed: set[str] = set()
        removed: set[str] = set()
        for number, urls, gone in self.log:
            if number > seq:
                changed.update(urls)
                changed.difference_update(gone)
                removed.update(gone)
                removed.difference_update(urls)
        return changed & set(self.urls), removed


def state_file(lang: str, centre: str, also=()) -> Path:
    return root() / "state" / f"{edition_name(lang, also)}-{centre}.json"


def load_state(lang: str, centre: str, also=()) -> LanguageState | None:
    """A fresh copy, for the publisher to change."""
    try:
        return LanguageState(**json.loads(state_file(lang, centre, also).read_bytes()))
    except FileNotFoundError:
        return None


_parsed: dict[Path, tuple[tuple, LanguageState]] = {}


def peek_state(lang: str, centre: str, also=()) -> LanguageState | None:
    """The published state, read-only: read on every request, so parsed once per change."""
    path = state_file(lang, centre, also)
    try:
        info = path.stat()
        stamp = (info.st_ino, info.st_mtime_ns)
    except FileNotFoundError:
        return None
    known = _parsed.get(path)
    if known is None or known[0] != stamp:
        state = load_state(lang, centre, also)
        if state is None:
            return None
        known = _parsed[path] = (stamp, state)
    return known[1]


def save_state(state: LanguageState) -> None:
    # Not dataclasses.asdict: it deep-copies every entry first (80 ms at 1,000 pages).
    fields_ = {f.name: getattr(state, f.name) for f in fields(state)}
    data = json.dumps(fields_, ensure_ascii=False, separators=(",", ":")).encode()
    write_atomic(state_file(state.lang, state.centre, state.also), data)


def published_editions() -> list[tuple[str, str, tuple[str, ...]]]:
    """(language, centre slug, the reader's order) of every published edition."""
    folder = root() / "state"
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        edition, centre = path.stem.split("-", 1)  # language codes have no "-"
        lang, _, also = edition.partition("+")
        found.append((lang, centre, tuple(also.split(".")) if also else ()))
    return found
