"""Pictures and audio of published pages, served with long cache lifetimes
(a changed file gets a new id, so a URL never changes its content)."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory
from flask_login import current_user

from models import Page, PageMedia
from webapp import db

bp = Blueprint("media", __name__)
ONE_YEAR = 365 * 24 * 3600


def media_dir() -> Path:
    return Path(current_app.instance_path) / "media"


def media_for(page: Page, shown_lang: str) -> list[PageMedia]:
    """The page's pictures, and the recordings made for the language shown."""
    return [m for m in page.media if m.lang is None or m.lang == shown_lang]


@bp.get("/media/<int:media_id>/<filename>")
def file(media_id: int, filename: str):
    media = db.session().get(PageMedia, media_id)
    if media is None or media.filename != filename:
        abort(404)
    page = db.session().get(Page, media.page_id)
    # Staff see the files of unpublished pages too (in the editor and preview).
    if page is None or not (page.published or current_user.is_authenticated):
        abort(404)
    return send_from_directory(media_dir(), media.filename, mimetype=media.mime_type, max_age=ONE_YEAR)
