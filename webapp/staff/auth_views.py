"""Signing in and out."""
from __future__ import annotations

from flask import redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from models import User
from webapp import db
from webapp.staff import audit, ratelimit
from webapp.staff.access import EVERY_ROLE, public, requires
from webapp.staff.forms import safe_next
from webapp.staff.passwords import hash_password, needs_rehash, verify_password

# Verifying against this when the account does not exist takes as long as a real
# check, so response times do not tell which e-mail addresses have accounts.
_NO_SUCH_USER = hash_password("no such user")


@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    if request.method == "GET":
        return render_template("staff/login.html")

    email = request.form.get("email", "").strip().lower()[:254]
    password = request.form.get("password", "")[:1024]
    client = request.remote_addr or "unknown"
    db_session = db.session()
    if ratelimit.is_blocked(db_session, email, client):
        error = _("Too many failed attempts. Wait 15 minutes and try again, or ask an administrator.")
        return render_template("staff/login.html", email=email, error=error), 429

    user = db_session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    if not verify_password(user.password_hash if user else _NO_SUCH_USER, password) or user is None:
        ratelimit.record_failure(db_session, email, client)
        db_session.commit()
        return render_template("staff/login.html", email=email, error=_("Wrong email or password.")), 401

    ratelimit.clear(db_session, email)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.clear()  # a new session on every sign-in (no session fixation)
    login_user(user)
    audit.commit(db_session, "login", user.email)
    return redirect(safe_next(request.args.get("next")))


@requires(EVERY_ROLE)
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("staff.login"))
