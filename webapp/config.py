"""Configuration from environment variables, with safe defaults.

Every variable is documented in the README ("Configuration").
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from webapp.l10n.languages import LANGUAGES


def default_database_url(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "veiviser.db")


def load_secret_key(instance_path: str) -> str:
    """``SECRET_KEY`` from the environment, else one generated once into the
    instance folder (never committed; ``instance/`` is git-ignored)."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = Path(instance_path) / "secret_key"
    _write_once(key_file, secrets.token_hex(32))
    return key_file.read_text().strip()


CHECKIN_KEYS_FILE = "checkin_keys"


def load_checkin_keys(instance_path: str) -> dict[int, bytes]:
    """The keys that sign check-in codes, newest first, by key id (1-15):
    ``CHECKIN_KEYS`` ("2:<hex> 1:<hex>"), else the file ``checkin_keys`` in
    the instance folder, made once with one random key (mode 600). Separate
    from SECRET_KEY, so that changing one never invalidates the other."""
    raw = os.environ.get("CHECKIN_KEYS", "").replace(":", " ")
    if not raw:
        path = Path(instance_path) / CHECKIN_KEYS_FILE
        _write_once(path, "1 " + secrets.token_hex(32) + "\n")
        raw = path.read_text()
    words = raw.split()
    try:
        keys = {int(kid): bytes.fromhex(key) for kid, key in zip(words[::2], words[1::2], strict=True)}
    except ValueError:
        keys = {}
    if not keys or not all(1 <= kid <= 15 for kid in keys):
        raise ValueError("check-in keys must be pairs of a key id (1-15) and a key in hex")
    return keys


def _write_once(path: Path, text: str) -> None:
    """Write ``path`` (mode 600) unless it exists; two workers starting at
    once must not write two different files."""
    if path.exists():
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as f:
        f.write(text)


def budgets_from_env() -> dict[str, tuple[float, float]]:
    """SYNC_BUDGETS="sync=600/10 open=60/0.05 meeting=300/1": a bucket kind's
    capacity and refill per second (webapp/api/budget.py has the defaults)."""
    budgets = {}
    for part in os.environ.get("SYNC_BUDGETS", "").split():
        kind, _, sizes = part.partition("=")
        capacity, _, per_second = sizes.partition("/")
        budgets[kind] = (float(capacity), float(per_second))
    return budgets


def enabled_languages_from_env() -> list[str]:
    raw = os.environ.get("ENABLED_LANGUAGES", "")
    codes = [code for code in raw.replace(",", " ").split() if code in LANGUAGES]
    return codes or list(LANGUAGES)


def from_environment(instance_path: str) -> dict:
    # The instance folder holds the keys, the default database and uploads:
    # only the app's own user may read it.
    Path(instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(instance_path, 0o700)
    return {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or default_database_url(instance_path),
        "SECRET_KEY": load_secret_key(instance_path),
        # The published snapshot (webapp/publishing); nginx reads it (docs/deploy.md).
        "PUBLISHED_DIR": os.environ.get("PUBLISHED_DIR") or None,
        "CHECKIN_KEYS": load_checkin_keys(instance_path),
        "BUDGETS": budgets_from_env(),
        # How many reverse proxies stand in front of the app (0: none; 1 for the
        # README's nginx): their X-Forwarded-* headers are then believed.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "ENABLED_LANGUAGES": enabled_languages_from_env(),
        # The centre a bare language link (/<lang>/) opens when there is only
        # one, or when the operator wants one preselected.
        "DEFAULT_CENTRE": os.environ.get("DEFAULT_CENTRE", ""),
        # Staff session cookies go over HTTPS only, unless explicitly turned
        # off for plain-HTTP development (`make run` does that on 127.0.0.1).
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "1") == "1",
        # Feedback on a meeting, and check-ins from phones that were offline,
        # are taken until this many days after it ends; then `flask purge`
        # deletes its check-in pseudonyms and feedback receipts.
        "FEEDBACK_WINDOW_DAYS": int(os.environ.get("FEEDBACK_WINDOW_DAYS", "14")),
        # `flask purge` deletes sync receipts older than this: an item sent
        # again within it is recognised (exactly once), later it is not.
        "RECEIPT_RETENTION_DAYS": int(os.environ.get("RECEIPT_RETENTION_DAYS", "90")),
        # `flask purge` deletes the words of feedback (comments, topic wishes)
        # older than this; the ratings and answers stay, so counts stay.
        "COMMENT_RETENTION_MONTHS": int(os.environ.get("COMMENT_RETENTION_MONTHS", "12")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",  # centre time, for meeting times
        # gzip only: every phone browser speaks it, and it needs no extra library.
        "COMPRESS_ALGORITHM": ["gzip"],
        "COMPRESS_MIMETYPES": [
            "text/html", "text/css", "text/javascript", "application/javascript",
            "application/json", "application/manifest+json", "image/svg+xml",
        ],
        "COMPRESS_MIN_SIZE": 256,
        "COMPRESS_LEVEL": 9,  # pages are small: the extra CPU is nothing, the saved bytes are the phone's
    }
