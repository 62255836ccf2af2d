"""The emblem check accepts exactly what the DOCX writer's image reader (python-docx) can place:
whole PNG and JPEG files with a size, and nothing else."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from reportkit.images import image_problem


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int) -> bytes:
    rows = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def jpeg(width: int, height: int) -> bytes:
    """The markers of a baseline JPEG (JFIF header, frame, scan) around a few bytes of scan data."""
    jfif = b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    scan = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8" + _segment(0xE0, jfif) + _segment(0xC0, frame) + _segment(0xDA, scan) + b"\x00" * 16
        + b"\xff\xd9"
    )  # fmt: skip


CASES = {
    "png": (png(4, 3), None),
    "jpeg": (jpeg(4, 3), None),
    "png-0x0": (png(0, 0), "the PNG image has no size (0×0 or no header)"),
    "png-truncated": (png(4, 3)[:40], "the PNG image is truncated (it has no end)"),
    "jpeg-0x0": (jpeg(0, 0), "the JPEG image has no size (0×0 or no frame header)"),
    "jpeg-truncated": (jpeg(4, 3)[:30], "the JPEG image is truncated (its header is incomplete)"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"/>', "the file is not a PNG or JPEG image"),
    "yaml": (b"meeting: {title: not an image}\n", "the file is not a PNG or JPEG image"),
    "empty": (b"", "the file is not a PNG or JPEG image"),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_the_emblem_check_agrees_with_the_docx_writer(name: str, tmp_path: Path) -> None:
    data, expected = CASES[name]
    path = tmp_path / "emblem"
    path.write_bytes(data)
    assert image_problem(path) == expected
    run = docx.Document().add_paragraph().add_run()
    if expected is None:
        run.add_picture(io.BytesIO(data), width=Cm(1.6))
    else:
        with pytest.raises(Exception):  # noqa: B017 - python-docx raises several kinds; any is a refusal
            run.add_picture(io.BytesIO(data), width=Cm(1.6))


def test_an_emblem_over_ten_megabytes_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    path.write_bytes(png(4, 3) + b"\x00" * (11 * 1024 * 1024))
    assert image_problem(path) == "the image is 11 MB; at most 10 MB"
