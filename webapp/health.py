"""``GET /healthz``: 200 when the database answers, 503 otherwise."""
from flask import Blueprint, Flask, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from webapp import db


def healthz():
    try:
        db.session().execute(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def init_app(app: Flask) -> None:
    bp = Blueprint("health", __name__)
    bp.add_url_rule("/healthz", view_func=healthz)
    app.register_blueprint(bp)
