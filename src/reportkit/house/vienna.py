"""The Vienna house style: the United Nations Office at Vienna's documents, as the bundled example
(CTOC/COP/WG.6/2021/4, V.21-03928) prints them. The defaults of HouseStyle are Vienna's."""

from __future__ import annotations

from reportkit.house.style import HouseStyle

VIENNA = HouseStyle(
    name="vienna",
    description="United Nations Office at Vienna (V. job numbers), as CTOC/COP/WG.6/2021/4",
)
