"""The first page after signing in: what needs the nurse's attention."""
from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from models import Role, TranslationStatus
from webapp import clock, db
from webapp.content.coverage import coverage, due_for_review, statuses
from webapp.l10n.status import catalog_statuses
from webapp.staff.access import EVERY_ROLE, requires
from webapp.staff.scope import editable_pages


@requires(EVERY_ROLE)
def dashboard():
    if current_user.role == Role.HOST:
        return render_template("staff/dashboard.html", editor=False)
    languages = current_app.config["ENABLED_LANGUAGES"]
    pages = editable_pages(db.session())
    outdated = [
        (page, item)
        for page in pages
        for item in statuses(page, languages)
        if item.status is TranslationStatus.OUTDATED
    ]
    return render_template(
        "staff/dashboard.html",
        editor=True,
        due=due_for_review(pages, clock.centre_today()),
        outdated=outdated,
        coverage=coverage(pages, languages),
        page_count=len(pages),
        catalogs=catalog_statuses(),
    )
