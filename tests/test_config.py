"""Configuration from the environment with safe defaults."""
from __future__ import annotations

import os
import stat

from sqlalchemy import text

from webapp import create_app


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
