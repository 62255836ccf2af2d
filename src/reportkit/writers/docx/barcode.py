"""The Code 39 barcode of page 1, e.g. *2103928* for job number V.21-03928.

python-barcode encodes; its image writer needs Pillow and its SVG cannot go into a DOCX, so the module
pattern from `Code39.build()` is painted here into a black-and-white PNG with the standard library. The
result is deterministic and sharp: one bar module is a whole number of pixels.
"""

from __future__ import annotations

import re
import struct
import zlib

import barcode

PIXELS_PER_MODULE = 3
HEIGHT_PIXELS = 60
QUIET_MODULES = 0  # the footer's white space is the quiet zone


def job_digits(job_number: str) -> str:
    """'V.21-03928' → '2103928': the barcode carries the job number's digits only."""
    return "".join(re.findall(r"\d", job_number))


def code39_modules(digits: str) -> str:
    """The bar pattern ('1' bar, '0' space) of *digits*, start and stop characters included."""
    code = barcode.get("code39", digits, options={"add_checksum": False})
    return "".join(code.build())


def _chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)


def _png(rows: list[bytes], width: int) -> bytes:
    """An 8-bit greyscale PNG; each row gets filter type 0 (none)."""
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def barcode_png(job_number: str) -> bytes:
    modules = "0" * QUIET_MODULES + code39_modules(job_digits(job_number)) + "0" * QUIET_MODULES
    row = b"".join((b"\x00" if module == "1" else b"\xff") * PIXELS_PER_MODULE for module in modules)
    return _png([row] * HEIGHT_PIXELS, len(row))
