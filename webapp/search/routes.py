"""Search's one URL: the results page (answered by the server without
JavaScript; with it, the phone searches its saved pages)."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.search import resident_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    resident.add_url_rule("/<lang>/<centre>/search", view_func=resident_views.search_page)
