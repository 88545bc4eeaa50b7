"""Production-shaped serving on one machine (``make serve``): nginx in front
serves the app files and the published snapshot itself; gunicorn (threaded
workers) answers only the API, the staff pages, the packs and misses;
PostgreSQL is the database. See docs/deploy.md.

    DATABASE_URL  PostgreSQL (default postgresql://postgres@127.0.0.1:5432/veiviser,
                  created if missing)
    HOST, PORT    nginx's address (default 127.0.0.1:8080); gunicorn listens on 127.0.0.1:UPSTREAM_PORT
                  (default 5001)

Installs Debian's nginx-light when nginx is missing. Ctrl-C stops both.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, text

from scripts.system import ensure_command, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/veiviser"


def ensure_database(url: str) -> None:
    """Create the database when the server has none of that name yet."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = make_url_for(parts, "postgres")
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        if not connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def make_url_for(parts, database: str) -> str:
    scheme = "postgresql+psycopg" if parts.scheme == "postgresql" else parts.scheme
    return urlunsplit((scheme, parts.netloc, "/" + database, parts.query, ""))


def flask(*args: str, env: dict) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args],
                            cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout


def start_stack(env: dict, port: str, upstream_port: str, folder: Path, host: str = "127.0.0.1",
                access_log: bool = True) -> tuple[subprocess.Popen, subprocess.Popen]:
    """Publish, write nginx's configuration, start gunicorn and nginx in front
    (the database is migrated already). Returns (nginx, gunicorn)."""
    ensure_command("nginx", "nginx-light")
    published = Path(env["PUBLISHED_DIR"])
    published.mkdir(parents=True, exist_ok=True)
    print(flask("publish", env=env), end="")
    config = flask("nginx-config", "--listen", f"{host}:{port}", "--upstream", f"127.0.0.1:{upstream_port}",
                   "--folder", str(folder), env=env)
    (folder / "nginx.conf").write_text(config)
    for path in (*reversed(published.parents), published):  # nginx's workers may pass and read
        if path.stat().st_mode & 0o005 != 0o005 and os.access(path, os.W_OK):
            path.chmod(path.stat().st_mode | 0o005)
    gunicorn = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
                                cwd=ROOT, env={**env, "HOST": "127.0.0.1", "PORT": upstream_port},
                                stdout=None if access_log else subprocess.DEVNULL,
                                stderr=open(folder / "gunicorn.log", "w"))
    wait_for_port(int(upstream_port))
    nginx = subprocess.Popen(["nginx", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"])
    wait_for_port(int(port))
    return nginx, gunicorn


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if url.startswith("postgresql"):
        ensure_database(url)
    port = os.environ.get("PORT", "8080")
    upstream_port = os.environ.get("UPSTREAM_PORT", "5001")
    folder = ROOT / "serve"
    folder.mkdir(exist_ok=True)
    # Outside the instance folder, which stays private (secrets, the SQLite
    # file): nginx's workers run as an unprivileged user and read only this.
    published = os.environ.get("PUBLISHED_DIR") or str(folder / "published")
    env = {**os.environ, "DATABASE_URL": url, "PUBLISHED_DIR": published,
           "TRUSTED_PROXIES": os.environ.get("TRUSTED_PROXIES", "1")}
    print(flask("setup", env=env), end="")
    nginx, gunicorn = start_stack(env, port, upstream_port, folder, os.environ.get("HOST", "127.0.0.1"))
    print(f"Veiviser on http://127.0.0.1:{port}/  (nginx; gunicorn on 127.0.0.1:{upstream_port}; {url.split('@')[-1]})")

    def stop(*_args):
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            process.wait(timeout=30)
        sys.exit(0)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while all(process.poll() is None for process in (nginx, gunicorn)):
        time.sleep(1)
    stop()

if __name__ == "__main__":
    main()
