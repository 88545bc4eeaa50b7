"""Veiviser: the application factory."""
from __future__ import annotations

import logging

from flask import Flask
from flask_compress import Compress
from flask_wtf.csrf import CSRFProtect

from webapp import api, cli, db, errors, health, http_caching, l10n, media, pwa, security, staff, templating
from webapp.config import from_environment


def create_app(test_config: dict | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_mapping(from_environment(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)

    db.init_app(app)
    l10n.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    http_caching.init_app(app)
    Compress(app)  # the phone pays for every byte
    errors.init_app(app)
    cli.init_app(app)
    csrf = CSRFProtect(app)  # every state-changing form

    from webapp.resident import bp as resident_bp

    app.register_blueprint(health.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(pwa.bp)
    staff.init_app(app)
    app.register_blueprint(resident_bp)
    app.register_blueprint(api.bp)
    import webapp.checkin.sync_item  # noqa: F401  (the outbox's "checkin" items)
    import webapp.feedback.sync_item  # noqa: F401  (and its "feedback" items)
    csrf.exempt(api.bp)  # phones have no session: no cookie to forge a request with
    csrf.exempt("webapp.resident.feedback_views.send_feedback")  # the same, as a form
    _quiet_request_log()
    return app


def _quiet_request_log() -> None:
    """Werkzeug's development server logs every client's IP address; resident
    requests must not be logged with one (DESIGN rule 2)."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
