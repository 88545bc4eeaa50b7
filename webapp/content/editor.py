"""The editor page for one page: its source and one translation side by side,
with a status chip per language. Rendered by the editor's views, again with
an error when a save or an upload is refused."""
from __future__ import annotations

from flask import abort, current_app, render_template, request
from sqlalchemy import select

from models import Page, Topic
from webapp import db
from webapp.content.coverage import review_due_on, statuses
from webapp.content.editing import latest_revision


def render_editor(page: Page, *, error: str | None = None, form: dict | None = None, status: int = 200):
    form = form or {}
    languages = current_app.config["ENABLED_LANGUAGES"]
    others = [code for code in languages if code != page.source_lang]
    lang = request.args.get("lang") or form.get("lang") or ("ar" if "ar" in others else others[0])
    if lang not in others:
        abort(404)
    return render_template(
        "staff/page_edit.html",
        page=page,
        source=latest_revision(page),
        lang=lang,
        translation=next((t for t in page.translations if t.lang == lang), None),
        statuses=statuses(page, languages),
        topics=list(db.session().scalars(select(Topic).order_by(Topic.position))),
        review_due=review_due_on(page),
        error=error,
        form=form,
    ), status
