"""Check-in codes: format, signature, time windows, and the QR a phone actually reads."""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import urlsplit

import pytest
import qrcode
import time_machine
from PIL import Image, ImageDraw
from pyzbar.pyzbar import decode

from webapp.checkin.codes import (
    WINDOW_SECONDS,
    Code,
    CodeError,
    code_url,
    codes_for,
    current_window,
    derive_key,
    is_within,
    parse,
    sign,
    verify,
    window_at,
    window_start,
)
from webapp.qr import QR_BORDER, QR_ERROR_CORRECTION
from webapp.qr import svg as qr_svg
from webapp.qr import version as qr_version

UTC = UTC
KEY = derive_key("test secret key")
OTHER_KEY = derive_key("another deployment's secret key")
MEETING = 1234
BASE_URL = "https://veiviser.example.no"
# A realistic check-in URL: 4-digit meeting id, an 8-digit window (2025), 14-char signature.
REALISTIC_URL = "https://veiviser.example.no/c#1234.58923412.TwCsX8bjwBj9iw"
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def at(hour: int, minute: int, second: int = 0, microsecond: int = 0) -> datetime:
    return datetime(2025, 6, 2, hour, minute, second, microsecond, tzinfo=UTC)


def shown_at(moment: datetime, meeting_id: int = MEETING) -> Code:
    """The code a display whose clock reads ``moment`` shows, as the phone reads it."""
    with time_machine.travel(moment, tick=False):
        return parse(sign(KEY, meeting_id, current_window()))


def accepted(code: Code, opens: datetime, closes: datetime) -> bool:
    """What the sync API will do: a genuine signature and a window in the check-in window."""
    return verify(KEY, code) and is_within(code.window, opens, closes)


# --- Key and windows ------------------------------------------------------------------------


def test_key_is_hmac_sha256_of_the_secret_key_and_a_fixed_label():
    expected = hmac.new(b"test secret key", b"veiviser checkin codes v1", hashlib.sha256).digest()
    assert derive_key("test secret key") == derive_key(b"test secret key") == expected
    assert derive_key("test secret key") != derive_key("test secret key ")
    for bad in ("", b"", None):
        with pytest.raises(ValueError):
            derive_key(bad)


def test_windows_are_30_seconds_counted_from_the_unix_epoch():
    assert WINDOW_SECONDS == 30
    moment = at(10, 0, 29, 999_999)
    assert window_at(moment) == int(moment.timestamp()) // 30
    assert window_at(at(10, 0, 30)) == window_at(moment) + 1
    assert window_at(window_start(window_at(moment))) == window_at(moment)
    assert window_start(window_at(moment)) == at(10, 0, 0)
    assert window_at(datetime(1970, 1, 1, 0, 0, 29, tzinfo=UTC)) == 0
    # The same instant written in Oslo summer time is the same window.
    oslo = moment.astimezone(timezone(timedelta(hours=2)))
    assert window_at(oslo) == window_at(moment)
    with pytest.raises(ValueError):
        window_at(datetime(2025, 6, 2, 10, 0))  # naive: whose 10:00?


def test_current_window_follows_the_clock():
    with time_machine.travel(at(10, 0, 29), tick=False):
        first = current_window()
    with time_machine.travel(at(10, 0, 30), tick=False):
        assert current_window() == first + 1 == window_at(at(10, 0, 30))


# --- Format and round trip ------------------------------------------------------------------


def test_round_trip():
    with time_machine.travel(at(10, 15, 7), tick=False):
        window = current_window()
        text = sign(KEY, MEETING, window)
    assert re.fullmatch(rf"{MEETING}\.{window}\.[A-Za-z0-9_-]{{14}}", text)
    code = parse(text)
    assert code == Code(MEETING, window, text.rsplit(".", 1)[1])
    assert code.text == text
    assert verify(KEY, code)


def test_signature_is_the_first_10_bytes_of_hmac_in_unpadded_base64url():
    digest = hmac.new(KEY, b"checkin:v1:1234:58923412", hashlib.sha256).digest()
    expected = base64.urlsafe_b64encode(digest[:10]).decode().rstrip("=")
    assert sign(KEY, 1234, 58923412) == f"1234.58923412.{expected}"


def test_code_url_keeps_the_code_in_the_fragment():
    text = sign(KEY, MEETING, 58923412)
    url = code_url(BASE_URL, text)
    assert url == f"{BASE_URL}/c#{text}"
    parts = urlsplit(url)
    # Browsers never send the fragment: the server's request log sees only "GET /c".
    assert (parts.path, parts.query, parts.fragment) == ("/c", "", text)


@pytest.mark.parametrize("meeting_id, window", [
    (-1, 1), (1, -1), (True, 1), (1.0, 1), ("1", 1), (2**63, 1), (1, 10**30),
])
def test_sign_refuses_what_parse_would_refuse(meeting_id, window):
    with pytest.raises(ValueError):
        sign(KEY, meeting_id, window)


# --- The check-in window --------------------------------------------------------------------


def test_window_containing_opens_is_accepted_the_one_before_is_not():
    opens, closes = at(10, 0, 10), at(11, 0, 10)
    # 10:00:05: the window [10:00:00, 10:00:30) began before opens but overlaps it.
    assert accepted(shown_at(at(10, 0, 5)), opens, closes)
    # 09:59:55: the window [09:59:30, 10:00:00) is over before check-in opens.
    assert not accepted(shown_at(at(9, 59, 55)), opens, closes)


def test_window_ending_exactly_at_opens_is_not_accepted():
    opens, closes = at(10, 0), at(11, 0)
    assert not accepted(shown_at(at(9, 59, 59, 999_999)), opens, closes)  # [09:59:30, 10:00:00)
    assert accepted(shown_at(at(10, 0)), opens, closes)


def test_window_containing_closes_is_accepted_the_one_after_is_not():
    opens, closes = at(10, 0, 10), at(11, 0, 10)
    assert accepted(shown_at(at(11, 0, 29)), opens, closes)  # [11:00:00, 11:00:30) holds closes
    assert not accepted(shown_at(at(11, 0, 30)), opens, closes)  # begins after closes


def test_window_beginning_exactly_at_closes_is_accepted_inclusive_edge():
    opens, closes = at(10, 0), at(11, 0)
    assert accepted(shown_at(at(11, 0)), opens, closes)
    assert accepted(shown_at(at(11, 0, 29)), opens, closes)  # same window
    assert not accepted(shown_at(at(11, 0, 30)), opens, closes)


# --- Forgeries ------------------------------------------------------------------------------


def test_changing_any_one_character_of_the_signature_is_refused():
    text = sign(KEY, MEETING, 58923412)
    prefix, signature = text.rsplit(".", 1)
    tried = 0
    for i, original in enumerate(signature):
        for other in B64URL.replace(original, ""):
            forged = f"{prefix}.{signature[:i]}{other}{signature[i + 1:]}"
            try:
                code = parse(forged)
            except CodeError:
                continue  # e.g. a non-canonical last character: malformed, not forged
            tried += 1
            assert not verify(KEY, code), forged
    assert tried >= 13 * 63  # every position but the last is tried with all 63 other characters


def test_a_non_canonical_spelling_of_a_genuine_signature_is_refused():
    text = sign(KEY, MEETING, 58923412)
    last = B64URL.index(text[-1])
    assert last & 0b1111 == 0  # 14 chars hold 84 bits; the last 4 are the key id, 0 here
    sibling = text[:-1] + B64URL[last | 1]
    # It decodes to the very same 10 bytes, but its spare bits name key 1, whose
    # signatures cover another message: it is valid under no key, old or new.
    assert base64.urlsafe_b64decode(sibling.rsplit(".", 1)[1] + "==") == \
        base64.urlsafe_b64decode(text.rsplit(".", 1)[1] + "==")
    assert parse(sibling).kid == 1
    assert not verify({0: KEY, 1: KEY}, parse(sibling))


def test_a_code_signed_with_another_key_is_refused():
    code = parse(sign(OTHER_KEY, MEETING, 58923412))
    assert verify(OTHER_KEY, code)
    assert not verify(KEY, code)


def test_a_signature_for_another_meeting_is_refused_for_this_one():
    other = parse(sign(KEY, 99, 58923412))
    assert verify(KEY, other)
    assert not verify(KEY, Code(MEETING, other.window, other.signature))
    assert not verify(KEY, parse(f"{MEETING}.58923412.{other.signature}"))
    # The separators keep (12, 34) and (123, 4) apart.
    assert sign(KEY, 12, 345).rsplit(".", 1)[1] != sign(KEY, 123, 45).rsplit(".", 1)[1]


def test_a_signature_for_another_window_is_refused_for_this_one():
    code = parse(sign(KEY, MEETING, 58923412))
    for window in (58923411, 58923413, 58923412 + 2880, 0):
        assert not verify(KEY, Code(MEETING, window, code.signature))


def test_verify_takes_a_parsed_code():
    with pytest.raises(TypeError):
        verify(KEY, sign(KEY, MEETING, 58923412))


# --- Malformed ------------------------------------------------------------------------------

SIG = sign(KEY, MEETING, 58923412).rsplit(".", 1)[1]


@pytest.mark.parametrize("text", [
    "",
    ".",
    "..",
    "1234",
    "1234.58923412",
    f"1234.58923412.{SIG}.",
    f"1234.58923412.{SIG}.extra",
    f"1234..58923412.{SIG}",
    f".1234.58923412.{SIG}",
    f".58923412.{SIG}",
    f"1234..{SIG}",
    f"12a4.58923412.{SIG}",
    f"abcd.58923412.{SIG}",
    f"1234.5892341x.{SIG}",
    f"-1234.58923412.{SIG}",
    f"1234.-58923412.{SIG}",
    f"+1234.58923412.{SIG}",
    f"1_234.58923412.{SIG}",
    f"0x4d2.58923412.{SIG}",
    f"01234.58923412.{SIG}",
    f"{10**30}.58923412.{SIG}",
    f"1234.{10**30}.{SIG}",
    f"{2**63}.58923412.{SIG}",
    f"1234.{2**63}.{SIG}",
    f"١٢٣٤.58923412.{SIG}",  # Arabic-Indic digits: int() would take them
    f" 1234.58923412.{SIG}",
    f"1234.58923412.{SIG}\n",
    f"1234.58923412.{SIG}==",
    f"1234.58923412.{SIG[:-2]}==",
    f"1234.58923412.{SIG[:-1]}",
    f"1234.58923412.{SIG}A",
    f"1234.58923412.{SIG}AA",
    f"1234.58923412.{SIG[:-1]}+",
    f"1234.58923412.{SIG[:-1]}/",
    f"1234.58923412.{SIG[:-1]}=",
    f"1234.58923412.{SIG[:6]}!@#$%^&*",
    "1234.58923412.not base64 at al",
    "1234.58923412.",
    f"#1234.58923412.{SIG}",
    f"{BASE_URL}/c#1234.58923412.{SIG}",
    pytest.param("1" * 100_000, id="100k-digits"),
])
def test_malformed_codes_raise_code_error(text):
    with pytest.raises(CodeError):
        parse(text)


@pytest.mark.parametrize("value", [None, 1234, b"1234.58923412.AAAAAAAAAAAAAA", ["1234"]])
def test_non_text_raises_code_error(value):
    with pytest.raises(CodeError):
        parse(value)


def test_code_error_is_a_value_error():
    assert issubclass(CodeError, ValueError)


# --- Codes for a whole meeting --------------------------------------------------------------


def test_codes_for_cover_a_2h45_check_in_window_with_consecutive_verifying_codes():
    opens, closes = at(9, 45), at(12, 30)
    codes = codes_for(KEY, MEETING, opens, closes)
    assert len(codes) == 2 * 120 + 45 * 2 + 1 == 331  # the last begins at closes (inclusive)
    windows = [window for window, _ in codes]
    assert windows == list(range(window_at(opens), window_at(closes) + 1))
    for window, text in codes:
        code = parse(text)
        assert (code.meeting_id, code.window) == (MEETING, window)
        assert verify(KEY, code) and is_within(window, opens, closes)
    # Exactly the windows is_within() accepts: not one more on either side.
    assert not is_within(windows[0] - 1, opens, closes)
    assert not is_within(windows[-1] + 1, opens, closes)
    assert len({text for _, text in codes}) == len(codes)


def test_codes_for_unaligned_times_include_the_windows_holding_opens_and_closes():
    opens, closes = at(9, 45, 10), at(12, 30, 10)
    codes = codes_for(KEY, MEETING, opens, closes)
    assert len(codes) == 331
    assert window_start(codes[0][0]) == at(9, 45) and window_start(codes[-1][0]) == at(12, 30)


def test_a_display_that_went_offline_keeps_showing_valid_codes_from_its_download():
    opens, closes = at(9, 45), at(12, 30)
    downloaded = dict(codes_for(KEY, MEETING, opens, closes))
    for moment in (opens, at(10, 0, 1), at(11, 59, 59), closes):
        with time_machine.travel(moment, tick=False):
            shown = downloaded[current_window()]
        assert accepted(parse(shown), opens, closes)


def test_codes_for_refuses_backwards_or_absurdly_long_windows():
    with pytest.raises(ValueError):
        codes_for(KEY, MEETING, at(12, 0), at(11, 0))
    with pytest.raises(ValueError):
        codes_for(KEY, MEETING, at(9, 0), at(9, 0) + timedelta(days=2))
    assert len(codes_for(KEY, MEETING, at(9, 0), at(9, 0))) == 1


# --- QR -------------------------------------------------------------------------------------

RUN = re.compile(r"M(\d+) (\d+)h(\d+)v1h-(\d+)z")


def svg_rectangles(svg: str) -> tuple[int, list[tuple[int, int, int]]]:
    """(viewBox size, [(x, y, width)]) from qr_svg()'s one path of 1-unit-high runs."""
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x0, y0, width, height = map(int, root.get("viewBox").split())
    assert (x0, y0) == (0, 0) and width == height
    [path] = root.iter("{http://www.w3.org/2000/svg}path")
    d = path.get("d")
    runs = [m.groups() for m in RUN.finditer(d)]
    assert "".join(f"M{x} {y}h{n}v1h-{back}z" for x, y, n, back in runs) == d  # nothing else in it
    assert all(n == back for _, _, n, back in runs)
    return width, [(int(x), int(y), int(n)) for x, y, n, _ in runs]


def svg_matrix(svg: str) -> list[list[bool]]:
    size, rectangles = svg_rectangles(svg)
    matrix = [[False] * size for _ in range(size)]
    for x, y, n in rectangles:
        for column in range(x, x + n):
            assert not matrix[y][column]  # runs never overlap
            matrix[y][column] = True
    return matrix


def render(svg: str, pixels_per_module: int = 8) -> Image.Image:
    """Draw the SVG's rectangles with Pillow: black on the SVG's own white background."""
    size, rectangles = svg_rectangles(svg)
    image = Image.new("L", (size * pixels_per_module,) * 2, 255)
    draw = ImageDraw.Draw(image)
    p = pixels_per_module
    for x, y, n in rectangles:
        draw.rectangle([x * p, y * p, (x + n) * p - 1, (y + 1) * p - 1], fill=0)
    return image


def test_realistic_url_fits_qr_version_5_at_error_correction_q():
    assert QR_ERROR_CORRECTION == qrcode.constants.ERROR_CORRECT_Q
    assert len(REALISTIC_URL) == 58
    assert qr_version(REALISTIC_URL) <= 5
    # The budget: a 19-character host with 6-digit meeting ids still fits version 5.
    assert qr_version("https://veiviser.example.no/c#999999.99999999.TwCsX8bjwBj9iw") <= 5
    # A real code for today's window has the same shape as REALISTIC_URL.
    with time_machine.travel(at(10, 0), tick=False):
        url = code_url(BASE_URL, sign(KEY, MEETING, current_window()))
    assert len(url) == len(REALISTIC_URL) and qr_version(url) == qr_version(REALISTIC_URL)


def test_svg_is_compact_inlinable_and_has_qrcodes_module_matrix():
    svg = qr_svg(REALISTIC_URL)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "\n" not in svg
    root = ET.fromstring(svg)
    assert root.get("width") is None and root.get("height") is None  # CSS sizes it
    assert root.find("{http://www.w3.org/2000/svg}rect").get("fill") == "white"  # quiet zone on dark pages
    assert ' id="' not in svg  # can be inlined twice in one page
    assert len(svg) < 6_000  # stock SvgPathImage: about 10.6 kB for the same URL

    qr = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=QR_BORDER)
    qr.add_data(REALISTIC_URL)
    qr.make(fit=True)
    assert qr.version == qr_version(REALISTIC_URL)
    expected = [[bool(module) for module in row] for row in qr.get_matrix()]  # with the border
    assert len(expected) == qr.modules_count + 2 * QR_BORDER
    assert svg_matrix(svg) == expected


def test_svg_decodes_back_to_the_url_with_a_real_decoder():
    svg = qr_svg(REALISTIC_URL)
    [result] = decode(render(svg))
    assert result.type == "QRCODE"
    assert result.data.decode() == REALISTIC_URL

    # Same for a freshly signed code of today's window.
    with time_machine.travel(at(14, 3, 12), tick=False):
        url = code_url(BASE_URL, sign(KEY, MEETING, current_window()))
    [result] = decode(render(qr_svg(url), pixels_per_module=4))
    assert parse(urlsplit(result.data.decode()).fragment) == parse(url.split("#", 1)[1])


def test_a_glare_spot_over_a_third_of_the_symbol_still_decodes():
    """Why Q: a glare spot 36 % of the symbol wide is repaired (measured: M gives up
    from about 34 %, Q from about 42 %). Positions keep clear of the three finders."""
    svg = qr_svg(REALISTIC_URL)
    size, _ = svg_rectangles(svg)
    modules = size - 2 * QR_BORDER
    p = 8
    for cx, cy in [(0.5, 0.5), (0.6, 0.55), (0.55, 0.7), (0.7, 0.6), (0.45, 0.6)]:
        image = render(svg, p)
        r = 0.36 * modules * p / 2
        x, y = (QR_BORDER + cx * modules) * p, (QR_BORDER + cy * modules) * p
        ImageDraw.Draw(image).ellipse([x - r, y - r, x + r, y + r], fill=255)
        assert [result.data.decode() for result in decode(image)] == [REALISTIC_URL], (cx, cy)


def test_the_key_id_rides_in_the_spare_bits_of_the_signature():
    for kid in range(16):
        code = parse(sign(KEY, MEETING, 58923412, kid))
        assert code.kid == kid and len(code.signature) == 14
        assert verify({kid: KEY}, code) and not verify({kid: OTHER_KEY}, code)
        assert not verify({(kid + 1) % 16: KEY}, code)  # another key id names another key
    legacy = parse(sign(KEY, MEETING, 58923412))
    assert legacy.kid == 0 and verify(KEY, legacy)
    # A key id changes the signed message, not only the last character.
    assert sign(KEY, MEETING, 58923412, 1)[:-1] != sign(KEY, MEETING, 58923412, 0)[:-1]
    with pytest.raises(ValueError):
        sign(KEY, MEETING, 58923412, 16)
