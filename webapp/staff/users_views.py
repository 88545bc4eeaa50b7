"""Accounts (administrators only), the audit log, and each person's language."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import STAFF_LANGUAGES, AuditEntry, Centre, Role, User, limits
from webapp import clock, db, textinput
from webapp.staff import audit, forms
from webapp.staff.access import ADMINS, EVERY_ROLE, requires
from webapp.staff.accounts import AccountError, create_user, end_sessions, issue_password_link


def users_page(error: str | None = None, link: tuple[str, str] | None = None, status: int = 200):
    session = db.session()
    return render_template(
        "staff/users.html",
        users=list(session.scalars(select(User).order_by(User.email))),
        centres=list(session.scalars(select(Centre).order_by(Centre.name))),
        roles=list(Role),
        error=error,
        link=link,
    ), status


@requires(ADMINS)
def users():
    return users_page()


@requires(ADMINS)
def add_user():
    session = db.session()
    try:
        centres = [session.get(Centre, n) for n in map(textinput.row_id, request.form.getlist("centres")) if n]
        user = create_user(
            session,
            forms.text("email", max_length=limits.EMAIL),
            role=forms.choice("role", set(Role)),
            password=None,
            name=forms.text("name", max_length=limits.NAME, required=False),
            language=forms.choice("language", STAFF_LANGUAGES),
            centres=[c for c in centres if c is not None],
        )
    except (forms.FormError, AccountError) as error:
        session.rollback()
        return users_page(error=str(error), status=422)
    token = issue_password_link(user, clock.now())
    audit.commit(session, "user.create", user.email, role=user.role)
    return users_page(link=_link_for(user, token))


@requires(ADMINS)
def reset_password(user_id: int):
    session = db.session()
    user = session.get(User, user_id) or abort(404)
    token = issue_password_link(user, clock.now())
    audit.commit(session, "user.password_reset", user.email)
    return users_page(link=_link_for(user, token))


def _link_for(user: User, token: str) -> tuple[str, str]:
    """Shown once, for the administrator to hand over; only its hash is stored."""
    return user.email, url_for("staff.choose_password", token=token, _external=True)


@requires(ADMINS)
def set_active(user_id: int):
    session = db.session()
    user = session.get(User, user_id) or abort(404)
    if user.id == current_user.id:
        return users_page(error=_("You cannot switch off your own account."), status=422)
    user.active = forms.checkbox("active")
    if not user.active:
        end_sessions(user)  # and they stay ended if the account is switched on again
    audit.commit(session, "user.activate" if user.active else "user.deactivate", user.email)
    return redirect(url_for("staff.users"))


@requires(EVERY_ROLE)
def set_language():
    session = db.session()
    user = session.get(User, current_user.id)
    user.language = request.form.get("language") if request.form.get("language") in STAFF_LANGUAGES else user.language
    session.commit()
    return redirect(forms.safe_next(request.form.get("next")))


@requires(ADMINS)
def audit_log():
    entries = db.session().scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300))
    return render_template("staff/audit.html", entries=list(entries))
