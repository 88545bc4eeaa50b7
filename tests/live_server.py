"""A real HTTP server for browser tests and screenshots: the app on its own
freshly migrated and seeded SQLite database, in a background thread."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from models import migrate
from models.db import make_engine
from webapp import create_app
from webapp.demo.seed import seed_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def seeded_app(folder: Path):
    url = f"sqlite:///{folder / 'live.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
    engine.dispose()
    return create_app({"DATABASE_URL": url, "SECRET_KEY": "live-test"}, instance_path=str(folder))


@contextmanager
def running(app):
    """Serve ``app`` on a free port of 127.0.0.1; yields the base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
