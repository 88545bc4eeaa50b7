"""The nurse's editor: source text and translations side by side, status per
language, preview as a resident, publish, review, history and revert."""
from __future__ import annotations

import re

from flask import abort, current_app, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import Centre, Page, Role, Topic, limits
from webapp import clock, db
from webapp.content import reading
from webapp.content.coverage import statuses
from webapp.content.diff import text_diff
from webapp.content.editing import (
    ContentError,
    create_page,
    latest_revision,
    needs_change_note,
    revert,
    revise_source,
    save_note_translation,
    save_translation,
)
from webapp.content.editor import preview_html, render_editor
from webapp.content.media import media_for
from webapp.l10n import resident_domain
from webapp.l10n.languages import LANGUAGES, SOURCE_LANGUAGES
from webapp.security import CONTENT_SECURITY_POLICY
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, requires
from webapp.staff.scope import editable_pages, my_centres, page_or_404

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def enabled_codes() -> list[str]:
    return current_app.config["ENABLED_LANGUAGES"]


def saved(session, page: Page, action: str, message: str, *, lang: str | None = None, **details):
    """Record the change, commit it, say so, and go back to the editor."""
    audit.commit(session, action, page.slug, **({"lang": lang} if lang else {}), **details)
    return forms.done(message, url_for("staff.edit_page", page_id=page.id, lang=lang))


@requires(EDITORS)
def pages():
    session = db.session()
    listed = editable_pages(session)
    languages = enabled_codes()
    rows = [(page, latest_revision(page), statuses(page, languages)) for page in listed]
    return render_template("staff/pages.html", rows=rows)


@requires(EDITORS)
def new_page():
    session = db.session()
    topics = list(session.scalars(select(Topic).order_by(Topic.position)))
    centres = my_centres(session)
    if request.method == "GET":
        return render_template("staff/page_new.html", topics=topics, centres=centres, form={})
    try:
        slug = forms.text("slug", max_length=limits.SLUG)
        if not SLUG.match(slug):
            raise forms.FormError(_("The address may only use a–z, 0–9 and single hyphens."))
        if session.scalar(select(Page.id).where(Page.slug == slug)):
            raise forms.FormError(_("A page with this address exists already."))
        topic = session.get(Topic, int(forms.choice("topic", {str(t.id) for t in topics})))
        source_lang = forms.choice("source_lang", SOURCE_LANGUAGES)
        centre_choice = forms.choice("centre", {""} | {str(c.id) for c in centres})
        centre = session.get(Centre, int(centre_choice)) if centre_choice else None
        if centre is None and current_user.role != Role.ADMIN and not current_user.centres:
            raise forms.FormError(_("Choose the centre this page is for."))
        title, body = page_text()
    except (forms.FormError, ValueError) as error:
        return render_template(
            "staff/page_new.html", topics=topics, centres=centres, form=request.form, error=str(error)
        ), 422
    page = create_page(
        session, slug=slug, topic=topic, source_lang=source_lang, title=title, body=body,
        centre=centre, published=False,
    )
    page.revisions[0].author_id = current_user.id
    audit.commit(session, "page.create", page.slug)
    return forms.done(_("Page created. It is not published yet."), url_for("staff.edit_page", page_id=page.id))


def change_note_text(name: str) -> str:
    """A posted change note: one line, within its limit, possibly empty."""
    return " ".join(forms.text(name, max_length=limits.CHANGE_NOTE, required=False).split())


def page_text() -> tuple[str, str]:
    """The posted title and body, within the limits every text of a page has."""
    return forms.text("title", max_length=limits.TITLE), forms.text("body", max_length=limits.BODY)


@requires(EDITORS)
def edit_page(page_id: int):
    return render_editor(page_or_404(db.session(), page_id))


@requires(EDITORS)
def save_source(page_id: int):
    session = db.session()
    page = page_or_404(session, page_id)
    minor = forms.checkbox("minor")
    try:
        title, body = page_text()
        note = change_note_text("change_note")
        if needs_change_note(page, minor=minor) and not note:
            raise forms.FormError(_(
                "Please say in one line what changed (residents whose translation is now out of date "
                "read it in their language), or mark the edit as minor."
            ))
    except forms.FormError as error:
        return render_editor(page, error=str(error), form=request.form, status=422)
    current = latest_revision(page)
    if (title, body) == (current.title, current.body):
        return forms.done(_("Nothing changed."), url_for("staff.edit_page", page_id=page.id))
    revision = revise_source(
        page, title=title, body=body, minor=minor, author_id=current_user.id, change_note=note
    )
    if minor:
        message = _("Saved as a minor edit: translations stay up to date.")
    else:
        message = _("Saved. Translations made before this edit are now marked outdated.")
    return saved(session, page, "page.source", message, revision=revision.number, minor=minor)


@requires(EDITORS)
def save_page_translation(page_id: int, lang: str):
    session = db.session()
    page = page_or_404(session, page_id)
    if lang not in enabled_codes() or lang == page.source_lang:
        abort(404)
    try:
        title, body = page_text()
        # The revision the translator was looking at when they started: if the
        # source changed meanwhile, this translation is honestly outdated.
        made_from = forms.integer("source_revision", minimum=1, maximum=page.revision_number)
    except forms.FormError as error:
        return render_editor(page, error=str(error), form={**request.form, "lang": lang}, status=422)
    revision = next(r for r in page.revisions if r.number == made_from)
    reviewed = forms.checkbox("reviewed")
    save_translation(
        page, lang, title=title, body=body, draft=not reviewed, source_revision=revision,
        updated_by_id=current_user.id,
    )
    return saved(
        session, page, "page.translation", _("Translation saved."), lang=lang, made_from=made_from, reviewed=reviewed
    )


@requires(EDITORS)
def save_note_translations(page_id: int, lang: str):
    """The change notes of the revisions a translation into ``lang`` does not
    cover yet, translated before the page itself is (one field per note)."""
    session = db.session()
    page = page_or_404(session, page_id)
    if lang not in enabled_codes() or lang == page.source_lang:
        abort(404)
    reviewed = forms.checkbox("reviewed")
    saved_numbers = []
    try:
        for revision in page.revisions:
            field = f"note-{revision.number}"
            if field not in request.form:
                continue
            text = change_note_text(field)
            if text and revision.change_note:
                save_note_translation(revision, lang, text, draft=not reviewed, updated_by_id=current_user.id)
                saved_numbers.append(revision.number)
    except (forms.FormError, ContentError) as error:
        session.rollback()
        return render_editor(page_or_404(session, page_id), error=str(error), form={"lang": lang}, status=422)
    if not saved_numbers:
        return forms.done(_("Nothing changed."), url_for("staff.edit_page", page_id=page.id, lang=lang))
    return saved(session, page, "page.note_translation", _("What-changed notes saved."), lang=lang,
                 revisions=saved_numbers)


@requires(EDITORS)
def save_page_settings(page_id: int):
    session = db.session()
    page = page_or_404(session, page_id)
    topics = {str(t.id): t for t in session.scalars(select(Topic))}
    try:
        page.topic = topics[forms.choice("topic", topics)]
        page.position = forms.integer("position", minimum=0, maximum=10_000)
        page.review_interval_days = forms.integer("review_interval_days", minimum=7, maximum=3 * 365)
        page.facts_checked_on = forms.date_or_none("facts_checked_on")
        check_url = forms.text("check_url", max_length=limits.URL, required=False)
        if check_url and not check_url.startswith("https://"):
            raise forms.FormError(_("The address to check facts at must start with https://"))
        page.check_url = check_url
    except forms.FormError as error:
        session.rollback()
        return render_editor(page_or_404(session, page_id), error=str(error), form=request.form, status=422)
    return saved(session, page, "page.settings", _("Settings saved."))


@requires(EDITORS)
def publish_page(page_id: int):
    session = db.session()
    page = page_or_404(session, page_id)
    page.published = forms.checkbox("published")
    if page.published:
        return saved(session, page, "page.publish", _("Published: residents can read it now."))
    return saved(session, page, "page.unpublish", _("Unpublished: residents no longer see it."))


@requires(EDITORS)
def review_page(page_id: int):
    session = db.session()
    page = page_or_404(session, page_id)
    page.reviewed_by = current_user.display_name
    page.reviewed_on = clock.centre_today()
    return saved(session, page, "page.review", _("Marked as reviewed today."))


@requires(EDITORS)
def preview_page(page_id: int, lang: str):
    page = page_or_404(db.session(), page_id)
    if lang not in enabled_codes():
        abort(404)
    return render_template("staff/page_preview.html", page=page, preview_lang=LANGUAGES[lang])


@requires(EDITORS)
def preview_frame(page_id: int, lang: str):
    """The page exactly as a resident reading ``lang`` would see it, published or not."""
    session = db.session()
    page = page_or_404(session, page_id)
    if lang not in enabled_codes():
        abort(404)
    resident_domain.as_default()
    g.lang = lang
    g.centre = page.centre or session.scalar(select(Centre).order_by(Centre.id))
    [localized] = reading.localize(session, [page], lang)
    response = current_app.make_response(render_template(
            "resident/page.html", page=localized, page_media=media_for(page, localized.shown_lang), staff_preview=True
        ))
    # The one response that may be framed, and only by our own pages.
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'"
    )
    return response


@requires(EDITORS)
def page_history(page_id: int):
    page = page_or_404(db.session(), page_id)
    revisions = list(reversed(page.revisions))
    # Each revision with what changed since the one before it, word by word.
    diffs = {
        newer.number: (older.number, text_diff(older.title + "\n\n" + older.body, newer.title + "\n\n" + newer.body))
        for newer, older in zip(revisions, revisions[1:], strict=False)
    }
    return render_template("staff/page_history.html", page=page, revisions=revisions, diffs=diffs)


@requires(EDITORS)
def revert_page(page_id: int, number: int):
    session = db.session()
    page = page_or_404(session, page_id)
    if not any(r.number == number for r in page.revisions):
        abort(404)
    revision = revert(page, number, author_id=current_user.id)
    audit.commit(session, "page.revert", page.slug, to=number, revision=revision.number)
    return forms.done(
        _("The text of revision %(number)s is the newest revision again.", number=number),
        url_for("staff.page_history", page_id=page.id),
    )


@requires(EDITORS)
@db.reads_first  # never writes: a preview at every pause in typing takes no write lock
def render_page_text(page_id: int):
    """The editor's live preview (static/js/editor.js): the posted Markdown as
    a resident's page renders it, sanitised, as JSON. Nothing is saved."""
    page_or_404(db.session(), page_id)
    try:
        body = forms.text("body", max_length=limits.BODY, required=False)
    except forms.FormError as error:
        return {"error": {"code": "invalid", "message": str(error)}}, 422
    return {"html": preview_html(body)}
