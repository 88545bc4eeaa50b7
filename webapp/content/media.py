"""Where pages' pictures and audio live, and which of them a reader gets.
(Uploading them: uploads.py; serving them: resident_views.media_file.)"""
from __future__ import annotations

from pathlib import Path

from flask import current_app

from models import Page, PageMedia


def media_dir() -> Path:
    return Path(current_app.instance_path) / "media"


def media_for(page: Page, shown_lang: str) -> list[PageMedia]:
    """The page's pictures, and the recordings made for the language shown."""
    return [m for m in page.media if m.lang is None or m.lang == shown_lang]
