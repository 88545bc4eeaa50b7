"""What a phone installs and updates from: packs, and the snapshot they are
made of, published when content changes (webapp/publishing)."""
from __future__ import annotations

import re
import time

from sqlalchemy import select

from models import Page
from tests.live_server import database, seeded_app
from webapp import db
from webapp.content.editing import save_translation
from webapp.publishing import packs, publish, snapshot


def pack(client, lang="ar", **query):
    response = client.get(f"/{lang}/demo/pack", query_string=query)
    assert response.status_code == 200, response.data
    return packs.read(response.data)


def test_a_phone_holding_nothing_gets_every_page_then_only_what_changed(client, db_session):
    base = pack(client)
    assert base["full"] and set(base["pages"]) == set(base["urls"])
    assert {"/ar/demo/", "/ar/demo/help", "/ar/demo/pages/frikort"} <= set(base["pages"])
    for url in ("/ar/demo/pages/frikort", "/ar/demo/help"):  # the pack holds what the server sends
        assert base["pages"][url] == client.get(url).get_data(as_text=True)

    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    arabic = next(t for t in page.translations if t.lang == "ar")
    save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nجملة جديدة.\n")
    db_session.scalar(select(Page).where(Page.slug == "school")).published = False
    db_session.flush()

    delta = pack(client, since=base["v"])
    assert not delta["full"] and delta["v"] > base["v"]
    assert "جملة جديدة" in delta["pages"]["/ar/demo/pages/frikort"]
    assert "/ar/demo/pages/school" in delta["removed"]
    assert len(delta["pages"]) <= 3  # the page, and the lists that named the unpublished one
    assert client.get(f"/ar/demo/pack?since={delta['v']}").status_code == 204
    # A phone that says it holds something the server never published starts again.
    assert pack(client, since=delta["v"] + 100)["full"]


def test_a_readers_own_order_is_an_edition_of_its_own(client, db_session):
    page = db_session.scalar(select(Page).where(Page.slug == "school"))
    db_session.delete(next(t for t in page.translations if t.lang == "ckb"))
    db_session.flush()

    def language_shown(edition):
        html = edition["pages"]["/ckb/demo/pages/school"]
        return re.search(r'<article class="page" lang="([a-z]+)"', html).group(1)

    assert language_shown(pack(client, "ckb")) == "ar"  # Sorani readers: Arabic first by default
    assert language_shown(pack(client, "ckb", also="fa,en")) == "fa"
    assert language_shown(pack(client, "ckb", also="ar,fa")) == "ar"
    editions = {name for name, _ in (path.stem.split("-", 1) for path in (snapshot_root(client) / "state").iterdir())}
    assert editions == {"ckb", "ckb+fa.en"}  # the default order is the default edition


def snapshot_root(client):
    with client.application.app_context():
        return snapshot.root()


def test_an_edit_is_published_before_the_save_returns(app, client, db_session):
    pack(client)  # Arabic is published
    with app.test_request_context("/staff/pages"):  # as the editor's save does
        session = db.session()
        page = session.scalar(select(Page).where(Page.slug == "frikort"))
        arabic = next(t for t in page.translations if t.lang == "ar")
        save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nنص منشور.\n")
        session.commit()
        with app.app_context():
            file = snapshot.page_file("/ar/demo/pages/frikort")
    assert "نص منشور" in file.read_text(encoding="utf-8")  # no request needed after the save
    assert snapshot.gzipped(file).stat().st_size > 0


def test_a_published_page_is_answered_from_the_snapshot(client, db_session):
    pack(client)
    with client.application.app_context():
        file = snapshot.page_file("/ar/demo/help")
    file.write_text(file.read_text(encoding="utf-8").replace("</main>", "<p>from disk</p></main>"), encoding="utf-8")
    client.application.extensions.pop("resident_pages", None)  # what this worker rendered while publishing
    assert "from disk" in client.get("/ar/demo/help").get_data(as_text=True)
    # Content changed and not published yet: the page is rendered, never stale.
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    page.published = False
    db_session.flush()
    assert "from disk" not in client.get("/ar/demo/help").get_data(as_text=True)


def test_too_much_to_publish_in_a_request_is_published_in_the_background(tmp_path):
    app = seeded_app(tmp_path)
    app.config["PUBLISH_RENDER_LIMIT"] = 5
    client = app.test_client()
    busy = client.get("/ti/demo/pack")
    assert busy.status_code == 503 and int(busy.headers["Retry-After"]) > 0
    assert busy.get_json()["error"]["code"] == "publishing"
    deadline = time.monotonic() + 60
    while client.get("/ti/demo/pack").status_code != 200:
        assert time.monotonic() < deadline, "the background publishing never finished"
        time.sleep(0.2)
    with database(app) as session:
        assert session.scalar(select(Page.id).limit(1)) is not None


def test_a_snapshot_of_another_database_is_published_again(client, monkeypatch):
    held = pack(client)["v"]
    renders = []
    real = publish.render_for_phone
    monkeypatch.setattr(publish, "render_for_phone", lambda a, p: renders.append(p) or real(a, p))
    # Same content version, release and day, but another database: its versions mean nothing here.
    config = client.application.config
    config["DATABASE_URL"] += "&copy=1" if "?" in config["DATABASE_URL"] else "?copy=1"
    assert client.get(f"/ar/demo/pack?since={held}").status_code == 204  # the same pages, as it happens
    assert len(renders) > 40, "the snapshot of another database was trusted"
