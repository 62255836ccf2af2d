"""Every style the DOCX writer names, in one place: a secretariat's own Word template (`options.template`)
must define each of them, and checks/template.py names those it lacks.

The writer's modules keep naming their styles where they use them; the constants are imported from
there, and the styles those modules name as literals (the masthead's, the running heads') are listed
here. tests/test_template_option.py builds reports that reach every style and fails if the document
names one this list does not have, so the two cannot drift apart.
"""

from __future__ import annotations

from reportkit.writers.docx.document import (
    BODY_STYLE,
    BOLD_RECOMMENDATION_STYLE,
    CHAPTER_STYLE,
    DEEPER_SECTION_STYLE,
    RECOMMENDATION_HEADING_STYLE,
    SECTION_STYLES,
    SUB_ITEM_DEPTHS,
)
from reportkit.writers.docx.footnotes import REFERENCE_STYLE, SEPARATOR_STYLE, TEXT_STYLE
from reportkit.writers.docx.headers import PAGE_NUMBER_STYLE
from reportkit.writers.docx.inlines import EMPHASIS_STYLE, STRONG_STYLE
from reportkit.writers.docx.links import CROSS_REFERENCE_STYLE, SYMBOL_LINK_STYLE

AGENDA_DEPTHS = 2  # items and sub-items (writers/markdown.py agenda_lines): Agenda1, Agenda2

# Paragraph styles, by style id (the id is what the document's XML names).
PARAGRAPH_STYLES: tuple[str, ...] = (
    "Normal",
    BODY_STYLE,
    CHAPTER_STYLE,
    *SECTION_STYLES.values(),
    DEEPER_SECTION_STYLE,
    RECOMMENDATION_HEADING_STYLE,
    *(f"SubPara{depth}" for depth in range(1, SUB_ITEM_DEPTHS + 1)),
    *(f"Agenda{depth}" for depth in range(1, AGENDA_DEPTHS + 1)),
    # masthead.py
    "MastheadUN",
    "MastheadSymbol",
    "MastheadEmblem",
    "MastheadBody",
    "MastheadDistr",
    "MastheadEnd",
    "SessionBody",
    "SessionLine",
    "SessionBodyLeft",
    "SessionLineLeft",
    "ReportTitle",
    "ReportSubtitle",
    "ReportTitleTight",
    # headers.py
    "HeaderOdd",
    "HeaderEven",
    "Footer",
    "FooterFirst",
    "Barcode",
    "BarcodeText",
    # writer.py: the short centred rule that ends the document
    "EndRule",
    # footnotes.py
    TEXT_STYLE,
    SEPARATOR_STYLE,
)

# Character styles, by style id.
CHARACTER_STYLES: tuple[str, ...] = (
    BOLD_RECOMMENDATION_STYLE,
    CROSS_REFERENCE_STYLE,
    SYMBOL_LINK_STYLE,
    PAGE_NUMBER_STYLE,
    REFERENCE_STYLE,
    "SymbolLead",  # masthead.py, the symbol's first part
    STRONG_STYLE,  # inlines.py, **bold** in the drafts; masthead.py, a session line in bold
    EMPHASIS_STYLE,  # inlines.py, *italic* in the drafts
    "RecycleMark",  # headers.py, beside the QR code
    "RecycleSymbol",
)

STYLE_TYPES: dict[str, str] = {
    **{style: "paragraph" for style in PARAGRAPH_STYLES},
    **{style: "character" for style in CHARACTER_STYLES},
}
