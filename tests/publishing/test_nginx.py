"""make serve's front: nginx (Debian's nginx-light) serving the published
snapshot and the app files itself, and passing everything else to the app,
with the app's own headers (webapp/publishing/nginx.py)."""
from __future__ import annotations

import gzip
import socket
import subprocess

import httpx
import pytest
from sqlalchemy import select

from models import Centre, Page
from scripts.system import wait_for_port
from tests.live_server import LiveServer, seeded_app
from webapp import db
from webapp.content.editing import save_translation
from webapp.publishing import nginx, publish, snapshot
from webapp.security import ALWAYS, DOCUMENTS


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def front(tmp_path):
    """The app (as gunicorn would be) with nginx in front; Arabic published."""
    (tmp_path / "app").mkdir()
    app = seeded_app(tmp_path / "app")
    app.config["PUBLISHED_DIR"] = str(tmp_path / "published")
    with app.test_request_context("/"):
        publish.publish_language("ar", db.session().scalar(select(Centre)))
    server = LiveServer(app).start()
    folder = tmp_path / "nginx"
    (folder / "tmp").mkdir(parents=True)
    (folder / "proxy.conf").write_text(nginx.PROXY)
    port = free_port()
    with app.app_context():
        config = nginx.config(listen=f"127.0.0.1:{port}", upstream=server.url.removeprefix("http://"), folder=folder)
    (folder / "nginx.conf").write_text(config)
    for path in (tmp_path, tmp_path / "published", *tmp_path.parents):  # nginx's workers may read
        if path.stat().st_uid == 0:
            path.chmod(path.stat().st_mode | 0o005)
    process = subprocess.Popen(["nginx", "-c", str(folder / "nginx.conf"), "-g", "daemon off;"])
    try:
        wait_for_port(port)
        yield app, server, f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.stop()


def test_nginx_serves_published_pages_itself_with_the_apps_headers(front):
    app, server, base = front
    with httpx.Client(base_url=base) as client:
        direct = httpx.get(server.url + "/ar/demo/help")
        server.log.clear()
        page = client.get("/ar/demo/help", headers={"Accept-Encoding": "gzip"})
        assert page.status_code == 200 and page.text == direct.text
        assert page.headers["content-encoding"] == "gzip"  # the .gz published beside it
        for name, value in {**ALWAYS, **DOCUMENTS}.items():
            assert page.headers[name] == value, name
        assert "no-cache" in page.headers["cache-control"]
        assert server.paths() == [], "a published page reached the app"

        css = next(line for line in page.text.splitlines() if "app.css?v=" in line).split('"')[3]
        app_file = client.get(css, headers={"Accept-Encoding": "gzip"})
        assert "immutable" in app_file.headers["cache-control"] and app_file.headers["content-encoding"] == "gzip"

        # A query, the packs and the API go to the app.
        assert client.get("/ar/demo/search?q=lege").status_code == 200
        assert client.get("/ar/demo/pack").status_code == 200
        assert client.post("/api/v1/sync", json={"items": []}).status_code == 422
        assert {r.path.split("?")[0] for r in server.log} == {"/ar/demo/search", "/ar/demo/pack", "/api/v1/sync"}


def test_an_edit_is_what_nginx_serves_next(front):
    app, server, base = front
    with app.test_request_context("/staff/pages"):  # as the editor's save does
        session = db.session()
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        arabic = next(t for t in page.translations if t.lang == "ar")
        save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nسطر جديد.\n")
        session.commit()
    answer = httpx.get(base + "/ar/demo/pages/frikort", headers={"Accept-Encoding": "gzip"})
    assert "سطر جديد" in answer.text  # from the published .gz, at once
    with app.app_context():
        published = snapshot.gzipped(snapshot.page_file("/ar/demo/pages/frikort"))
    assert "سطر جديد" in gzip.decompress(published.read_bytes()).decode()
