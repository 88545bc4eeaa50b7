"""Uploading pictures and audio for a page, and removing them. The checks,
resizing and metadata stripping live in webapp/content/uploads.py."""
from __future__ import annotations

from flask import abort, current_app, request, send_from_directory, url_for
from flask_babel import gettext as _

from models import PageMedia, limits
from webapp import db
from webapp.content.editor import render_editor
from webapp.content.media import media_dir
from webapp.content.uploads import UploadError, delete_media, remove_file, store_upload
from webapp.errors import handle_http_error
from webapp.staff import audit, forms
from webapp.staff.access import EDITORS, accepts_uploads, requires
from webapp.staff.scope import page_or_404

# The largest file (a 20 MB recording) plus the rest of the form.
UPLOAD_LIMIT = 21 * 1024 * 1024


def upload_too_large(error):
    """More than UPLOAD_LIMIT: the editor again with a message, not a bare error page."""
    if request.endpoint != "staff.upload_media":
        return handle_http_error(error)
    message = _("This file is too large: pictures at most 8 MB, recordings at most 20 MB.")
    page = page_or_404(db.session(), request.view_args["page_id"])
    return render_editor(page, error=message, status=413)


def editor(page):
    """The editor's media panel, on the translation the staff member was looking at."""
    return url_for("staff.edit_page", page_id=page.id, lang=request.args.get("lang"), _anchor="media")


@requires(EDITORS)
@accepts_uploads(UPLOAD_LIMIT)
def upload_media(page_id: int):
    session = db.session()
    page = page_or_404(session, page_id)
    folder = media_dir()
    try:
        lang = forms.choice("lang", {""} | set(current_app.config["ENABLED_LANGUAGES"])) or None
        alt_text = forms.text("alt_text", max_length=limits.ALT_TEXT, required=False)
        media = store_upload(
            session, page, request.files.get("file"), lang=lang, alt_text=alt_text, media_dir=folder
        )
    except (forms.FormError, UploadError) as error:
        session.rollback()
        form = {"alt_text": request.form.get("alt_text", ""), "media_lang": request.form.get("lang", "")}
        return render_editor(page_or_404(session, page_id), error=str(error), form=form, status=422)
    try:
        audit.commit(
            session, "page.media.add", page.slug, media=media.id, kind=media.kind, lang=media.lang,
            bytes=media.byte_size,
        )
    except Exception:
        session.rollback()
        remove_file(media, folder)  # no file without its row
        raise
    if media.kind == "image":
        return forms.done(
            _("Picture added. It was made phone-sized and its hidden details (such as location) removed."),
            editor(page),
        )
    return forms.done(_("Recording added."), editor(page))


@requires(EDITORS)
def delete_page_media(media_id: int):
    session = db.session()
    media = session.get(PageMedia, media_id)
    if media is None:
        abort(404)
    page = page_or_404(session, media.page_id)
    delete_media(session, media)
    audit.commit(session, "page.media.delete", page.slug, media=media.id, kind=media.kind, lang=media.lang)
    remove_file(media, media_dir())  # after the commit: a failed commit keeps the row's file
    return forms.done(_("Removed."), editor(page))


@requires(EDITORS)
def media_preview(media_id: int):
    """A page's file for the editor, also before the page is published
    (residents get files from resident_views.media_file, for published pages only)."""
    session = db.session()
    media = session.get(PageMedia, media_id)
    if media is None:
        abort(404)
    page_or_404(session, media.page_id)
    return send_from_directory(media_dir(), media.filename, mimetype=media.mime_type)
