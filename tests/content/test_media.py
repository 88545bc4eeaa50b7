"""Pictures and recordings shown with a page, from our own origin."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from models import Page, PageMedia

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def add_media(app, db_session, **fields) -> PageMedia:
    page = db_session.scalar(select(Page).where(Page.slug == "frikort"))
    folder = Path(app.instance_path) / "media"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / fields["filename"]).write_bytes(PNG)
    media = PageMedia(page_id=page.id, byte_size=len(PNG), **fields)
    db_session.add(media)
    db_session.flush()
    return media


def test_picture_is_shown_with_its_description_and_cached_for_long(app, client, db_session):
    media = add_media(app, db_session, kind="image", filename="card.png", mime_type="image/png", alt_text="Et frikort")
    html = client.get("/ar/demo/pages/frikort").get_data(as_text=True)
    url = f"/media/{media.id}/card.png"
    assert f'src="{url}" alt="Et frikort"' in html

    response = client.get(url)
    assert response.status_code == 200 and response.data == PNG
    assert response.mimetype == "image/png"
    assert "max-age=31536000" in response.headers["Cache-Control"]


def test_recording_is_offered_only_with_the_language_it_was_made_in(app, client, db_session):
    media = add_media(app, db_session, kind="audio", filename="ti.ogg", mime_type="audio/ogg", lang="ti")
    assert f"/media/{media.id}/ti.ogg" in client.get("/ti/demo/pages/frikort").get_data(as_text=True)
    assert "<audio" not in client.get("/ar/demo/pages/frikort").get_data(as_text=True)
    # preload="none": nothing is downloaded until the resident presses play.
    assert 'preload="none"' in client.get("/ti/demo/pages/frikort").get_data(as_text=True)


def test_media_of_an_unpublished_page_or_with_a_wrong_name_is_not_found(app, client, db_session):
    media = add_media(app, db_session, kind="image", filename="x.png", mime_type="image/png")
    assert client.get(f"/media/{media.id}/other.png").status_code == 404
    db_session.get(Page, media.page_id).published = False
    db_session.flush()
    assert client.get(f"/media/{media.id}/x.png").status_code == 404
