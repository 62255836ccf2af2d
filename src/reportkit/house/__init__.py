"""House styles: what differs between UN bodies and duty stations, in one place (see style.py)."""

from reportkit.house.geneva import GENEVA
from reportkit.house.registry import DEFAULT_STYLE, house_style, register, style_names, unregister
from reportkit.house.style import HouseStyle
from reportkit.house.vienna import VIENNA

__all__ = [
    "DEFAULT_STYLE",
    "GENEVA",
    "VIENNA",
    "HouseStyle",
    "house_style",
    "register",
    "style_names",
    "unregister",
]
