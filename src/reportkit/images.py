"""Whether an image file can go into the DOCX: a PNG or JPEG that is whole and has a size.

python-docx reads an image's header to place it, and fails deep in the build on anything else (an
SVG, a YAML file saved as .png, a truncated download, a 0×0 image). `image_problem` reads the same
structure first, so that `check` refuses what the build would, with a message the author can act on.
"""

from __future__ import annotations

import struct
from pathlib import Path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_START = b"\xff\xd8"
MAX_IMAGE_BYTES = 10 * 1024 * 1024  # an emblem printed 1.6 cm wide needs a few kilobytes
# JPEG markers that begin a frame and carry its size (SOF0–SOF15 but DHT, JPG and DAC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_problem(path: Path) -> str | None:
    """Why the file at `path` cannot be used as a PNG or JPEG image, or None when it can."""
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return f"the image is {size // (1024 * 1024)} MB; at most {MAX_IMAGE_BYTES // (1024 * 1024)} MB"
        data = path.read_bytes()
    except OSError as error:
        return f"the image cannot be read ({error.strerror or error})"
    if data.startswith(PNG_SIGNATURE):
        return _png_problem(data)
    if data.startswith(JPEG_START):
        return _jpeg_problem(data)
    return "the file is not a PNG or JPEG image"


def _png_problem(data: bytes) -> str | None:
    position = len(PNG_SIGNATURE)
    width = height = None
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if len(body) < length or position + 12 + length > len(data):
            break
        if kind == b"IHDR" and length >= 8:
            width, height = struct.unpack(">II", body[:8])
        if kind == b"IEND":
            if not width or not height:
                return "the PNG image has no size (0×0 or no header)"
            return None
        position += 12 + length
    return "the PNG image is truncated (it has no end)"


def _jpeg_problem(data: bytes) -> str | None:
    position = len(JPEG_START)
    width = height = None
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return "the JPEG image is damaged"
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker in _JPEG_FRAMES and position + 9 <= len(data):
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
        if marker == 0xDA:  # start of scan: the header is complete; the picture data follows
            if not width or not height:
                return "the JPEG image has no size (0×0 or no frame header)"
            if b"\xff\xd9" not in data[-64:]:
                return "the JPEG image is truncated (it has no end)"
            return None
        position += 2 + length
    return "the JPEG image is truncated (its header is incomplete)"
