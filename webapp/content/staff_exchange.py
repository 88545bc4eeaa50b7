"""Translator exchange: download what needs translating into one language
(pages, and the places, cards and notices other features register) as a PO
file, upload the file the translator sends back, and see what the last
import did. The format and its checks live in ``webapp/content/exchange/``."""
from __future__ import annotations

import io

from flask import abort, current_app, flash, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from models import AuditEntry
from webapp import db
from webapp.content.coverage import coverage, statuses
from webapp.content.exchange import ExchangeError, export_po, import_po, registered_kinds
from webapp.content.exchange.kinds import needing_work, reference
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, accepts_uploads, requires
from webapp.staff.scope import editable_pages

MAX_UPLOAD = 2 * 1024 * 1024  # a file with every text in it is larger than the app-wide 1 MB
IMPORT_ACTION = "translation.import"
REPORT_LIMIT = 300  # lines of a report kept in the audit log


def language_or_404(lang: str | None) -> str:
    if lang not in current_app.config["ENABLED_LANGUAGES"]:
        abort(404)
    return lang


def exchangeable(session) -> dict[str, list]:
    """Per registered kind (places, cards, notices ...), the items I may change."""
    return {kind.prefix: kind.editable(session) for kind in registered_kinds()}


def translations_page(lang: str | None, *, error: str | None = None, status: int = 200):
    session = db.session()
    codes = current_app.config["ENABLED_LANGUAGES"]
    pages = editable_pages(session)
    counts = coverage(pages, codes)
    last_import = None
    links, now_status, others = {}, {}, []
    if lang:
        links, now_status, others = _what_there_is(session, pages, lang)
        last_import = session.scalar(
            select(AuditEntry)
            .where(AuditEntry.action == IMPORT_ACTION, AuditEntry.target == lang)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
    return render_template(
        "staff/translations.html",
        codes=codes,
        counts=counts,
        lang=lang,
        last_import=last_import,
        links=links,
        now_status=now_status,
        others=", ".join(others),
        error=error,
    ), status


def _what_there_is(session, pages, lang: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """For the report of an import: each page's and item's editor and status
    now, by the name the report gives it; and how many items of each other
    kind need translating."""
    links = {page.slug: url_for("staff.edit_page", page_id=page.id, lang=lang) for page in pages}
    now_status = {page.slug: statuses(page, [lang])[0].status.value for page in pages}
    others = []
    items = exchangeable(session)
    for kind in registered_kinds():
        others.append(f"{kind.label()}: {needing_work(kind, items[kind.prefix], lang)}")
        for item in items[kind.prefix]:
            links[reference(kind, kind.key(item))] = kind.edit_url(item, lang)
            now_status[reference(kind, kind.key(item))] = kind.status(item, lang).value
    return links, now_status, others


@requires(EDITORS)
def translations():
    lang = request.args.get("lang") or None
    return translations_page(language_or_404(lang) if lang else None)


@requires(EDITORS)
def export_translations(lang: str):
    language_or_404(lang)
    everything = request.args.get("all") == "1"
    session = db.session()
    data = export_po(editable_pages(session), lang, everything=everything, items=exchangeable(session))
    return send_file(
        io.BytesIO(data),
        mimetype="text/x-gettext-translation",
        as_attachment=True,
        download_name=f"veiviser-{lang}.po",
    )


@requires(EDITORS)
@accepts_uploads(MAX_UPLOAD)
def import_translations(lang: str):
    language_or_404(lang)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return translations_page(lang, error=_("Choose the .po file to import."), status=422)
    reviewed = forms.checkbox("reviewed")
    session = db.session()
    try:
        report = import_po(
            session, upload.read(), lang, user_id=current_user.id, reviewed=reviewed,
            pages=editable_pages(session), items=exchangeable(session),
        )
    except ExchangeError as error:
        session.rollback()
        return translations_page(lang, error=str(error), status=422)
    audit.commit(
        session, IMPORT_ACTION, lang,
        file=(upload.filename or "")[:200],
        reviewed=reviewed,
        imported=[[slug, number] for slug, number in report.imported],
        notes=[[slug, number] for slug, number in report.notes],
        skipped=[[key, reason] for key, reason in report.skipped[:REPORT_LIMIT]],
        skipped_total=len(report.skipped),
    )
    if report.notes:
        flash(_("What-changed notes imported: %(count)s.", count=len(report.notes)), "ok")
    return forms.done(
        _("Import finished. Imported: %(imported)s, skipped: %(skipped)s.",
          imported=len(report.imported), skipped=len(report.skipped)),
        url_for("staff.translations", lang=lang, _anchor="last-import"),
    )
