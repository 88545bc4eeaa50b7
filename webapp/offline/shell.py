"""The app shell: the static files every page needs, each under a URL that
carries its content hash. The service worker gets this list prepended to
``static/sw.js``; a release that changes one file changes one URL, so the
phone downloads that file and copies the others from its previous cache."""
from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import current_app

from webapp.templating import static_url

SHELL_FILES = (
    "css/app.css", "js/app.js", "js/outbox.js", "js/phone.js", "js/outbox-status.js", "js/search.js",
    "js/checkin.js", "js/feedback.js", "img/icons.svg", "img/icon.svg",
)


def shell_urls() -> list[str]:
    return [static_url(name) for name in SHELL_FILES]


def release_id() -> str:
    """Changes when any shell file, template or catalog changes (pages look
    different after such a release even if no text changed)."""
    digest = hashlib.sha256(_templates_and_catalogs_digest(current_app.root_path).encode())
    for url in shell_urls():
        digest.update(url.encode())
    return digest.hexdigest()[:12]


@cache
def _templates_and_catalogs_digest(root_path: str) -> str:
    """Templates and catalogs only change with a deploy, which restarts the
    process; static files are looked at every time (see static_url)."""
    digest = hashlib.sha256()
    for folder, pattern in (
        (Path(root_path) / "templates", "**/*.html"),
        (Path(root_path).parent / "i18n", "*/LC_MESSAGES/*.mo"),
    ):
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def service_worker_source() -> str:
    shell = {"release": release_id(), "files": shell_urls()}
    worker = Path(current_app.static_folder, "sw.js").read_text(encoding="utf-8")
    return f"self.SHELL = {json.dumps(shell)};\n{worker}"
