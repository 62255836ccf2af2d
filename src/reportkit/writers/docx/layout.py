"""The geometry of a UN-format document, as settings.

UN-FORMAT.md marks several values as our estimates ([E]); each of them is a field here, so that a body
whose documents differ changes a number rather than code. The template script (templates/make_template.py)
builds the styles and the page setup from the same settings, and the writer reads them where geometry
depends on the paper (the frame width for right tabs and the masthead table).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from reportkit.house import VIENNA, HouseStyle
from reportkit.model import PaperSize

TWIPS_PER_CM = 1440 / 2.54


def twips(cm: float) -> int:
    """Centimetres to twentieths of a point, the unit of most OOXML lengths."""
    return round(cm * TWIPS_PER_CM)


@dataclass(frozen=True, slots=True)
class Paper:
    width_cm: float
    height_cm: float


PAPERS: dict[str, Paper] = {"A4": Paper(21.0, 29.7), "Letter": Paper(21.59, 27.94)}


@dataclass(frozen=True, slots=True)
class Layout:
    """Every length in centimetres unless the name says otherwise."""

    paper: PaperSize = "A4"
    # The frame: header, footer and masthead run across it [M, E].
    margin_top: float = 2.5
    margin_bottom: float = 2.5
    margin_left: float = 2.0
    margin_right: float = 2.0
    header_distance: float = 1.4
    footer_distance: float = 1.1
    # The body column is indented inside the frame on both sides [M, E].
    column_indent: float = 2.2
    # The masthead's "United Nations" and issuing body stand 2.2 cm inside the frame in Vienna and
    # Geneva alike (A/HRC/43/15 [M]), even where the body column is 2.0 cm in.
    masthead_indent: float = 2.2
    # Numbered paragraphs: the number at the column edge, then a tab to here (from the column) [M].
    paragraph_number_tab: float = 0.9
    # Heading numerals hang left of the column, right-aligned this far before it [E].
    heading_numeral_gap: float = 0.3
    # Subparagraphs: first line indented, label, tab; each depth one step further in [M, E].
    # Label 1.00 cm and text 2.00 cm in from the paragraph's edge, measured on A/HRC/43/15 [M]; each
    # level below one label width further in [E].
    sub_item_first_line: float = 1.0
    sub_item_step: float = 1.0
    sub_item_label_width: float = 1.0
    # A paragraph's listed recommendations ("122.13  Ensure …"): the whole block one number tab in from
    # the column, the text 1.5 cm after the number's start (A/HRC/43/15 [M]: 5.0 and 6.5 cm from the edge).
    listed_indent: float = 1.0
    listed_label_width: float = 1.5
    # Bulleted items: the text 1.0 cm in from the column, the bullet hanging 0.3 cm before it
    # (A/HRC/43/15's annex [M]: "•" at 4.7 cm, the text and its later lines at 5.0 cm).
    bullet_indent: float = 1.0
    bullet_hanging: float = 0.3
    # The agenda as a list with hanging labels, starting where subparagraph labels start [E].
    agenda_label_width: float = 0.635
    # Footnotes: the mark at the column edge, the text this far in [E].
    footnote_text_indent: float = 0.35
    # A thin rule under the running header: Geneva has one [M], Vienna unknown [E].
    header_rule: bool = True
    # "Recommendation N": bold or italic 10 pt [E].
    recommendation_heading: Literal["bold", "italic"] = "bold"
    # Masthead table columns: emblem slot = the column indent; the distribution block on the right [E].
    masthead_distribution_width: float = 5.17  # [M] "Distr.:" at 13.83 cm on A/HRC/43/15
    masthead_gap: float = 1.2
    # From the thin rule to the thick one: 5.0 cm on A/HRC/43/15 [M] (the emblem and three lines of a
    # long issuing body fit); the thick rule's place does not move with the issuing body's length.
    masthead_body_row_height: float = 5.0
    masthead_row_gap: float = 0.35  # between the thin rule and the issuing body / "Distr.:"
    emblem_width: float = 1.6
    # Page 1 footer: where the processing dates stand after the job number, and the barcode's size [E].
    processing_date_tabs: tuple[float, ...] = field(default=(3.3, 5.0))
    barcode_width: float = 3.8
    barcode_height: float = 0.75
    # Bottom right of page 1: the QR code of the document's undocs.org address, its bottom on the
    # footer's bottom line and its right side on the frame's, and "Please recycle" before it [E].
    qr_size: float = 1.6
    # The short centred rule under the last line of a document (A/HRC/43/15: 3.0 cm, 0.5 pt) [M].
    end_rule_width: float = 3.0
    # The space above it, in points [E]; in Geneva 6 pt under the last paragraph (A/HRC/43/15, page 24 [M]).
    end_rule_before: float = 24.0
    recycle_gap: float = 0.3

    @property
    def page(self) -> Paper:
        return PAPERS[self.paper]

    @property
    def frame_width(self) -> float:
        return self.page.width_cm - self.margin_left - self.margin_right

    @property
    def column_width(self) -> float:
        return self.frame_width - 2 * self.column_indent


DEFAULT_LAYOUT = Layout()


def layout_for(paper: PaperSize, base: Layout = DEFAULT_LAYOUT, style: HouseStyle = VIENNA) -> Layout:
    """The settings for a report's paper size and house style; everything else stays as in `base`."""
    return replace(base, paper=paper, **dict(style.page_geometry))


def house_layout(style: HouseStyle) -> Layout:
    """The geometry a house style's template is built with (templates/make_template.py)."""
    return layout_for(DEFAULT_LAYOUT.paper, DEFAULT_LAYOUT, style)
