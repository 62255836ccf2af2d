"""The Code 39 barcode of page 1, e.g. *2103928* for job number V.21-03928.

python-barcode encodes; its image writer needs Pillow and its SVG cannot go into a DOCX, so the module
pattern from `Code39.build()` is painted into a black-and-white PNG (png.py).
"""

from __future__ import annotations

from functools import cache

import barcode

from reportkit.house import HouseStyle
from reportkit.writers.docx.png import BLACK, WHITE, greyscale_png

PIXELS_PER_MODULE = 3
HEIGHT_PIXELS = 60
QUIET_MODULES = 0  # the footer's white space is the quiet zone


def code39_modules(digits: str) -> str:
    """The bar pattern ('1' bar, '0' space) of *digits*, start and stop characters included."""
    code = barcode.get("code39", digits, options={"add_checksum": False})
    return "".join(code.build())


@cache  # the watcher rebuilds the DOCX on every save; the job number seldom changes
def barcode_png(job_number: str) -> bytes:
    modules = "0" * QUIET_MODULES + code39_modules(HouseStyle.job_digits(job_number)) + "0" * QUIET_MODULES
    row = b"".join((BLACK if module == "1" else WHITE) * PIXELS_PER_MODULE for module in modules)
    return greyscale_png([row] * HEIGHT_PIXELS, len(row))
