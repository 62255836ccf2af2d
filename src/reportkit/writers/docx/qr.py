"""The QR code at the foot of page 1: the document's address in the UN Official Document System
(https://undocs.org/<symbol>, as the house style gives it), as on recent UN documents.

python-qrcode encodes (error correction M, the smallest version that fits); its picture factories
need Pillow or pypng, so its module grid is painted by png.py, like the barcode.
"""

from __future__ import annotations

from functools import cache

from qrcode.constants import ERROR_CORRECT_M
from qrcode.main import QRCode

from reportkit.writers.docx.png import modules_png

PIXELS_PER_MODULE = 8
QUIET_MODULES = 4  # the light margin the standard asks for, inside the picture so readers find the code


def qr_modules(text: str) -> list[list[bool]]:
    """The QR code of `text` as rows of dark (True) and light modules, quiet zone included."""
    code = QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_MODULES)
    code.add_data(text)
    code.make(fit=True)
    return code.get_matrix()


@cache  # the watcher rebuilds the DOCX on every save; the symbol seldom changes
def qr_png(text: str) -> bytes:
    return modules_png(qr_modules(text), PIXELS_PER_MODULE)
