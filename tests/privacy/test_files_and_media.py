"""What lies on the server's disk is the app's own: the instance folder and
the SQLite database are readable by its user only; pictures of a page that
is not published reach only the staff who may edit it, and no cache keeps them."""
from __future__ import annotations

import os
import stat

from sqlalchemy import select

from models import Centre, Page, PageMedia
from tests.content.test_media import PNG
from webapp import create_app


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_instance_folder_and_the_database_are_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    app = create_app({"SECRET_KEY": "x"}, instance_path=str(instance))
    with app.app_context():
        app.extensions["db_engine"].connect().close()
    assert mode(instance) == 0o700
    database = instance / "veiviser.db"
    assert database.exists() and mode(database) == 0o600
    assert mode(instance / "checkin_keys") == 0o600
    database.chmod(0o644)  # as an older release left it
    create_app({"SECRET_KEY": "x"}, instance_path=str(instance))
    assert mode(database) == 0o600


def unpublished_picture(app, db_session) -> str:
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    page.published = False
    media = PageMedia(kind="image", filename="secret.png", mime_type="image/png", byte_size=len(PNG), alt_text="x")
    page.media.append(media)
    db_session.flush()
    folder = os.path.join(app.instance_path, "media")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "secret.png"), "wb") as f:
        f.write(PNG)
    return f"/media/{media.id}/secret.png"


def test_an_unpublished_picture_only_for_staff_who_may_edit_its_page(app, client, db_session, staff_client):
    url = unpublished_picture(app, db_session)
    assert client.get(url).status_code == 404  # a resident
    assert staff_client("host").get(url).status_code == 404  # staff who do not edit pages
    response = staff_client("nurse").get(url)
    assert response.status_code == 200 and response.data == PNG
    assert "no-store" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]


def test_a_nurse_of_another_centre_cannot_see_a_local_pages_pictures(app, db_session, staff_client):
    url = unpublished_picture(app, db_session)
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    other = Centre(slug="other", name="Other centre")
    db_session.add(other)
    db_session.flush()
    page.centre_id = other.id
    db_session.flush()
    assert staff_client("nurse").get(url).status_code == 404  # works at the demo centre
    assert staff_client("admin").get(url).status_code == 200
