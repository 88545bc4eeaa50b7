"""The staff blueprint and what every staff page shares: sign-in (Flask-Login),
roles (``access``), what a person may see (``scope``), form input (``forms``),
the audit log, and the UI language (Norwegian or English, as each person
chooses). CSRF is checked on every form by Flask-WTF (see create_app).

Each feature adds its own staff routes (see its ``routes.py``); sign-in and
accounts live here (``routes.py``) because every feature needs them."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request
from flask_login import LoginManager, current_user

from models import STAFF_LANGUAGES, User
from webapp import db
from webapp.l10n import staff_domain
from webapp.staff import dates, language_names


def make_blueprint() -> Blueprint:
    bp = Blueprint("staff", __name__, url_prefix="/staff")
    bp.url_value_preprocessor(allow_declared_uploads)
    bp.before_request(staff_language)
    bp.after_request(never_cache_staff_pages)
    # Template globals, also inside imported macros: staff_date & co., language_label & co.
    for name, helper in {**dates.TEMPLATE_HELPERS, **language_names.TEMPLATE_HELPERS}.items():
        bp.add_app_template_global(helper, name)
    return bp


def init_login(app: Flask) -> None:
    login_manager = LoginManager(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "staff.login"
    # Flask-Login's own flash message would bypass our catalogs.
    login_manager.login_message = None


def load_user(session_user: str) -> User | None:
    """The person a session is for, while the session's version is theirs
    (signing out, a new password or a reset raises it: staff.accounts)."""
    user_id, _sep, _version = session_user.partition(":")
    user = db.session().get(User, int(user_id)) if user_id.isdigit() and len(user_id) < 19 else None
    return user if user is not None and user.active and user.get_id() == session_user else None


def allow_declared_uploads(endpoint, _values):
    """Raise the request size limit for routes declared with ``@accepts_uploads``.

    Flask-WTF reads the whole form (for the CSRF token) in an app-wide
    before_request hook, before any view runs, so a limit set in the view
    would come too late; URL value preprocessors run before those hooks."""
    view = current_app.view_functions.get(endpoint)
    if getattr(view, "max_upload", None):
        request.max_content_length = view.max_upload


def staff_language():
    staff_domain.as_default()
    if current_user.is_authenticated:
        g.lang = current_user.language
    else:
        g.lang = request.accept_languages.best_match(STAFF_LANGUAGES, default="en")
        if g.lang == "en" and request.accept_languages.best_match(["no", "nn"]):
            g.lang = "nb"


def never_cache_staff_pages(response):
    response.cache_control.no_store = True
    return response
