"""Signing in (password, then the second step if the person has one) and out."""
from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from models import User
from webapp import buckets, clock, db
from webapp.staff import audit, second_step, signin_throttle
from webapp.staff.access import EVERY_ROLE, public, requires
from webapp.staff.accounts import end_sessions
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
    db_session, now = db.session(), clock.now()
    user = db_session.scalar(select(User).where(User.email == email, User.active.is_(True)))
    browser = signin_throttle.known_browser(request.cookies.get(signin_throttle.KNOWN_BROWSER_COOKIE),
                                            user.id if user else None)
    tries = signin_throttle.tries(email, request.remote_addr or "unknown", browser)
    waiting = signin_throttle.BUCKETS.take(db_session, tries, now)
    if waiting:
        db_session.commit()
        return _too_many("staff/login.html", waiting, email=email)
    if not verify_password(user.password_hash if user else _NO_SUCH_USER, password) or user is None:
        db_session.commit()  # the try counts
        return render_template("staff/login.html", email=email, error=_("Wrong email or password.")), 401

    signin_throttle.BUCKETS.give_back(db_session, tries, now)  # the owner's own try does not count
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    next_url = request.args.get("next")
    if user.totp_secret:
        db_session.commit()
        session.clear()
        session["second_step"] = {"user": user.get_id(), "since": now.timestamp(), "next": next_url}
        return redirect(url_for("staff.login_code"))
    return _signed_in(db_session, user, next_url, browser)


@public
def login_code():
    """The second step: the six digits from the person's authenticator app."""
    db_session, now = db.session(), clock.now()
    pending = session.get("second_step") or {}
    user = _pending_user(db_session, pending, now)
    if user is None:
        session.pop("second_step", None)
        return redirect(url_for("staff.login"))
    if request.method == "GET":
        return render_template("staff/login_code.html")
    tries = signin_throttle.code_tries(user.id)
    waiting = signin_throttle.BUCKETS.take(db_session, tries, now)
    if waiting:
        db_session.commit()
        return _too_many("staff/login_code.html", waiting)
    step = second_step.matching_step(user.totp_secret, request.form.get("code", "")[:20], now, user.totp_last_step)
    if step is None:
        db_session.commit()
        return render_template("staff/login_code.html", error=second_step.wrong_code()), 401
    signin_throttle.BUCKETS.give_back(db_session, tries, now)
    user.totp_last_step = step  # each code works once
    browser = signin_throttle.known_browser(request.cookies.get(signin_throttle.KNOWN_BROWSER_COOKIE), user.id)
    return _signed_in(db_session, user, pending.get("next"), browser)


def _pending_user(db_session, pending: dict, now) -> User | None:
    """Whose password was right a moment ago, if it was not too long ago."""
    user_id, _sep, version = str(pending.get("user", "")).partition(":")
    if not user_id.isdigit() or now.timestamp() - pending.get("since", 0) > second_step.PENDING_FOR.total_seconds():
        return None
    user = db_session.get(User, int(user_id))
    return user if user is not None and user.active and user.totp_secret and user.get_id() == pending["user"] else None


def _signed_in(db_session, user: User, next_url: str | None, browser: str | None):
    session.clear()  # a new session on every sign-in (no session fixation)
    login_user(user)
    audit.commit(db_session, "login", user.email)
    response = redirect(safe_next(next_url))
    if not browser:  # this browser is known to this account from now on
        response.set_cookie(
            signin_throttle.KNOWN_BROWSER_COOKIE, signin_throttle.new_known_browser(user.id),
            max_age=signin_throttle.KNOWN_BROWSER_DAYS * 86400, path="/staff/",
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True, samesite="Lax",
        )
    return response


def _too_many(template: str, waiting: float, **context):
    seconds = buckets.retry_after(waiting)
    error = _("Too many failed attempts. Try again in %(seconds)s seconds, or sign in on a computer or phone "
              "you have used before.", seconds=seconds)
    return render_template(template, error=error, **context), 429, {"Retry-After": str(seconds)}


@requires(EVERY_ROLE)
def logout():
    """Signing out ends every session of the person, on every device: a
    copy of the cookie stops working too."""
    db_session = db.session()
    end_sessions(db_session.get(User, current_user.id))
    db_session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("staff.login"))
