"""Staff URLs that every feature relies on: signing in and out, accounts,
each person's language, the audit log."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.staff import auth_views, users_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    staff.add_url_rule("/login", view_func=auth_views.login, methods=["GET", "POST"])
    staff.add_url_rule("/logout", view_func=auth_views.logout, methods=["POST"])
    staff.add_url_rule("/users", view_func=users_views.users)
    staff.add_url_rule("/users", view_func=users_views.add_user, methods=["POST"])
    staff.add_url_rule("/users/<int:user_id>/password", view_func=users_views.reset_password, methods=["POST"])
    staff.add_url_rule("/users/<int:user_id>/active", view_func=users_views.set_active, methods=["POST"])
    staff.add_url_rule("/language", view_func=users_views.set_language, methods=["POST"])
    staff.add_url_rule("/audit", view_func=users_views.audit_log)
