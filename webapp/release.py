"""What a phone's saved copy depends on, besides the page's own URL: the
release (static files, templates, catalogs) and the content version, and the
day (meetings drop off the list at midnight). The page cache and the offline
manifest key what they keep by ``freshness_key``, so neither can serve
something stale, and both agree on when something changed.

The app shell is the static files every page needs, each under a URL that
carries its content hash: a release that changes one file changes one URL,
so a phone downloads that file and copies the others from its previous cache."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app
from sqlalchemy.orm import Session

from models.content_version import current_version
from webapp import clock
from webapp.l10n import CATALOG_DIR
from webapp.templating import static_url

SHELL_FILES = (
    "css/app.css", "js/app.js", "js/outbox.js", "js/phone.js", "js/outbox-status.js", "js/search.js",
    "js/checkin.js", "js/feedback.js", "js/fallback.js", "img/icons.svg", "img/icon.svg",
    "js/notices.js", "js/questions.js",
    "js/places.js",
)
# Parts of the service worker that the server appends to sw.js (one download).
WORKER_PARTS = ("js/sw-push.js",)


def shell_urls() -> list[str]:
    return [static_url(name) for name in SHELL_FILES]


def release_id() -> str:
    """Changes when any shell file, template or catalog changes (pages look
    different after such a release even if no text changed)."""
    digest = hashlib.sha256(_templates_and_catalogs_digest(current_app.root_path).encode())
    for url in shell_urls() + [static_url(name) for name in WORKER_PARTS]:
        digest.update(url.encode())
    return digest.hexdigest()[:12]


@cache
def _templates_and_catalogs_digest(root_path: str) -> str:
    """Templates and catalogs only change with a deploy, which restarts the
    process; static files are looked at every time (see static_url)."""
    digest = hashlib.sha256()
    for folder, pattern in (
        (Path(root_path) / "templates", "**/*.html"),
        (CATALOG_DIR, "*/LC_MESSAGES/*.po"),
    ):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def freshness_key(session: Session) -> tuple:
    """(content version, release, centre day): a resident page or a manifest
    made under one key is exactly what any worker would make under it."""
    return current_version(session), release_id(), clock.centre_today()
