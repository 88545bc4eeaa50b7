"""Creating and changing staff accounts (CLI, demo seed and admin pages)."""
from __future__ import annotations

import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import STAFF_LANGUAGES, Centre, Role, User
from webapp.staff.passwords import MIN_LENGTH, hash_password

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AccountError(ValueError):
    """An account change that cannot be made; the message is shown to staff."""


def generate_password() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, about 96 bits


def check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise AccountError(_("The password must be at least %(count)s characters.", count=MIN_LENGTH))


def create_user(
    session: Session,
    email: str,
    *,
    role: str,
    password: str,
    name: str = "",
    language: str = "en",
    centres: list[Centre] = (),
) -> User:
    email = email.strip().lower()
    if not EMAIL.match(email):
        raise AccountError(_("This is not an e-mail address."))
    if role not in set(Role):
        raise AccountError(_("Unknown role."))
    if language not in STAFF_LANGUAGES:
        raise AccountError(_("Unknown language."))
    if session.scalar(select(User.id).where(User.email == email)):
        raise AccountError(_("An account with this e-mail address exists already."))
    check_password(password)
    user = User(
        email=email, name=name.strip(), role=role, language=language,
        password_hash=hash_password(password), active=True,
    )
    user.centres = list(centres)
    session.add(user)
    session.flush()
    return user


def set_password(user: User, password: str) -> None:
    check_password(password)
    user.password_hash = hash_password(password)
