"""The optional second step at sign-in: a six-digit code from an
authenticator app (TOTP, RFC 6238, with pyotp), for administrators and
nurses, who can change what residents read."""
from __future__ import annotations

import datetime as dt
import hmac

import pyotp
from flask_babel import gettext as _

from models import User
from webapp import qr
from webapp.staff.access import EDITORS

ROLES = EDITORS  # who may turn it on
ISSUER = "Veiviser"
# How long after the password the code may be typed.
PENDING_FOR = dt.timedelta(minutes=5)


def offered_to(user: User) -> bool:
    return user.role in ROLES


def new_secret() -> str:
    return pyotp.random_base32()


def setup_qr(user: User, secret: str) -> str:
    """The QR an authenticator app scans to learn the secret (inline SVG)."""
    return qr.svg(pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER))


def matching_step(secret: str, code: str, now: dt.datetime, used_up_to: int | None = None) -> int | None:
    """The time step ``code`` belongs to (now, or 30 seconds either side for a
    slow hand or clock), if it is right and newer than the last one used."""
    code = "".join(code.split())
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    for offset in (0, -1, 1):
        step = totp.timecode(now) + offset
        if hmac.compare_digest(totp.at(now, counter_offset=offset), code):
            return step if used_up_to is None or step > used_up_to else None
    return None


def wrong_code() -> str:
    return _("That code is not right. Type the code your app shows now.")
