"""Black-and-white pictures as PNG with the standard library: the barcode and the QR code of page 1.

Both are grids of modules; painting each module as a whole number of pixels keeps them sharp when
Word or LibreOffice scales the picture, and the bytes are the same on every run.
"""

from __future__ import annotations

import struct
import zlib

BLACK, WHITE = b"\x00", b"\xff"


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)


def greyscale_png(rows: list[bytes], width: int) -> bytes:
    """An 8-bit greyscale PNG of `rows` (one byte a pixel); each row gets filter type 0 (none)."""
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def modules_png(modules: list[list[bool]], pixels_per_module: int) -> bytes:
    """A grid of dark (True) and light modules, each a square of `pixels_per_module` pixels."""
    rows = []
    for line in modules:
        row = b"".join((BLACK if dark else WHITE) * pixels_per_module for dark in line)
        rows.extend([row] * pixels_per_module)
    return greyscale_png(rows, len(rows[0]) if rows else 0)
