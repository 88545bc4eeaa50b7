"""Who may open which staff page.

Every staff view declares its roles with ``@requires(...)`` or says it is
``@public`` (only the login page). The role-matrix test walks the URL map and
fails for a staff route that declares neither.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from models import Role

EVERY_ROLE = frozenset(Role)
EDITORS = frozenset({Role.ADMIN, Role.NURSE})
ADMINS = frozenset({Role.ADMIN})


def requires(roles: frozenset[Role]):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = frozenset(roles)
        return guarded

    return decorator


def public(view):
    view.allowed_roles = None  # declared: anyone, signed in or not
    return view


def accepts_uploads(max_bytes: int):
    """Let a route take a request of up to ``max_bytes`` (the app-wide limit is
    1 MB). Put it under ``@requires``. See ``staff.allow_declared_uploads``."""

    def decorator(view):
        view.max_upload = max_bytes
        return view

    return decorator
