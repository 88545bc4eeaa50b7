from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from webapp import create_app


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_is_503_when_the_database_is_unreachable(tmp_path):
    app = create_app(
        {"TESTING": True, "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1"},
        instance_path=str(tmp_path),
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    body = response.get_json()
    assert body["error"]["code"] == "not_found"
    assert body["error"]["message"]


def test_wrong_method_is_a_clear_405_not_a_500(client):
    response = client.post("/en/demo/help")
    assert response.status_code == 405
    assert response.mimetype == "text/html"


def test_a_database_error_never_carries_the_values_into_a_log(app):
    """An error's text is what ends up in the error log: it names the
    statement, never an e-mail address or a page's words."""
    with pytest.raises(DBAPIError) as error, app.extensions["db_engine"].connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table WHERE email = :email"), {"email": "nurse@secret.example"})
    assert "no_such_table" in str(error.value) and "nurse@secret.example" not in str(error.value)
