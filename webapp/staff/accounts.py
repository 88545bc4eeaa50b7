"""Creating and changing staff accounts (CLI, demo seed and admin pages):
the password rule, one-time links to choose a password, ending sessions."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session
from zxcvbn import zxcvbn

from models import STAFF_LANGUAGES, Centre, Role, User
from webapp.staff.passwords import MIN_LENGTH, NO_PASSWORD, hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# zxcvbn's score: 3 is "safely unguessable: moderate protection from an
# offline attack" (about 10^8 guesses or more); "aaaaaaaaaaaa" and
# "password1234" score 0 and 1.
MIN_STRENGTH = 3
PASSWORD_LINK_LIFETIME = dt.timedelta(hours=72)


class AccountError(ValueError):
    """An account change that cannot be made; the message is shown to staff."""


def generate_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, about 96 bits


def check_password(password: str, user: User | None = None, email: str = "") -> None:
    """The one password rule: long enough, and not among the guesses an
    attacker tries first (common passwords, words, keyboard runs, the
    person's own name and address)."""
    if len(password) < MIN_LENGTH:
        raise AccountError(_("The password must be at least %(count)s characters.", count=MIN_LENGTH))
    hints = [email, "veiviser", "mottak"] + ([user.email, user.name] if user else [])
    if zxcvbn(password[:200], user_inputs=[hint for hint in hints if hint])["score"] < MIN_STRENGTH:
        raise AccountError(_("This password is too easy to guess. Try four or five unrelated words."))


def create_user(
    session: Session,
    email: str,
    *,
    role: str,
    password: str | None,
    name: str = "",
    language: str = "en",
    centres: list[Centre] = (),
) -> User:
    """A new account; with ``password=None`` it has none until the person
    chooses one through a link (``issue_password_link``)."""
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(_("This is not an e-mail address."))
    if role not in set(Role):
        raise AccountError(_("Unknown role."))
    if language not in STAFF_LANGUAGES:
        raise AccountError(_("Unknown language."))
    if session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(_("An account with this e-mail address exists already."))
    if password is not None:
        check_password(password, email=email)
    user = User(
        email=email, name=name.strip(), role=role, language=language,
        password_hash=hash_password(password) if password is not None else NO_PASSWORD, active=True,
    )
    user.centres = list(centres)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    """A new password ends every session of the person (a thief's too)."""
    check_password(password, user)
    user.password_hash = hash_password(password)
    user.password_link_hash = user.password_link_expires = None
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Every session cookie issued to this person stops working (their user
    id carries the version: User.get_id)."""
    user.session_version += 1


def issue_password_link(user: User, now: dt.datetime) -> str:
    """A one-time token for ``/staff/password/<token>``, for a new account or
    an administrator's reset. A reset takes away the old password, the second
    step and every session: the account is usable again only through the
    link. Only the token's hash is stored; the administrator sees it once."""
    token = secrets.token_urlsafe(32)
    user.password_link_hash = _token_hash(token)
    user.password_link_expires = now + PASSWORD_LINK_LIFETIME
    user.password_hash = NO_PASSWORD
    user.totp_secret = user.totp_last_step = None
    end_sessions(user)
    return token


def user_for_link(session: Session, token: str, now: dt.datetime) -> User | None:
    """The active account a password link is for, while it is valid."""
    if not token or len(token) > 100:
        return None
    user = session.scalar(select(User).where(User.password_link_hash == _token_hash(token), User.active.is_(True)))
    return user if user is not None and user.password_link_expires > now else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
