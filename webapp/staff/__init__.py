"""Staff pages: the nurse's editor, meetings, accounts. Every route needs a
signed-in account with the right role (see access.py); CSRF on every form;
the UI is in Norwegian or English, as each staff member chooses."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request
from flask_login import LoginManager, current_user

from models import STAFF_LANGUAGES, User
from webapp import db
from webapp.l10n import staff_domain

bp = Blueprint("staff", __name__, url_prefix="/staff")
login_manager = LoginManager()


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


@bp.url_value_preprocessor
def allow_declared_uploads(endpoint, _values):
    """Raise the request size limit for routes declared with ``@accepts_uploads``.

    Flask-WTF reads the whole form (for the CSRF token) in an app-wide
    before_request hook, before any view runs, so a limit set in the view
    would come too late; URL value preprocessors run before those hooks."""
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "max_upload", None):
        request.max_content_length = view.max_upload


@bp.before_request
def staff_language():
    staff_domain.as_default()
    if current_user.is_authenticated:
        g.lang = current_user.language
    else:
        g.lang = request.accept_languages.best_match(STAFF_LANGUAGES, default="en")
        if g.lang == "en" and request.accept_languages.best_match(["no", "nn"]):
            g.lang = "nb"


@bp.after_request
def never_cache_staff_pages(response):
    response.cache_control.no_store = True
    return response


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    # Flask-Login's own flash message would bypass our catalogs.
    login_manager.login_message = None
    from webapp.staff import (  # noqa: F401  (registers the routes)
        auth_views,
        dashboard,
        exchange_views,
        feedback_views,
        you_said_views,
        media_views,
        meetings_views,
        pages_views,
        topics_views,
        users_views,
    )

    app.register_blueprint(bp)
