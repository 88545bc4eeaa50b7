"""How much anyone may send without an account: token buckets that name a
kind of sending, never a sender (no address, no device: docs/design.md,
rule 2). A request that would overdraw a bucket gets 429 with Retry-After
and nothing of it is applied; the phone's outbox waits that long and sends
again, so nothing is lost. docs/robustness.md has the figures.

Buckets (capacity, refill):
- ``sync``: every item from anyone: 600, 10 a second. Keeps the server
  itself serving staff and residents under a flood.
- ``open:<centre>``: feedback on info pages and on the centre, which anyone
  can send with no proof of anything: 60 per centre, then 1 every 20
  seconds (180 an hour). A flood stores a few dozen rows, not thousands.
- ``meeting:<id>``: check-ins and feedback at one meeting (they need its
  code): 300, 1 a second. A room checks in within minutes.
- ``ask:<centre>``: questions to the nurse (webapp/questions): 30 per
  centre, then 1 every 2 minutes (30 an hour): what one nurse can read.
- ``claims``: claim checks for answers, from every phone together: 300
  requests, then 5 a second (each carries a fixed number of codes).
- ``push:<centre>``: push subscriptions made or renewed (webapp/push): 100
  per centre, then 1 every 30 seconds.

Checking is two steps: a read that refuses a flood without taking any lock
(on SQLite, refused requests never wait for the write lock), then a short
transaction that takes the tokens, committed before the items are applied.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from models import Centre, Meeting, limits
from models.db import load_once_by
from webapp.buckets import Bucket, Buckets
from webapp.places.centres import SLUG

BUCKETS = Buckets(
    sync=Bucket(capacity=600, per_second=10),
    open=Bucket(capacity=60, per_second=1 / 20),
    meeting=Bucket(capacity=300, per_second=1),
    ask=Bucket(capacity=30, per_second=1 / 120),
    claims=Bucket(capacity=300, per_second=5),
    push=Bucket(capacity=100, per_second=1 / 30),
)


def costs(session: Session, raw_items: list[dict]) -> Counter:
    """Tokens a request needs, by bucket key, from its items as sent. Only
    centres and meetings that exist get buckets of their own (anything made
    up shares one), so nobody can fill the table with keys."""
    wanted = [(item["type"], item["body"]) for item in raw_items]
    meetings = {_meeting_of(kind, body) for kind, body in wanted} - {None}
    # Loaded whole: the items' own checks find them in the session then, without a query.
    known_meetings = set(load_once_by(session, Meeting, Meeting.id, meetings))
    named = {body.get("centre") for kind, body in wanted if kind in ("feedback", "question")}
    # Only what could be a slug is looked up: anything else names no centre, and not every
    # string can even be sent to the database (a lone surrogate, a NUL).
    slugs = {name for name in named if isinstance(name, str) and len(name) <= limits.SLUG and SLUG.match(name)}
    known_centres = load_once_by(session, Centre, Centre.slug, slugs)
    needed = Counter()
    for kind, body in wanted:
        needed["sync"] += 1
        meeting = _meeting_of(kind, body)
        if meeting is not None or kind == "checkin":
            needed[f"meeting:{meeting if meeting in known_meetings else '?'}"] += 1
        elif kind in ("feedback", "question"):
            centre = body.get("centre")  # as sent: may be anything until the item is loaded
            bucket = "open" if kind == "feedback" else "ask"
            needed[f"{bucket}:{centre if isinstance(centre, str) and centre in known_centres else '?'}"] += 1
    return needed


def _meeting_of(kind: str, body: dict) -> int | None:
    """The meeting an item is for, as sent, if it is an id a meeting can have
    (anything else would fail the query before the item's schema refuses it)."""
    meeting = None
    if kind == "checkin":
        head = body.get("code").split(".", 1)[0] if isinstance(body.get("code"), str) else ""
        meeting = int(head) if head.isascii() and head.isdigit() and len(head) <= 18 else None
    elif kind == "feedback" and body.get("target") == "meeting" and type(body.get("meeting")) is int:
        meeting = body["meeting"]
    return meeting if meeting is not None and 0 < meeting <= limits.MAX_ID else None
