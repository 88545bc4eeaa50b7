"""QR codes as small inline SVG: the check-in code on the display screen
(webapp/checkin) and the second-step setup code for staff (webapp/staff)."""
from __future__ import annotations

import base64
from functools import lru_cache

import qrcode
import qrcode.constants
from qrcode.image.svg import SvgPathFillImage

# QR settings, shared by svg() and version():
# * Error correction Q (~25 % of codewords recoverable), not M (~15 %): the code is read
#   from about 3 m off a TV by cheap phone cameras, in rooms where a window or a ceiling
#   light puts a glare spot on the screen. Q costs one version for a check-in URL (v5, 37x37
#   modules, instead of v4, 33x33 at M): modules about 11 % smaller on the same screen,
#   which a 3 m read can afford, while a glare spot that blanks a patch of the symbol
#   is exactly the damage error correction repairs. H would push the URL to v6-v7.
#   Measured with zbar (docs/checkin.md): a glare disc up to 40 % of the symbol's width
#   still decodes at Q, 32 % at M.
# * border=4: the quiet zone the QR standard requires. The SVG carries its own white
#   background, so the quiet zone survives a dark display page.
# * box_size=10: qrcode's SVG images count 10 "pixels" per user unit, so this makes one
#   module exactly one viewBox unit (integer coordinates, shortest path text). The SVG
#   has a viewBox and no width/height, so CSS scales it to any size.
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
QR_BORDER = 4
QR_BOX_SIZE = 10


class _RunsSvgImage(SvgPathFillImage):
    """qrcode's one-path SVG (``SvgPathImage`` with a white background), made compact.

    Stock SvgPathImage writes one ``M4,4H5V5H4z`` square per dark module (about 10 kB
    for our URL). This writes one rectangle per horizontal run of dark modules,
    ``M<x> <y>h<n>v1h-<n>z``, drops the fixed width/height (in mm) so CSS sizes it, and
    drops the path's id so the SVG can be inlined more than once in a page.
    """

    QR_PATH_STYLE = {"fill": "#000"}
    needs_drawrect = False  # process() draws from the module matrix in one pass

    def _svg(self, **kwargs):
        svg = super()._svg(**kwargs)
        del svg.attrib["width"], svg.attrib["height"]
        # Runs meet edge to edge; no anti-aliased hairlines between them.
        svg.set("shape-rendering", "crispEdges")
        return svg

    def process(self):
        b = self.border
        for y, row in enumerate(self.modules):
            x = 0
            while x < len(row):
                if not row[x]:
                    x += 1
                    continue
                end = x
                while end < len(row) and row[end]:
                    end += 1
                n = end - x
                self._subpaths.append(f"M{x + b} {y + b}h{n}v1h-{n}z")
                x = end
        super().process()
        self.path.attrib.pop("id", None)


def _qr(text: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(
        error_correction=QR_ERROR_CORRECTION,
        box_size=QR_BOX_SIZE,
        border=QR_BORDER,
        image_factory=_RunsSvgImage,
    )
    qr.add_data(text)
    qr.make(fit=True)
    return qr


def version(text: str) -> int:
    """The QR version (1-40) qrcode picks for ``text`` at our error-correction level."""
    return _qr(text).version


def svg(text: str) -> str:
    """``text`` as a QR code: one compact ``<svg>`` element to inline in HTML.

    No XML declaration, a viewBox of (modules + 8) units square, no width/height.
    """
    return _qr(text).make_image().to_string(encoding="unicode")


@lru_cache(maxsize=4096)
def packed_modules(text: str) -> str:
    """The QR symbol ``svg`` draws for ``text``, without its quiet zone, row by
    row, one bit per module (1 = dark, the first module in the high bit of the
    first byte), in base64: 172 bytes for a 37 x 37 symbol instead of 4-5 kB of
    SVG. The size follows from the length: n x n modules take ceil(n*n / 8)
    bytes, and QR sizes differ by 4, so n = floor(sqrt(bytes * 8))."""
    symbol = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0)
    symbol.add_data(text)
    symbol.make(fit=True)
    bits = [dark for row in symbol.modules for dark in row]
    packed = bytearray((len(bits) + 7) // 8)
    for i, dark in enumerate(bits):
        if dark:
            packed[i >> 3] |= 0x80 >> (i & 7)
    return base64.b64encode(packed).decode("ascii")
