"""Each person's own account: a new password, the second step, and the
one-time link that lets someone choose a password (new account or reset)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from models import User
from webapp import clock, db
from webapp.staff import audit, second_step
from webapp.staff.access import EVERY_ROLE, public, requires
from webapp.staff.accounts import AccountError, set_password, user_for_link
from webapp.staff.passwords import verify_password

SETUP_SECRET = "second_step_setup"  # the secret being set up, in the signed session until confirmed


def account_page(error: str | None = None, status: int = 200, setup_secret: str | None = None):
    user = current_user
    return render_template(
        "staff/account.html",
        error=error,
        offer_second_step=second_step.offered_to(user),
        setup_secret=setup_secret,
        setup_qr=second_step.setup_qr(user, setup_secret) if setup_secret else None,
    ), status


@requires(EVERY_ROLE)
def account():
    return account_page()


@requires(EVERY_ROLE)
def change_password():
    db_session = db.session()
    user = db_session.get(User, current_user.id)
    if not verify_password(user.password_hash, request.form.get("current", "")[:1024]):
        return account_page(error=_("Your current password is not right."), status=422)
    new = request.form.get("new", "")[:1024]
    if new != request.form.get("repeat", "")[:1024]:
        return account_page(error=_("The two new passwords are not the same."), status=422)
    try:
        set_password(user, new)
    except AccountError as error:
        db_session.rollback()
        return account_page(error=str(error), status=422)
    login_user(user)  # this session goes on with the new version; every other one has ended
    audit.commit(db_session, "user.password_change", user.email)
    flash(_("Your password is changed. You are signed out everywhere else."), "ok")
    return redirect(url_for("staff.account"))


@requires(second_step.ROLES)
def start_second_step():
    session[SETUP_SECRET] = second_step.new_secret()
    return account_page(setup_secret=session[SETUP_SECRET])


@requires(second_step.ROLES)
def confirm_second_step():
    secret = session.get(SETUP_SECRET)
    if not secret:
        return redirect(url_for("staff.account"))
    step = second_step.matching_step(secret, request.form.get("code", "")[:20], clock.now())
    if step is None:
        return account_page(error=second_step.wrong_code(), status=422, setup_secret=secret)
    db_session = db.session()
    user = db_session.get(User, current_user.id)
    user.totp_secret, user.totp_last_step = secret, step
    session.pop(SETUP_SECRET)
    audit.commit(db_session, "user.second_step_on", user.email)
    flash(_("The second step is on. From now on you sign in with your password and a code from your app."), "ok")
    return redirect(url_for("staff.account"))


@requires(second_step.ROLES)
def turn_off_second_step():
    db_session = db.session()
    user = db_session.get(User, current_user.id)
    if not verify_password(user.password_hash, request.form.get("current", "")[:1024]):
        return account_page(error=_("Your current password is not right."), status=422)
    user.totp_secret = user.totp_last_step = None
    audit.commit(db_session, "user.second_step_off", user.email)
    flash(_("The second step is off."), "ok")
    return redirect(url_for("staff.account"))


@public
def choose_password(token: str):
    """The page a one-time link opens: the person chooses their password."""
    db_session = db.session()
    user = user_for_link(db_session, token, clock.now())
    if user is None:
        error = _("This link has expired or has been used. Ask an administrator for a new one.")
        return render_template("staff/choose_password.html", error=error, expired=True), 404
    if request.method == "GET":
        return render_template("staff/choose_password.html", user=user)
    new = request.form.get("new", "")[:1024]
    if new != request.form.get("repeat", "")[:1024]:
        return render_template("staff/choose_password.html", user=user,
                               error=_("The two new passwords are not the same.")), 422
    try:
        set_password(user, new)  # also ends the link
    except AccountError as error:
        db_session.rollback()
        return render_template("staff/choose_password.html", user=user, error=str(error)), 422
    audit.commit(db_session, "user.password_chosen", user.email)
    flash(_("Your password is set. Sign in with it now."), "ok")
    return redirect(url_for("staff.login"))
