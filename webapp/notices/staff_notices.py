"""Staff write notices (``/staff/notices``): a host or a nurse for their
centres, an administrator also for all centres; translations with their
status; and, once, a push notification to the phones that asked for one."""
from __future__ import annotations

import datetime as dt

from flask import abort, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Notice, Role, limits
from webapp import clock, db
from webapp.notices import notices
from webapp.push import sending
from webapp.staff import audit, forms
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import my_centres

LONGEST = dt.timedelta(days=90)  # a notice is news: older news belongs on a page


@requires(EVERY_ROLE)
def notices_page():
    return list_page()


def list_page(error: str | None = None, status: int = 200):
    session = db.session()
    centres = my_centres(session)
    return render_template(
        "staff/notices.html", items=notices.for_staff(session, centres, current_user.role == Role.ADMIN),
        centres=centres, error=error, now=clock.now(), start_value=local_input(clock.now()),
    ), status


def local_input(moment_utc: dt.datetime) -> str:
    """A moment as a datetime-local field shows it, in centre time."""
    return moment_utc.astimezone(clock.CENTRE_TIME).strftime("%Y-%m-%dT%H:%M")


def moment(name: str) -> dt.datetime:
    """A datetime-local field, in centre time."""
    raw = forms.text(name, max_length=20)
    try:
        local = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise forms.FormError(_("Please enter a date and time.")) from None
    return local.replace(tzinfo=clock.CENTRE_TIME).astimezone(dt.UTC)


def times() -> tuple[dt.datetime, dt.datetime]:
    starts_at, expires_at = moment("starts"), moment("expires")
    if not starts_at < expires_at <= starts_at + LONGEST:
        raise forms.FormError(_("A notice must end after it starts, and within 90 days."))
    return starts_at, expires_at


def editable_or_404(session, notice_id: int) -> Notice:
    """A notice for one of my centres; one for all centres only for an administrator."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        abort(404)
    if not notices.may_change(notice, {c.id for c in my_centres(session)}, current_user.role == Role.ADMIN):
        abort(403)
    return notice


@requires(EVERY_ROLE)
def new_notice():
    session = db.session()
    centres = {str(c.id): c for c in my_centres(session)}
    choices = [*centres, *([""] if current_user.role == Role.ADMIN else [])]
    try:
        centre_key = forms.choice("centre", choices)
        source_lang = forms.choice("source_lang", ["nb", "en"])
        text = forms.text("text", max_length=limits.NOTICE_TEXT)
        starts_at, expires_at = times()
    except forms.FormError as error:
        return list_page(error=str(error), status=422)
    notice = notices.create(session, centres.get(centre_key), source_lang, text, starts_at, expires_at,
                            current_user.id)
    audit.commit(session, "notice.create", str(notice.id))
    return forms.done(_("Published. Add translations below so that every resident can read it."),
                      url_for("staff.edit_notice", notice_id=notice.id))


@requires(EVERY_ROLE)
def edit_notice(notice_id: int):
    return edit_page(editable_or_404(db.session(), notice_id))


def edit_page(notice: Notice, error: str | None = None, status: int = 200):
    now = clock.now()
    over = sending.centres_over_limit(db.session(), notice, clock.centre_today(now))
    return render_template(
        "staff/notice_edit.html", item=notice, codes=current_app.config["ENABLED_LANGUAGES"], error=error,
        active=notices.is_active(notice, now), over_limit=over, daily_limit=sending.daily_limit(),
        starts_value=local_input(notice.starts_at), expires_value=local_input(notice.expires_at),
    ), status


@requires(EVERY_ROLE)
def save_notice(notice_id: int):
    session = db.session()
    notice = editable_or_404(session, notice_id)
    try:
        texts = {
            lang: forms.text(f"text_{lang}", max_length=limits.NOTICE_TEXT, required=lang == notice.source_lang)
            for lang in current_app.config["ENABLED_LANGUAGES"]
        }
        starts_at, expires_at = times()
    except forms.FormError as error:
        return edit_page(notice, error=str(error), status=422)
    for lang, text in texts.items():
        notices.set_text(notice, lang, text, draft=forms.checkbox(f"draft_{lang}"))
    notice.starts_at, notice.expires_at = starts_at, expires_at
    audit.commit(session, "notice.update", str(notice.id))
    return forms.done(_("Saved."), url_for("staff.edit_notice", notice_id=notice.id))


@requires(EVERY_ROLE)
def delete_notice(notice_id: int):
    session = db.session()
    session.delete(editable_or_404(session, notice_id))
    audit.commit(session, "notice.delete", str(notice_id))
    return forms.done(_("Deleted."), url_for("staff.notices_page"))


@requires(EVERY_ROLE)
def push_notice(notice_id: int):
    session = db.session()
    notice = editable_or_404(session, notice_id)
    now = clock.now()
    if notice.pushed_on is not None or not notices.is_active(notice, now):
        return edit_page(notice, error=_("Only a notice that is shown now can be sent, and only once."), status=422)
    if sending.centres_over_limit(session, notice, clock.centre_today(now)):
        return edit_page(notice, error=_("This centre has sent as many notifications today as it may (%(n)s).",
                                         n=sending.daily_limit()), status=422)
    outcome = sending.push_notice(session, notice, now)
    audit.commit(session, "notice.push", str(notice.id), sent=outcome.sent, gone=outcome.gone, failed=outcome.failed)
    return forms.done(_("Sent to %(n)s phones.", n=outcome.sent), url_for("staff.edit_notice", notice_id=notice.id))
