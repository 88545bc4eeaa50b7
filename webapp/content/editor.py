"""The editor page for one page: its source and one translation side by side,
with a status chip per language. Rendered by the editor's views, again with
an error when a save or an upload is refused."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from markupsafe import Markup
from sqlalchemy import select

from models import Page, Topic
from webapp import clock, db
from webapp.content.coverage import review_due_on, statuses
from webapp.content.editing import latest_revision, notes_since
from webapp.content.render import render_markdown, split_summary


def render_editor(page: Page, *, error: str | None = None, form: dict | None = None, status: int = 200):
    form = form or {}
    languages = current_app.config["ENABLED_LANGUAGES"]
    others = [code for code in languages if code != page.source_lang]
    lang = request.args.get("lang") or form.get("lang") or ("ar" if "ar" in others else others[0])
    if lang not in others:
        abort(404)
    translation = next((t for t in page.translations if t.lang == lang), None)
    return render_template(
        "staff/page_edit.html",
        page=page,
        source=latest_revision(page),
        lang=lang,
        translation=translation,
        # What changed since the translation was made: notes to translate first.
        notes=notes_since(page, translation.source_revision.number) if translation else [],
        statuses=statuses(page, languages),
        topics=list(db.session().scalars(select(Topic).order_by(Topic.position))),
        review_due=review_due_on(page),
        today=clock.centre_today(),  # what "facts checked today" means (editor.js asks)
        error=error,
        form=form,
    ), status


def preview_html(body: str) -> Markup:
    """A page's text as a resident's page shows it (resident/page.html): the
    first paragraph as its summary, then the rest rendered and sanitised by
    render_markdown. For the editor's live preview, which saves nothing."""
    summary, rest = split_summary(body)
    lead = Markup('<p class="lead">{}</p>').format(summary) if summary else Markup()
    # The same function without its cache: a preview is sent at every pause in
    # typing, and each half-typed text would otherwise stay in memory.
    return lead + Markup('<div class="prose">{}</div>').format(render_markdown.__wrapped__(rest))
