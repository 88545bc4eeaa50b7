"""Resident pages: server-rendered, readable without JavaScript, with the
language and the centre in the URL so that a service worker can cache them."""
from flask import Blueprint

bp = Blueprint("resident", __name__)

from webapp.resident import (  # noqa: E402,F401  (registers the routes)
    checkin_views,
    feedback_views,
    meetings_views,
    offline_views,
    search_views,
    views,
)
from webapp.resident import page_cache  # noqa: E402,F401  (after the views: see keep_in_cache)
