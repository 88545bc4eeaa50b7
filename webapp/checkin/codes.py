"""Rotating check-in codes: what the host's screen shows and what the server checks.

A code says "meeting M, time window W", signed by the server::

    <meeting_id>.<window>.<signature>          e.g.  1234.58923412.q1Xb0d7Y2mVv3B

* ``window`` is ``floor(unix seconds / 30)``: the code changes every 30 s.
* ``signature`` is base64url, unpadded, of the first 10 bytes of
  HMAC-SHA256(key, "checkin:v2:<key id>:<meeting_id>:<window>"): 14 characters.
  Those carry 84 bits for 80; the 4 spare bits of the last character hold the
  key id (1-15), so keys can rotate while codes signed with the previous key
  still wait on phones, and the code is no longer than before key ids.
* The keys are the deployment's check-in keys (``CHECKIN_KEYS``, or a file in
  the instance folder), not SECRET_KEY: changing SECRET_KEY (sessions)
  leaves every check-in code valid.

Codes made before key ids existed have key id 0 and were signed over
"checkin:v1:<meeting_id>:<window>" with HMAC-SHA256(SECRET_KEY, "veiviser
checkin codes v1") (:func:`derive_key`): they are still checked with that key,
so a check-in queued across the upgrade counts until SECRET_KEY changes.

The QR shows ``https://<host>/c#<code>``. The code sits in the URL fragment, which
browsers never send, so it never reaches a request log.

Everything here is pure: no Flask, no database, no clock except :func:`current_window`.
The format, sizes and threat model are in docs/checkin.md.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import models.meetings

WINDOW_SECONDS = 30
SIGNATURE_BYTES = 10
SIGNATURE_CHARS = 14  # len(base64url(10 bytes)) without "=" padding
# Both numbers must fit a PostgreSQL BIGINT; anything larger is malformed, not "big".
MAX_NUMBER = 2**63 - 1
# A check-in window longer than this is a data error, not a meeting; refusing it
# keeps codes_for() from building millions of codes for a mistyped date.
MAX_CHECKIN_SPAN = models.meetings.MAX_CHECKIN_SPAN

_KEY_LABEL = b"veiviser checkin codes v1"
_WINDOW = timedelta(seconds=WINDOW_SECONDS)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# [0-9], never \d, str.isdigit() or bare int(): those also accept "١٢٣" (Arabic-Indic digits).
# No leading zeros, so one code has exactly one spelling.
_NUMBER = r"(?:0|[1-9][0-9]{0,18})"
_CODE_RE = re.compile(rf"({_NUMBER})\.({_NUMBER})\.([A-Za-z0-9_-]{{{SIGNATURE_CHARS}}})")
_MAX_CODE_CHARS = 19 + 1 + 19 + 1 + SIGNATURE_CHARS
_BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
LEGACY_KID = 0  # codes from before key ids
MAX_KID = 15  # the 4 spare bits



class CodeError(ValueError):
    """The text is not a well-formed check-in code (says nothing about the signature)."""


class Code(NamedTuple):
    meeting_id: int
    window: int
    signature: str  # the 14 base64url characters, exactly as in the code text (key id included)

    @property
    def text(self) -> str:
        return f"{self.meeting_id}.{self.window}.{self.signature}"

    @property
    def kid(self) -> int:
        return _BASE64URL.index(self.signature[-1]) & MAX_KID


# --- Time windows -------------------------------------------------------------------


def window_at(t: datetime) -> int:
    """The 30-second window containing ``t``: floor(unix seconds / 30).

    ``t`` must be timezone-aware. Window ``w`` is the half-open interval
    [w*30, (w+1)*30) in unix seconds; an instant on a boundary belongs to the later window.
    """
    if t.tzinfo is None or t.utcoffset() is None:
        raise ValueError("check-in times must be timezone-aware (UTC)")
    return (t - _EPOCH) // _WINDOW  # exact integer arithmetic, no float rounding


def window_start(window: int) -> datetime:
    """The UTC instant where ``window`` begins; it ends just before ``window_start(window + 1)``."""
    return _EPOCH + window * _WINDOW


def current_window() -> int:
    return window_at(datetime.now(UTC))


def is_within(window: int, opens: datetime, closes: datetime) -> bool:
    """Whether ``window`` overlaps the meeting's check-in window [opens, closes].

    Exactly: the meeting's interval is closed (both ``opens`` and ``closes`` count) and a
    window is half-open [start, start + 30 s). They overlap iff ``start <= closes`` and
    ``start + 30 s > opens``, i.e. iff ``window_at(opens) <= window <= window_at(closes)``.
    So the window that contains ``opens`` is accepted even though it began before
    ``opens``; a window that ends exactly at ``opens`` is not; a window that begins exactly
    at ``closes`` is accepted; the one after it is not.
    """
    return window_at(opens) <= window <= window_at(closes)


# --- Signing --------------------------------------------------------------------------


def derive_key(secret_key: bytes | str) -> bytes:
    """The code-signing key: HMAC-SHA256(SECRET_KEY, "veiviser checkin codes v1").

    A separate key, so a check-in signature can never be replayed as a session cookie
    or CSRF token signed with SECRET_KEY itself, or the other way round.
    """
    if isinstance(secret_key, str):
        secret_key = secret_key.encode("utf-8")
    if not isinstance(secret_key, bytes) or not secret_key:
        raise ValueError("SECRET_KEY must be a non-empty str or bytes")
    return hmac.new(secret_key, _KEY_LABEL, hashlib.sha256).digest()


def _check_number(name: str, value: object) -> int:
    # bool is an int subclass; True is never a meeting id.
    if type(value) is not int or not 0 <= value <= MAX_NUMBER:
        raise ValueError(f"{name} must be an int between 0 and 2**63 - 1, not {value!r}")
    return value


def _signature(key: bytes, meeting_id: int, window: int, kid: int = LEGACY_KID) -> str:
    label = f"checkin:v2:{kid}" if kid else "checkin:v1"
    message = f"{label}:{meeting_id}:{window}".encode("ascii")
    digest = hmac.new(key, message, hashlib.sha256).digest()[:SIGNATURE_BYTES]
    text = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return text[:-1] + _BASE64URL[_BASE64URL.index(text[-1]) | kid]  # the spare bits are 0 until here


def sign(key: bytes, meeting_id: int, window: int, kid: int = LEGACY_KID) -> str:
    """The code text for ``meeting_id`` in ``window``, signed with the key
    whose id is ``kid``: ``"<meeting_id>.<window>.<signature>"``."""
    _check_number("meeting_id", meeting_id)
    _check_number("window", window)
    if type(kid) is not int or not 0 <= kid <= MAX_KID:
        raise ValueError(f"a key id is a number from 0 to {MAX_KID}, not {kid!r}")
    return Code(meeting_id, window, _signature(key, meeting_id, window, kid)).text


def parse(code_text: str) -> Code:
    """Split a code text into its parts, or raise :class:`CodeError` if it is malformed.

    Well-formed means exactly ``<digits>.<digits>.<14 base64url chars>``: ASCII digits
    without sign or leading zeros and at most 2**63 - 1; a signature in the URL-safe
    alphabet, no padding, that decodes to 10 bytes and, its key id aside, is the
    canonical spelling of them.
    Nothing is stripped or normalised. Parsing does not check the signature: see verify().
    """
    if not isinstance(code_text, str):
        raise CodeError("a check-in code is text")
    if len(code_text) > _MAX_CODE_CHARS:  # before any regex or int() work
        raise CodeError("check-in code is too long")
    match = _CODE_RE.fullmatch(code_text)
    if match is None:
        raise CodeError("not a check-in code")
    meeting_id, window = int(match[1]), int(match[2])
    if meeting_id > MAX_NUMBER or window > MAX_NUMBER:
        raise CodeError("number out of range in check-in code")
    signature = match[3]
    # 14 characters carry 84 bits for 80: the last character's low 4 bits are the key id,
    # and without them the signature must be spelled canonically.
    bare = signature[:-1] + _BASE64URL[_BASE64URL.index(signature[-1]) & ~MAX_KID]
    raw = base64.urlsafe_b64decode(bare + "==")
    if len(raw) != SIGNATURE_BYTES or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != bare:
        raise CodeError("malformed signature in check-in code")
    return Code(meeting_id, window, signature)


def verify(keys: bytes | dict[int, bytes], code: Code) -> bool:
    """Whether ``code``'s signature was made for its meeting and window with
    the key its key id names (``keys``: key id -> key; a bare key is the key
    of codes without a key id).

    Says nothing about *when*: the caller also checks :func:`is_within` for the
    meeting, and that the window is not in the future.
    """
    if not isinstance(code, Code):
        raise TypeError("verify() takes a parsed Code; call parse() first")
    key = (keys if isinstance(keys, dict) else {LEGACY_KID: keys}).get(code.kid)
    if key is None:
        return False
    expected = _signature(key, code.meeting_id, code.window, code.kid)
    return hmac.compare_digest(expected.encode("ascii"), code.signature.encode("ascii"))


def codes_for(
    key: bytes, meeting_id: int, opens: datetime, closes: datetime, kid: int = LEGACY_KID
) -> list[tuple[int, str]]:
    """Every ``(window, code_text)`` whose window overlaps [opens, closes], in order.

    Exactly the windows :func:`is_within` accepts: for a 2 h 45 min check-in window on
    30 s boundaries that is 2*60*2 + 45*2 + 1 = 331 codes (the last begins at ``closes``).
    The display holds them all (fetched in chunks) and keeps rotating if its network drops.
    """
    if closes < opens:
        raise ValueError("check-in closes before it opens")
    if closes - opens > MAX_CHECKIN_SPAN:
        raise ValueError("check-in window longer than 24 hours")
    return [(w, sign(key, meeting_id, w, kid)) for w in range(window_at(opens), window_at(closes) + 1)]


def code_url(base_url: str, code: str) -> str:
    """``<base_url>/c#<code>``; ``base_url`` is scheme and host, without a trailing slash."""
    return f"{base_url}/c#{code}"
