"""Staff URLs that every feature relies on: signing in and out, each
person's own account and language, accounts, the audit log."""
from __future__ import annotations

from flask import Blueprint, Flask

from webapp.staff import account_views, auth_views, users_views


def register(app: Flask, resident: Blueprint, staff: Blueprint) -> None:
    staff.add_url_rule("/login", view_func=auth_views.login, methods=["GET", "POST"])
    staff.add_url_rule("/login/code", view_func=auth_views.login_code, methods=["GET", "POST"])
    staff.add_url_rule("/logout", view_func=auth_views.logout, methods=["POST"])
    staff.add_url_rule("/password/<token>", view_func=account_views.choose_password, methods=["GET", "POST"])
    staff.add_url_rule("/account", view_func=account_views.account)
    staff.add_url_rule("/account/password", view_func=account_views.change_password, methods=["POST"])
    staff.add_url_rule("/account/second-step/new", view_func=account_views.start_second_step, methods=["POST"])
    staff.add_url_rule("/account/second-step", view_func=account_views.confirm_second_step, methods=["POST"])
    staff.add_url_rule("/account/second-step/off", view_func=account_views.turn_off_second_step, methods=["POST"])
    staff.add_url_rule("/users", view_func=users_views.users)
    staff.add_url_rule("/users", view_func=users_views.add_user, methods=["POST"])
    staff.add_url_rule("/users/<int:user_id>/password", view_func=users_views.reset_password, methods=["POST"])
    staff.add_url_rule("/users/<int:user_id>/active", view_func=users_views.set_active, methods=["POST"])
    staff.add_url_rule("/language", view_func=users_views.set_language, methods=["POST"])
    staff.add_url_rule("/audit", view_func=users_views.audit_log)
