"""The house styles by name, as report.yaml names them (`style: geneva`).

A style is registered once, where it is defined; `register` lets a secretariat's own module (or a test)
add one without touching anything else.
"""

from __future__ import annotations

from reportkit.house.geneva import GENEVA
from reportkit.house.style import HouseStyle
from reportkit.house.vienna import VIENNA

DEFAULT_STYLE = VIENNA.name
_STYLES: dict[str, HouseStyle] = {VIENNA.name: VIENNA, GENEVA.name: GENEVA}


def register(style: HouseStyle) -> HouseStyle:
    """Make `style` known by its name (replacing one of the same name), and return it."""
    _STYLES[style.name] = style
    return style


def unregister(name: str) -> None:
    """Forget a style registered by `register` (tests clean up after themselves)."""
    if name in (VIENNA.name, GENEVA.name):
        raise ValueError(f"the {name} style ships with reportkit")
    _STYLES.pop(name, None)


def style_names() -> tuple[str, ...]:
    return tuple(_STYLES)


def house_style(name: str) -> HouseStyle:
    """The style of that name; the loader has checked the name, so an unknown one is a bug."""
    return _STYLES[name]
