"""How fast a password may be tried, without ever locking the owner out.

Three things are counted, each in a token bucket (webapp/buckets.py) whose
key is a keyed hash, never an address or an e-mail in the clear:

- ``pair``: one account from one address: 5 tries, then 1 a minute. Slows
  someone guessing from one place; nobody else notices.
- ``address``: one address, all accounts: 100 tries, then 1 every 9 seconds
  (400 an hour). Generous, because a whole centre can sit behind one address
  (set TRUSTED_PROXIES so that the proxy's own address is not the one seen).
- ``account``: one account from browsers it has never signed in on: 10
  tries, then 1 every 30 seconds (120 an hour). Slows guessing spread over
  many addresses.

A browser that signed in to an account before carries a signed cookie
saying so (a "known browser", OWASP's device cookie). Its tries on that
account count only against its own bucket (``device``: 5, then 1 a minute),
so the owner signs in at once even while strangers exhaust the ``account``
and ``address`` buckets. From a new browser during such an attack the owner
waits at most 30 seconds after it stops. A try takes its tokens before the
password is checked, and a right password gives them back.
docs/robustness.md has the reasoning and the figures.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webapp.buckets import Bucket, Buckets

BUCKETS = Buckets(
    pair=Bucket(capacity=5, per_second=1 / 60),
    address=Bucket(capacity=100, per_second=1 / 9),
    account=Bucket(capacity=10, per_second=1 / 30),
    device=Bucket(capacity=5, per_second=1 / 60),
    code=Bucket(capacity=5, per_second=1 / 60),  # second-step codes for one account
)
KNOWN_BROWSER_COOKIE = "veiviser_known"
KNOWN_BROWSER_DAYS = 180


def tries(email: str, address: str, known_browser: str | None) -> dict[str, int]:
    """The buckets one password try takes a token from."""
    if known_browser:
        return {f"device:{_key(known_browser)}": 1}
    return {
        f"pair:{_key(email + ' ' + address)}": 1,
        f"address:{_key(address)}": 1,
        f"account:{_key(email)}": 1,
    }


def code_tries(user_id: int) -> dict[str, int]:
    """The bucket one second-step code try takes a token from."""
    return {f"code:{_key(str(user_id))}": 1}


def _key(value: str) -> str:
    """A keyed hash: a copy of the database alone cannot turn it back into an
    address (an unkeyed hash of an IPv4 address falls to trying all 2**32)."""
    secret = hmac.new(current_app.config["SECRET_KEY"].encode(), b"veiviser login throttle", hashlib.sha256).digest()
    return hmac.new(secret, value.strip().lower().encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


# --- Known browsers ---------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="veiviser known browser")


def new_known_browser(user_id: int) -> str:
    """The cookie's value after a sign-in: the account and a random name for this browser."""
    return _serializer().dumps({"user": user_id, "browser": secrets.token_urlsafe(16)})


def known_browser(cookie: str | None, user_id: int | None) -> str | None:
    """This browser's name if its cookie is genuine, recent and for this account."""
    if not cookie or user_id is None:
        return None
    try:
        value = _serializer().loads(cookie, max_age=KNOWN_BROWSER_DAYS * 86400)
    except BadSignature:
        return None
    ok = isinstance(value, dict) and value.get("user") == user_id and isinstance(value.get("browser"), str)
    return value["browser"] if ok else None
