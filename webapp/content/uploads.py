"""Pictures and recordings that staff upload for a page.

What a file is comes from its first bytes, never from its name or the
browser's word for it. Pictures are decoded with Pillow, turned upright,
shrunk to phone size and encoded again: that also drops every bit of
metadata (EXIF with GPS position, camera serials, comments), which protects
residents and staff in the photos and the people who took them. Recordings
are kept as uploaded once their bytes prove to be MP3, OGG or M4A audio.

Files and rows go together: a file is written before its row is added and
removed again if the row cannot be; a row's deletion is committed (by the
caller) before its file is removed. Nothing here commits or is a route (see
staff_media.py).
"""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from PIL import Image, ImageOps
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage

from models import Page, PageMedia, limits

MB = 1024 * 1024
MAX_IMAGE_BYTES = 8 * MB
MAX_AUDIO_BYTES = 20 * MB
MAX_SIDE = 960  # "phone size": the long side of a stored picture, in pixels
JPEG_QUALITY = 82


class UploadError(ValueError):
    """A file that cannot be used; the message is shown to the staff member."""


@dataclass(frozen=True)
class FileType:
    kind: str  # 'image' or 'audio'
    mime_type: str
    extension: str
    pillow_format: str | None = None  # the only decoder Pillow may use for it


JPEG = FileType("image", "image/jpeg", ".jpg", "JPEG")
PNG = FileType("image", "image/png", ".png", "PNG")
WEBP = FileType("image", "image/webp", ".webp", "WEBP")
MP3 = FileType("audio", "audio/mpeg", ".mp3")
OGG = FileType("audio", "audio/ogg", ".ogg")
M4A = FileType("audio", "audio/mp4", ".m4a")

# ISO BMFF brands that audio-only MP4 files (.m4a) carry, from iPhone voice
# memos to Android recorders. A file must also hold a sound track and no video.
M4A_BRANDS = {b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"iso4", b"iso5", b"iso6"}
# The first packet of an Ogg stream names its codec: Vorbis, Opus or FLAC sound.
OGG_AUDIO_CODECS = (b"\x01vorbis", b"OpusHead", b"\x7fFLAC")


def not_accepted() -> UploadError:
    return UploadError(
        _("This kind of file cannot be used. Please upload a picture (JPEG, PNG or WebP) "
          "or a sound recording (MP3, OGG or M4A).")
    )


# --- what the bytes are ------------------------------------------------------


def sniff(data: bytes) -> FileType | None:
    """The accepted type these bytes are, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _is_mp3(data):
        return MP3
    if _is_ogg_audio(data):
        return OGG
    if _is_m4a(data):
        return M4A
    return None


def _mp3_frame_header(data: bytes, at: int) -> bool:
    """An MPEG audio Layer III frame header (frame sync, no reserved values) at ``at``."""
    if at + 4 > len(data) or data[at] != 0xFF:
        return False
    b1, b2 = data[at + 1], data[at + 2]
    return (
        b1 & 0xE0 == 0xE0  # the other 3 bits of the 11-bit frame sync
        and (b1 >> 3) & 3 != 1  # version: 1 is reserved
        and (b1 >> 1) & 3 == 1  # layer III
        and b2 >> 4 not in (0, 15)  # bitrate: "free" or invalid
        and (b2 >> 2) & 3 != 3  # sample rate: reserved
    )


def _is_mp3(data: bytes) -> bool:
    if data.startswith(b"ID3") and len(data) >= 10:
        # ID3v2 tag: 10-byte header, size as four 7-bit bytes, maybe a 10-byte footer.
        if any(b & 0x80 for b in data[6:10]):
            return False
        size = data[6] << 21 | data[7] << 14 | data[8] << 7 | data[9]
        start = 10 + size + (10 if data[5] & 0x10 else 0)
        # The audio follows the tag, sometimes after a little padding.
        return any(_mp3_frame_header(data, at) for at in range(start, min(start + 4096, len(data))))
    return _mp3_frame_header(data, 0)


def _is_ogg_audio(data: bytes) -> bool:
    # First page: "OggS", version 0, "beginning of stream" flag, then the
    # segment table and the first packet, which names the codec.
    if not data.startswith(b"OggS") or len(data) < 28 or data[4] != 0 or not data[5] & 0x02:
        return False
    first_packet = data[27 + data[26]:]
    return first_packet.startswith(OGG_AUDIO_CODECS)


def _boxes(data: bytes, start: int, end: int):
    """(type, payload start, end) of the ISO BMFF boxes between start and end."""
    at = start
    while at + 8 <= end:
        size, kind, header = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8], 8
        if size == 1:  # 64-bit size follows
            if at + 16 > end:
                return
            size, header = int.from_bytes(data[at + 8:at + 16], "big"), 16
        elif size == 0:  # to the end of the file
            size = end - at
        if size < header or at + size > end:
            return
        yield kind, at + header, at + size
        at += size


def _track_handlers(data: bytes) -> set[bytes]:
    """The handler types ('soun', 'vide', ...) of the tracks in the movie box."""
    handlers = set()
    for kind, start, end in _boxes(data, 0, len(data)):
        if kind != b"moov":
            continue
        for trak, t_start, t_end in _boxes(data, start, end):
            if trak != b"trak":
                continue
            for mdia, m_start, m_end in _boxes(data, t_start, t_end):
                if mdia != b"mdia":
                    continue
                for hdlr, h_start, h_end in _boxes(data, m_start, m_end):
                    if hdlr == b"hdlr" and h_end - h_start >= 12:
                        # version and flags (4 bytes), pre_defined (4), handler type (4)
                        handlers.add(bytes(data[h_start + 8:h_start + 12]))
    return handlers


def _is_m4a(data: bytes) -> bool:
    if data[4:8] != b"ftyp" or len(data) < 16:
        return False
    ftyp_size = int.from_bytes(data[:4], "big")
    if not 16 <= ftyp_size <= min(len(data), 1024):
        return False
    brands = {bytes(data[8:12])} | {bytes(data[at:at + 4]) for at in range(16, ftyp_size - 3, 4)}
    if not brands & M4A_BRANDS:
        return False
    handlers = _track_handlers(data)
    return b"soun" in handlers and b"vide" not in handlers


# --- pictures ----------------------------------------------------------------


def _unreadable_picture() -> UploadError:
    return UploadError(
        _("This picture could not be read: the file is damaged or incomplete. "
          "Please save or export it again and upload it once more.")
    )


def _too_many_pixels() -> UploadError:
    return UploadError(
        _("This picture has too many pixels to be processed. Please make it smaller and try again.")
    )


def _check_pixels(image: Image.Image) -> None:
    limit = Image.MAX_IMAGE_PIXELS
    if limit and image.width * image.height > limit:
        raise _too_many_pixels()


def _opaque_or_transparent(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is (partly) see-through."""
    if image.mode.startswith("I"):  # 16-bit greyscale PNG: scale, do not clip to white
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        if rgba.getchannel("A").getextrema()[0] < 255:
            return rgba
        return rgba.convert("RGB")
    return image.convert("RGB")


def phone_sized_picture(data: bytes, file_type: FileType) -> tuple[bytes, FileType]:
    """The picture upright, at most MAX_SIDE px on its long side, without any
    metadata: JPEG, or PNG when it has transparency."""
    formats = [file_type.pillow_format]
    try:
        # Opening reads only the header. Pillow raises DecompressionBombError
        # above twice MAX_IMAGE_PIXELS and only warns above it: _check_pixels
        # refuses those too, before any pixel is decoded.
        with Image.open(io.BytesIO(data), formats=formats) as probe:
            _check_pixels(probe)
            probe.verify()
        with Image.open(io.BytesIO(data), formats=formats) as image:  # verify() used up the first
            if file_type is JPEG:
                image.draft(image.mode, (MAX_SIDE, MAX_SIDE))  # decode at a fraction of the size
            image.load()
            upright = ImageOps.exif_transpose(image)
        picture = _opaque_or_transparent(upright)
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    except UploadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):  # the warning, if made an error
        raise _too_many_pixels() from None
    except Exception:  # Pillow reports a bad file in many ways (OSError, SyntaxError, ...)
        raise _unreadable_picture() from None
    # A new image from the bare pixels: no EXIF, ICC, XMP, comments or text chunks.
    clean = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    out = io.BytesIO()
    if clean.mode == "RGBA":
        clean.save(out, "PNG", optimize=True)
        return out.getvalue(), PNG
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue(), JPEG


# --- storing -----------------------------------------------------------------


def _read(file_storage: FileStorage | None) -> bytes:
    if file_storage is None or not file_storage.filename:
        raise UploadError(_("Please choose a file to upload."))
    data = file_storage.stream.read(max(MAX_IMAGE_BYTES, MAX_AUDIO_BYTES) + 1)
    if not data:
        raise UploadError(_("The file is empty."))
    return data


def store_upload(
    session: Session, page: Page, file_storage: FileStorage | None, *, lang: str | None, alt_text: str,
    media_dir: Path,
) -> PageMedia:
    """Check the uploaded file, store it under a new random name in
    ``media_dir`` and add its row to ``page`` (flushed, not committed).

    ``lang`` None: for every language; else the code of the translation it
    belongs to. Raises UploadError with a message for staff. If the caller's
    commit fails, it should call ``remove_file`` for the returned row.
    """
    data = _read(file_storage)
    file_type = sniff(data)
    if file_type is None:
        raise not_accepted()
    alt_text = (alt_text or "").strip()
    if len(alt_text) > limits.ALT_TEXT:
        raise UploadError(
            _("The description is too long (at most %(count)s characters).", count=limits.ALT_TEXT)
        )
    if file_type.kind == "image":
        if len(data) > MAX_IMAGE_BYTES:
            raise UploadError(
                _("This picture is too large: at most %(size)s MB.", size=MAX_IMAGE_BYTES // MB)
            )
        if not alt_text:
            raise UploadError(
                _("Please describe what the picture shows, for people who use a screen reader.")
            )
        data, file_type = phone_sized_picture(data, file_type)
    elif len(data) > MAX_AUDIO_BYTES:
        raise UploadError(_("This recording is too large: at most %(size)s MB.", size=MAX_AUDIO_BYTES // MB))

    media_dir = Path(media_dir)
    media_dir.mkdir(parents=True, exist_ok=True)
    filename = secrets.token_hex(16) + file_type.extension
    path = media_dir / filename
    file = path.open("xb")  # "x": never overwrite another file
    try:
        with file:
            file.write(data)
        media = PageMedia(
            lang=lang or None,
            kind=file_type.kind,
            filename=filename,
            mime_type=file_type.mime_type,
            byte_size=len(data),
            alt_text=alt_text,
            position=max((m.position for m in page.media), default=-1) + 1,
        )
        page.media.append(media)
        session.flush()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return media


def remove_file(media: PageMedia, media_dir: Path) -> None:
    (Path(media_dir) / media.filename).unlink(missing_ok=True)


def delete_media(session: Session, media: PageMedia) -> None:
    """Delete the row (flushed). Commit, then ``remove_file``: if the commit
    fails, the row keeps its file."""
    session.delete(media)
    session.flush()
