"""What is published for a phone to keep (the manifest of a language), and
the files behind the PWA."""
from __future__ import annotations

import json
import struct

from sqlalchemy import select

from models import Page
from models.content_version import current_version
from webapp.content.editing import revise_source, save_translation
from webapp.publishing import packs
from webapp.publishing import publish as publish_module
from webapp.release import release_id


def manifest(client, lang="ar"):
    response = client.get(f"/{lang}/demo/offline.json")
    assert response.status_code == 200
    return response.get_json()["urls"]


def release(client, lang="ar"):
    return client.get(f"/{lang}/demo/offline.json").get_json()["release"]


def test_manifest_lists_every_page_a_resident_can_open(client, db_session):
    urls = manifest(client)
    published = db_session.scalars(select(Page.slug).where(Page.published)).all()
    assert {f"/ar/demo/pages/{slug}" for slug in published} <= set(urls)
    for path in ["", "help", "privacy", "search", "offline", "unavailable", "topics/health"]:
        assert f"/ar/demo/{path}" in urls
    # The help page is also kept in the centre's main languages.
    assert {"/ti/demo/help", "/uk/demo/help", "/prs/demo/help", "/so/demo/help"} <= set(urls)
    # Every URL in it really answers 200.
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_hash_is_a_hash_of_what_the_phone_gets(client):
    urls = manifest(client)
    frikort = urls["/ar/demo/pages/frikort"]
    assert len(frikort["h"]) == 8
    assert frikort["t"] == "money"


def test_changing_one_page_changes_only_that_pages_hashes(client, db_session):
    before = manifest(client)
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    arabic = next(t for t in page.translations if t.lang == "ar")
    save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nجملة جديدة.\n")
    db_session.flush()
    after = manifest(client)
    changed = {url for url in before if before[url] != after.get(url)}
    assert changed == {"/ar/demo/pages/frikort"}
    assert manifest(client, "ti") == manifest(client, "ti")  # other languages untouched


def test_unpublished_page_leaves_the_manifest(client, db_session):
    db_session.scalar(select(Page).where(Page.slug == "school")).published = False
    db_session.flush()
    assert "/ar/demo/pages/school" not in manifest(client)


def test_a_new_release_of_static_files_does_not_change_page_hashes(app, client, tmp_path):
    import shutil

    before = manifest(client)
    old_release = release(client)
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)
    app.static_folder = str(static)
    (static / "css" / "app.css").write_text((static / "css" / "app.css").read_text() + "\n/* release */\n")
    assert manifest(client) == before
    assert release(client) != old_release
    assert "/static/css/app.css?v=" in client.get("/ar/demo/").get_data(as_text=True)


def test_an_edit_renders_only_what_it_affects(client, db_session, monkeypatch):
    renders = []
    real = publish_module.render_for_phone
    monkeypatch.setattr(publish_module, "render_for_phone", lambda a, p: renders.append(p) or real(a, p))
    manifest(client), manifest(client, "nb")
    first = len(renders)
    assert first > 80
    manifest(client), manifest(client, "nb")
    assert len(renders) == first, "an unchanged site must not be rendered again"
    version = current_version(db_session)
    school = db_session.scalar(select(Page).where(Page.slug == "school"))
    revise_source(school, title="Skole", body="Ny.\n", minor=False)
    db_session.flush()
    assert current_version(db_session) == version + 1
    renders.clear()
    manifest(client)
    manifest(client, "nb")
    # Arabic: the page now says its translation is behind; its topic lists the
    # same Arabic title. Norwegian: the new title, on the page and in the list.
    assert sorted(renders) == ["/ar/demo/pages/school", "/nb/demo/pages/school", "/nb/demo/topics/children"]


def test_a_translation_is_rendered_again_only_where_it_is_read(client, db_session, monkeypatch):
    renders = []
    real = publish_module.render_for_phone
    monkeypatch.setattr(publish_module, "render_for_phone", lambda a, p: renders.append(p) or real(a, p))
    manifest(client, "ar"), manifest(client, "ti")
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    arabic = next(t for t in page.translations if t.lang == "ar")
    save_translation(page, "ar", title=arabic.title, body=arabic.body + "\nجملة جديدة.\n")  # same title and summary
    db_session.flush()
    renders.clear()
    manifest(client, "ar"), manifest(client, "ti")
    # Arabic readers get the new text; the list of its topic shows nothing new; Tigrinya has its own.
    assert renders == ["/ar/demo/pages/frikort"]


def test_an_up_to_date_phone_is_answered_with_no_body(client):
    first = client.get("/ar/demo/pack")
    held = packs.read(first.data)["v"]  # a phone without gzip gets it as it is
    again = client.get(f"/ar/demo/pack?since={held}")
    assert again.status_code == 204 and again.data == b""
    assert again.headers["Cache-Control"] == "no-store"


def test_service_worker_knows_the_shell_and_every_pack_names_the_release(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    # The browser's check on each tap is answered from its cache; the check
    # when the app is opened names the release, and an older worker updates.
    assert response.headers["Cache-Control"] == "max-age=86400"
    with client.application.test_request_context("/"):
        release = release_id()
    assert client.get("/ar/demo/pack").headers["Veiviser-Release"] == release
    first_line = response.get_data(as_text=True).splitlines()[0]
    shell = json.loads(first_line.removeprefix("self.SHELL = ").rstrip(";"))
    assert len(shell["release"]) == 12
    assert any(url.startswith("/static/css/app.css?v=") for url in shell["files"])
    for url in shell["files"]:
        assert client.get(url).status_code == 200, url


def test_web_app_manifest_speaks_the_residents_language(client):
    response = client.get("/ar/demo/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    data = response.get_json()
    assert data["lang"] == "ar" and data["dir"] == "rtl"
    assert data["start_url"] == "/ar/demo/" and data["display"] == "standalone"
    assert "Veiviser" in data["short_name"]
    assert data["name"] != "Veiviser: information for you"  # translated
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


def test_icons_are_real_pngs_of_the_stated_size(client):
    for size in (192, 512):
        data = client.get(f"/icons/{size}.png").data
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    assert client.get("/icons/13.png").status_code == 404


def test_pages_and_manifest_are_sent_gzipped(client):
    for url in ["/ar/demo/pages/frikort", "/ar/demo/offline.json", "/ar/demo/pack", "/sw.js"]:
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
