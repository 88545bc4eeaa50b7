"""Veiviser: the application factory.

The app is a few shared parts (database session, languages, templates,
security headers, errors, the residents' and the staff blueprints) and the
features in FEATURES, each a package that owns its URLs for both audiences
in its ``routes.py``: a newcomer looking for where a check-in is verified
opens ``webapp/checkin/``.
"""
from __future__ import annotations

import logging

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

from webapp import cli, db, errors, health, http_caching, l10n, resident, routing, security, staff, templating
from webapp.api import routes as api_routes
from webapp.checkin import routes as checkin_routes
from webapp.config import from_environment
from webapp.content import routes as content_routes
from webapp.feedback import routes as feedback_routes
from webapp.meetings import routes as meetings_routes
from webapp.notices import routes as notices_routes
from webapp.offline import routes as offline_routes
from webapp.places import routes as places_routes
from webapp.publishing import routes as publishing_routes
from webapp.push import routes as push_routes
from webapp.questions import routes as questions_routes
from webapp.search import routes as search_routes
from webapp.staff import routes as staff_routes

# Each adds its routes to the residents' and the staff blueprints (and may
# register blueprints and outbox item types of its own).
FEATURES = (
    staff_routes,  # sign-in and accounts
    content_routes,
    meetings_routes,
    checkin_routes,
    feedback_routes,
    places_routes,
    notices_routes,
    questions_routes,
    push_routes,
    search_routes,
    offline_routes,
    publishing_routes,
    api_routes,
)


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    db.init_app(app)
    routing.init_app(app)  # before any route is added
    l10n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    http_caching.init_app(app)  # before Compress: its hook must run after gzip
    Compress(app)  # the phone pays for every byte
    http_caching.compress_app_files_whole(app)  # after Compress: its hook must run before gzip
    errors.init_app(app)
    cli.init_app(app)
    CSRFProtect(app)  # every state-changing form; features exempt what residents post
    staff.init_login(app)
    health.init_app(app)

    resident_bp, staff_bp = resident.make_blueprint(), staff.make_blueprint()
    for feature in FEATURES:
        feature.register(app, resident_bp, staff_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(resident_bp)
    _quiet_request_log()
    return app


def _quiet_request_log() -> None:
    """Werkzeug's development server logs every client's IP address; resident
    requests must not be logged with one (docs/design.md, rule 2)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
