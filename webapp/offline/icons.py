"""App icons as PNG, drawn in code (installable web apps need PNG icons, and
this keeps them same-origin with no image tools in the build). The drawing
matches static/img/icon.svg: a compass on the brand colour."""
from __future__ import annotations

import math
import struct
import zlib
from functools import lru_cache

BRAND = (11, 85, 99)
WHITE = (255, 255, 255)
NEEDLE = (255, 209, 102)
SIZES = (192, 512)


def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _in_needle(x: float, y: float) -> bool:
    """A rhombus from top-right to bottom-left through the centre (unit coordinates)."""
    # Rotate by 45 degrees so the needle lies along the u axis.
    u = (x - y) / math.sqrt(2)
    v = (x + y) / math.sqrt(2)
    return abs(u) / 0.42 + abs(v) / 0.12 <= 1


@lru_cache(maxsize=len(SIZES))
def icon_png(size: int) -> bytes:
    """A full-bleed square icon (safe for "maskable": the drawing stays inside
    the central 80 %)."""
    rows = []
    half = size / 2
    for py in range(size):
        row = bytearray()
        for px in range(size):
            x, y = (px + 0.5 - half) / half, (py + 0.5 - half) / half
            r = math.hypot(x, y)
            colour = BRAND
            if 0.50 <= r <= 0.62:
                colour = WHITE
            elif _in_needle(x, y):
                colour = NEEDLE
            row += bytes(colour)
        rows.append(bytes(row))
    return _png(size, size, rows)
