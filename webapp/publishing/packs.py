"""Content packs: a language's pages in one download.

A phone holding nothing asks for the base pack (every page of a language at
one publication, one gzip stream: the shared header and footer of every page
compress to almost nothing), then for what changed since (a delta); a phone
holding publication n asks for the delta since n, which is one page's bytes
when one page changed. Both are immutable files on disk, made once.

A pack is one line of JSON, then the pages one after the other, as they are
(JSON would escape every quote of their HTML):

    {"v": seq, "release": "...", "full": true|false,
     "urls": {url: {"h": hash, "t": topic, "m": [media]}},   (full: all; delta: the changed)
     "removed": [url, ...], "lengths": [each page's length in UTF-16 code units]}\n
    <page><page>...   (in the order of "urls")
"""
from __future__ import annotations

import json
from pathlib import Path

from webapp.publishing import snapshot

# A base pack is made again when a delta from it would carry more than this
# share of the pages: a new phone then never downloads much twice.
REBASE_SHARE = 0.25


def folder(state) -> Path:
    return snapshot.root() / "packs" / f"{state.edition}-{state.centre}"


def base_file(state, seq: int) -> Path:
    return folder(state) / f"base-{seq}.json.gz"


def delta_file(state, since: int) -> Path:
    return folder(state) / f"delta-{since}-{state.seq}.json.gz"


def refresh(state) -> None:
    """After publishing: deltas to an older publication are of no use any
    more; a base pack that is missing or too far behind is made again."""
    if folder(state).is_dir():
        for old in folder(state).glob("delta-*"):
            if not old.name.endswith(f"-{state.seq}.json.gz"):
                old.unlink(missing_ok=True)
    if _needs_new_base(state):
        _write(base_file(state, state.seq), state, set(state.urls), set(), full=True)
        for old in folder(state).glob("base-*"):
            if old != base_file(state, state.seq):
                old.unlink(missing_ok=True)
        state.base = state.seq


def _needs_new_base(state) -> bool:
    if state.base is None or not base_file(state, state.base).exists():
        return True
    since_base = state.changes_since(state.base)
    if since_base is None:
        return True
    changed, removed = since_base
    return len(changed) + len(removed) > REBASE_SHARE * max(len(state.urls), 1)


def pack_for(state, since: int | None) -> Path | None:
    """The file that brings a phone holding publication ``since`` (None:
    nothing) forward; None when it is up to date. Call under no lock: files
    are only ever added, and a delta is written atomically."""
    if since == state.seq:
        return None
    changes = state.changes_since(since) if since is not None else None
    if changes is None or len(changes[0]) > len(state.urls) / 2:
        return base_file(state, state.base)  # the phone then asks for what changed since the base
    path = delta_file(state, since)
    if not path.exists():
        changed, removed = changes
        _write(path, state, changed, removed, full=False)
    return path


def _write(path: Path, state, urls: set[str], removed: set[str], *, full: bool) -> None:
    pages = {url: body.decode() for url in sorted(urls) if (body := snapshot.read_page(url, state.also)) is not None}
    head = {
        "v": state.seq,
        "release": state.release,
        "full": full,
        "urls": {url: state.urls[url] for url in pages},
        "removed": sorted(removed),
        # Each page's length as JavaScript counts it (UTF-16), in the order of "urls".
        "lengths": [len(text.encode("utf-16-le")) // 2 for text in pages.values()],
    }
    data = json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n" + "".join(pages.values())
    snapshot.write_atomic(path, snapshot.compress(data.encode()))


def read(data: bytes) -> dict:
    """A pack as the phone reads it (for tests and benchmarks): the head, and
    "pages" as {url: html}."""
    line, _, rest = data.decode().partition("\n")
    head = json.loads(line)
    units = rest.encode("utf-16-le")
    head["pages"], offset = {}, 0
    for url, length in zip(head["urls"], head["lengths"], strict=True):
        head["pages"][url] = units[2 * offset:2 * (offset + length)].decode("utf-16-le")
        offset += length
    return head
