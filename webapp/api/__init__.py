"""The JSON API for phones, under ``/api/v1``.

Phones have no account and no session, so there is no cookie to protect: the
blueprint is exempt from CSRF (create_app does that) and answers JSON only,
errors included (see webapp.errors). Item types (check-ins, feedback) plug in
through ``webapp.api.registry``.
"""
from flask import Blueprint, current_app, g, request

from webapp.l10n.languages import DEFAULT_LANGUAGE
from webapp.l10n.negotiation import best_language

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def language_from_header():
    """Messages in the phone's language: the outbox sends the page's language
    as Accept-Language (the URL carries none here)."""
    enabled = current_app.config["ENABLED_LANGUAGES"]
    g.lang = best_language(request.accept_languages, enabled) or DEFAULT_LANGUAGE


from webapp.api import openapi, sync  # noqa: E402,F401  (registers the routes)
