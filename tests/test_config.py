"""Configuration from the environment with safe defaults."""
from __future__ import annotations

import datetime as dt
import os
import runpy
import stat
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import text

from webapp import create_app

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_sqlite_in_instance_folder_with_wal_and_a_generated_secret(tmp_path, monkeypatch):
    for name in ("DATABASE_URL", "SECRET_KEY", "ENABLED_LANGUAGES"):
        monkeypatch.delenv(name, raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'veiviser.db'}"
    key_file = tmp_path / "secret_key"
    assert app.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(app.config["SECRET_KEY"]) >= 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    # The key is generated once: a second start (or a second worker) reuses it.
    assert create_app(instance_path=str(tmp_path)).config["SECRET_KEY"] == app.config["SECRET_KEY"]
    with app.extensions["db_engine"].connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_environment_overrides(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    monkeypatch.setenv("ENABLED_LANGUAGES", "ar, ti,xx")
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"].endswith("other.db")
    assert app.config["ENABLED_LANGUAGES"] == ["ar", "ti"]  # unknown codes are ignored
    assert not (tmp_path / "secret_key").exists()


def test_the_access_log_has_no_client_address(capsys):
    """gunicorn.conf.py: the access log of a resident's request names no
    address and no user agent (design rule 2), with gunicorn's own logger."""
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    for name, value in runpy.run_path(str(ROOT / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    logger = Logger(config)
    environ = {"REMOTE_ADDR": "203.0.113.7", "HTTP_USER_AGENT": "PhoneBrowser/1.0", "REQUEST_METHOD": "GET",
               "RAW_URI": "/ar/demo/", "PATH_INFO": "/ar/demo/", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1"}
    request = SimpleNamespace(headers=[("USER-AGENT", "PhoneBrowser/1.0")], method="GET", uri="/ar/demo/",
                              path="/ar/demo/", query="", version=(1, 1), peer_addr=("203.0.113.7", 5555))
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[], response_length=1234)
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    line = capsys.readouterr().out
    assert "/ar/demo/" in line and "200" in line
    assert "203.0.113.7" not in line and "PhoneBrowser" not in line
