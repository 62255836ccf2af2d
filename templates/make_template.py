"""Writes the reference documents of the UN-format DOCX writer, one per house style reportkit ships:
templates/un-report.docx (Vienna) and templates/un-report-geneva.docx (Geneva).

    .venv/bin/python templates/make_template.py          # rewrite both copies of each
    .venv/bin/python templates/make_template.py --check  # exit 1 if a committed copy is stale

The template owns the look: page setup (A4, the frame margins, header and footer distances, a different
first page) and every named style the writer uses (SingleTxt, HCh, H1, H23, H4, RecHead, SubPara1–4,
Agenda1–2, masthead styles, header, footer, footnote text, footnote reference). The writer only names them.

The package is written part by part as OOXML rather than edited from python-docx's default template, whose
160 styles, stylesWithEffects part and thumbnail would only be noise. Geometry comes from the layout
settings the writer shares (reportkit.writers.docx.layout), so there is one place to change a value.
A copy is kept as package data (src/reportkit/templates/) so an installed reportkit finds it.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import quoteattr

from reportkit.house import GENEVA, VIENNA
from reportkit.writers.docx.determinism import normalize_zip
from reportkit.writers.docx.layout import DEFAULT_LAYOUT, Layout, house_layout, twips

HERE = Path(__file__).resolve().parent
OUTPUT_FOLDERS = (HERE, HERE.parent / "src" / "reportkit" / "templates")
SHIPPED_STYLES = (VIENNA, GENEVA)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FONT = "Times New Roman"

Alignment = Literal["left", "right", "center", "both"]


@dataclass(frozen=True)
class Tab:
    position: float  # cm from the frame's left edge
    kind: Literal["left", "right"] = "left"


@dataclass(frozen=True)
class Style:
    """A paragraph or character style; None leaves a property to the style it is based on."""

    style_id: str
    name: str
    kind: Literal["paragraph", "character"] = "paragraph"
    based_on: str | None = "Normal"
    next_style: str | None = None
    size: float | None = None  # points
    font: str | None = None  # a font other than the document's, for symbols Times New Roman lacks
    bold: bool = False
    italic: bool = False
    superscript: bool = False
    keep_next: bool = False
    keep_lines: bool = False
    widow_control: bool = False
    rule_below: float | None = None  # points
    tabs: tuple[Tab, ...] = ()
    before: float | None = None  # points
    after: float | None = None
    line_exact: float | None = None
    line_auto: bool = False  # single spacing that grows with the line: for pictures
    left: float | None = None  # cm
    right: float | None = None
    first_line: float | None = None
    hanging: float | None = None
    align: Alignment | None = None
    outline_level: int | None = None
    custom: bool = True  # False for Word's built-in styles, which keep Word's names
    default: bool = False  # the style of paragraphs (or runs) that name none


def _points(value: float) -> str:
    return str(round(value * 20))


def _half_points(value: float) -> str:
    return str(round(value * 2))


def _paragraph_properties(style: Style) -> str:
    # Children in the order CT_PPrBase requires.
    parts = []
    if style.keep_next:
        parts.append("<w:keepNext/>")
    if style.keep_lines:
        parts.append("<w:keepLines/>")
    if style.widow_control:
        parts.append("<w:widowControl/>")
    if style.rule_below is not None:
        size = round(style.rule_below * 8)
        parts.append(f'<w:pBdr><w:bottom w:val="single" w:sz="{size}" w:space="1" w:color="auto"/></w:pBdr>')
    if style.tabs:
        tabs = "".join(f'<w:tab w:val="{tab.kind}" w:pos="{twips(tab.position)}"/>' for tab in style.tabs)
        parts.append(f"<w:tabs>{tabs}</w:tabs>")
    spacing = {
        "w:before": None if style.before is None else _points(style.before),
        "w:after": None if style.after is None else _points(style.after),
        "w:line": None if style.line_exact is None else _points(style.line_exact),
        "w:lineRule": None if style.line_exact is None else "exact",
    }
    if style.line_auto:
        spacing.update({"w:line": "240", "w:lineRule": "auto"})
    if any(value is not None for value in spacing.values()):
        attributes = "".join(
            f" {name}={quoteattr(value)}" for name, value in spacing.items() if value is not None
        )
        parts.append(f"<w:spacing{attributes}/>")
    indent = {
        "w:left": style.left,
        "w:right": style.right,
        "w:firstLine": style.first_line,
        "w:hanging": style.hanging,
    }
    if any(value is not None for value in indent.values()):
        attributes = "".join(
            f' {name}="{twips(value)}"' for name, value in indent.items() if value is not None
        )
        parts.append(f"<w:ind{attributes}/>")
    if style.align:
        parts.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline_level is not None:
        parts.append(f'<w:outlineLvl w:val="{style.outline_level}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


def _run_properties(style: Style) -> str:
    # Children in the order CT_RPr requires.
    parts = []
    if style.font:
        parts.append(f'<w:rFonts w:ascii="{style.font}" w:hAnsi="{style.font}" w:cs="{style.font}"/>')
    if style.bold:
        parts.append("<w:b/><w:bCs/>")
    if style.italic:
        parts.append("<w:i/><w:iCs/>")
    if style.size is not None:
        parts.append(
            f'<w:sz w:val="{_half_points(style.size)}"/><w:szCs w:val="{_half_points(style.size)}"/>'
        )
    if style.superscript:
        parts.append('<w:vertAlign w:val="superscript"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _style_xml(style: Style) -> str:
    flags = (' w:default="1"' if style.default else "") + (' w:customStyle="1"' if style.custom else "")
    pieces = [f'<w:style w:type="{style.kind}"{flags} w:styleId="{style.style_id}">']
    pieces.append(f"<w:name w:val={quoteattr(style.name)}/>")
    if style.based_on:
        pieces.append(f'<w:basedOn w:val="{style.based_on}"/>')
    if style.next_style:
        pieces.append(f'<w:next w:val="{style.next_style}"/>')
    pieces.append("<w:qFormat/>")
    if style.kind == "paragraph":
        pieces.append(_paragraph_properties(style))
    pieces.append(_run_properties(style))
    pieces.append("</w:style>")
    return "".join(pieces)


def styles(layout: Layout) -> list[Style]:
    column = layout.column_indent
    numeral_tabs = (Tab(column - layout.heading_numeral_gap, "right"), Tab(column))
    heading = {"left": column, "right": column, "hanging": column, "tabs": numeral_tabs,
               "keep_next": True, "keep_lines": True, "align": "left" }  # fmt: skip
    body = {"left": column, "right": column}
    recommendation_look = {"bold": True} if layout.recommendation_heading == "bold" else {"italic": True}
    sub_items = [
        Style(f"SubPara{depth}", f"SubPara{depth}", based_on="SingleTxt",
              first_line=layout.sub_item_first_line + (depth - 1) * layout.sub_item_step,
              tabs=(Tab(column + layout.sub_item_first_line + (depth - 1) * layout.sub_item_step
                        + layout.sub_item_label_width),))
        for depth in range(1, 5)
    ]  # fmt: skip
    agenda = [
        Style(f"Agenda{depth}", f"Agenda{depth}", based_on="SingleTxt",
              left=column + layout.sub_item_first_line + depth * layout.agenda_label_width,
              hanging=layout.agenda_label_width,
              tabs=(Tab(column + layout.sub_item_first_line + depth * layout.agenda_label_width),))
        for depth in (1, 2)
    ]  # fmt: skip
    footnote_text_left = column + layout.footnote_text_indent
    return [
        Style("Normal", "Normal", based_on=None, custom=False, default=True, line_exact=12, after=0,
              widow_control=True),
        Style("SingleTxt", "SingleTxt", based_on="Normal", next_style="SingleTxt", after=6, align="both",
              tabs=(Tab(column + layout.paragraph_number_tab),), **body),
        Style("HCh", "HCh", next_style="SingleTxt", size=14, bold=True, before=17, after=12, line_exact=16,
              outline_level=0, **heading),
        Style("H1", "H1", next_style="SingleTxt", size=12, bold=True, before=12, after=6, line_exact=14,
              outline_level=1, **heading),
        Style("H23", "H23", next_style="SingleTxt", size=10, bold=True, before=12, after=6, line_exact=12,
              outline_level=2, **heading),
        Style("H4", "H4", next_style="SingleTxt", size=10, italic=True, before=12, after=6, line_exact=12,
              outline_level=3, **heading),
        Style("RecHead", "RecHead", next_style="SingleTxt", size=10, before=12, after=6, keep_next=True,
              keep_lines=True, align="left", **recommendation_look, **body),
        *sub_items,
        *agenda,
        Style("ReportTitle", "ReportTitle", next_style="HCh", size=14, bold=True, before=30, after=6,
              line_exact=16, keep_next=True, align="left", **body),
        # The title under session lines, as close as A/HRC/43/15 sets it (Geneva) [M].
        Style("ReportTitleTight", "ReportTitleTight", based_on="ReportTitle", next_style="HCh", before=17),
        Style("MastheadUN", "MastheadUN", size=14, line_exact=12, after=2, align="left"),
        Style("MastheadSymbol", "MastheadSymbol", size=10, line_exact=14, after=2, align="right"),
        Style("MastheadBody", "MastheadBody", size=15, bold=True, line_exact=17, after=10,
              align="left"),
        Style("MastheadDistr", "MastheadDistr", size=10, line_exact=12, align="left"),
        # A header must end with a paragraph; after the masthead table it should take no room.
        Style("MastheadEnd", "MastheadEnd", size=1, line_exact=1),
        Style("MastheadEmblem", "MastheadEmblem", line_auto=True, align="left"),
        Style("SessionBody", "SessionBody", bold=True, before=6, align="left", **body),
        Style("SessionLine", "SessionLine", align="left", **body),
        # Geneva's session lines stand flush left at the frame's edge, the body's name larger
        # [M: A/HRC/43/15].
        Style("SessionBodyLeft", "SessionBodyLeft", size=12, bold=True, line_exact=14, before=6,
              align="left"),
        Style("SessionLineLeft", "SessionLineLeft", align="left"),
        # A line under the title, e.g. the State under review ("Slovenia") [M: A/HRC/43/15].
        Style("ReportSubtitle", "ReportSubtitle", next_style="HCh", size=14, bold=True, before=17, after=6,
              line_exact=16, keep_next=True, align="left", **body),
        Style("Header", "header", custom=False, size=9, bold=True, line_exact=11,
              rule_below=0.5 if layout.header_rule else None),
        Style("HeaderOdd", "HeaderOdd", based_on="Header", align="right"),
        Style("HeaderEven", "HeaderEven", based_on="Header", align="left"),
        Style("Footer", "footer", custom=False, size=8, line_exact=11),
        Style("FooterFirst", "FooterFirst", based_on="Footer",
              tabs=tuple(Tab(position) for position in layout.processing_date_tabs)),
        Style("Barcode", "Barcode", based_on="Footer", line_auto=True, before=2,
              tabs=(Tab(layout.frame_width - layout.qr_size - layout.recycle_gap, "right"),)),
        # The barcode's human-readable line: its digits between the asterisks Code 39 frames them with.
        Style("BarcodeText", "BarcodeText", based_on="Footer", size=8, line_exact=9),
        # The short centred rule that ends a UN document: 3.0 cm, 0.5 pt, at the page's centre [M].
        Style("EndRule", "EndRule", size=2, line_exact=2, before=layout.end_rule_before, keep_lines=True,
              left=(layout.frame_width - layout.end_rule_width) / 2,
              right=(layout.frame_width - layout.end_rule_width) / 2, rule_below=0.5),
        Style("FootnoteText", "footnote text", custom=False, size=9, line_exact=10, after=2,
              left=footnote_text_left, right=column, hanging=layout.footnote_text_indent,
              tabs=(Tab(footnote_text_left),), align="both"),
        Style("FootnoteSeparator", "FootnoteSeparator", size=9, line_exact=10, left=column),
        Style("DefaultParagraphFont", "Default Paragraph Font", kind="character", based_on=None, custom=False,
              default=True),
        Style("FootnoteReference", "footnote reference", kind="character", based_on="DefaultParagraphFont",
              custom=False, superscript=True),
        Style("PageNumber", "page number", kind="character", based_on="DefaultParagraphFont", custom=False,
              size=9, bold=True),
        Style("SymbolLead", "SymbolLead", kind="character", based_on="DefaultParagraphFont", size=20),
        Style("RecBold", "RecBold", kind="character", based_on="DefaultParagraphFont", bold=True),
        # Emphasis the drafts ask for (**bold**, *italic*), and Geneva's bold session lines.
        Style("Strong", "Strong", kind="character", based_on="DefaultParagraphFont", bold=True),
        Style("Emphasis", "Emphasis", kind="character", based_on="DefaultParagraphFont", italic=True),
        # "Please recycle" beside the QR code of page 1; the recycling symbol needs a symbol font.
        Style("RecycleMark", "RecycleMark", kind="character", based_on="DefaultParagraphFont", size=8,
              bold=True),
        Style("RecycleSymbol", "RecycleSymbol", kind="character", based_on="DefaultParagraphFont", size=14,
              font="Segoe UI Symbol"),
        # Links look like text in UN documents; the styles let an editor show them if wanted.
        Style("CrossReference", "CrossReference", kind="character", based_on="DefaultParagraphFont"),
        Style("SymbolLink", "SymbolLink", kind="character", based_on="DefaultParagraphFont"),
    ]  # fmt: skip


def styles_xml(layout: Layout) -> str:
    fonts = f'w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"'
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts {fonts}/><w:sz w:val="20"/><w:szCs w:val="20"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    table_style = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    body = "".join(_style_xml(style) for style in styles(layout))
    return f'<w:styles xmlns:w="{W}">{defaults}{body}{table_style}</w:styles>'


def document_xml(layout: Layout) -> str:
    page = layout.page
    margins = (
        f'w:top="{twips(layout.margin_top)}" w:right="{twips(layout.margin_right)}" '
        f'w:bottom="{twips(layout.margin_bottom)}" w:left="{twips(layout.margin_left)}" '
        f'w:header="{twips(layout.header_distance)}" w:footer="{twips(layout.footer_distance)}" w:gutter="0"'
    )
    section = (
        f'<w:sectPr><w:pgSz w:w="{twips(page.width_cm)}" w:h="{twips(page.height_cm)}"/>'
        f'<w:pgMar {margins}/><w:cols w:space="720"/><w:titlePg/></w:sectPr>'
    )
    return f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{section}</w:body></w:document>'


SETTINGS_XML = (
    f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="567"/>'
    "<w:evenAndOddHeaders/>"
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
    ' w:val="15"/></w:compat><w:themeFontLang w:val="en-GB"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

FONT_TABLE_XML = (
    f'<w:fonts xmlns:w="{W}"><w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/>'
    '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>'
)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme_xml() -> str:
    """The smallest complete theme: validators require the part, and its fonts are Times New Roman."""
    colours = (
        ("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "1F1F1F"), ("lt2", "EEEEEE"), ("accent1", "1F497D"),
        ("accent2", "4F81BD"), ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"),
        ("accent6", "F79646"), ("hlink", "0000FF"), ("folHlink", "800080"),
    )  # fmt: skip
    scheme = "".join(f'<a:{name}><a:srgbClr val="{value}"/></a:{name}>' for name, value in colours)
    fonts = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="6350">{solid}</a:ln>'
    effect = "<a:effectStyle><a:effectLst/></a:effectStyle>"
    formats = (
        f'<a:fmtScheme name="reportkit"><a:fillStyleLst>{solid * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst><a:effectStyleLst>{effect * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst></a:fmtScheme>"
    )
    return (
        f'<a:theme xmlns:a="{A}" name="reportkit"><a:themeElements>'
        f'<a:clrScheme name="reportkit">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="reportkit"><a:majorFont>{fonts}</a:majorFont><a:minorFont>{fonts}</a:minorFont>'
        f"</a:fontScheme>{formats}</a:themeElements></a:theme>"
    )


CT = "application/vnd.openxmlformats-officedocument"
CONTENT_TYPES_XML = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{CT}.wordprocessingml.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{CT}.wordprocessingml.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{CT}.wordprocessingml.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{CT}.wordprocessingml.fontTable+xml"/>'
    f'<Override PartName="/word/theme/theme1.xml" ContentType="{CT}.theme+xml"/>'
    '<Override PartName="/docProps/core.xml"'
    ' ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="{CT}.extended-properties+xml"/>'
    "</Types>"
)

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS_XML = (
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFICE_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS_XML = (
    f'<Relationships xmlns="{RELS}">'
    f'<Relationship Id="rId1" Type="{OFFICE_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE_RELS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{OFFICE_RELS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{OFFICE_RELS}/theme" Target="theme/theme1.xml"/>'
    "</Relationships>"
)
# Fixed properties: the template is regenerated byte for byte.
CORE_XML = (
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>UN-format report (reportkit template)</dc:title><dc:creator>reportkit</dc:creator>"
    "<cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2021-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)
APP_XML = (
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>reportkit</Application></Properties>"
)

DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def build_template(layout: Layout = DEFAULT_LAYOUT) -> bytes:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES_XML,
        "_rels/.rels": PACKAGE_RELS_XML,
        "docProps/core.xml": CORE_XML,
        "docProps/app.xml": APP_XML,
        "word/document.xml": document_xml(layout),
        "word/_rels/document.xml.rels": DOCUMENT_RELS_XML,
        "word/styles.xml": styles_xml(layout),
        "word/settings.xml": SETTINGS_XML,
        "word/fontTable.xml": FONT_TABLE_XML,
        "word/theme/theme1.xml": _theme_xml(),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, DECLARATION + xml)
    return normalize_zip(buffer.getvalue())


def build_templates() -> dict[str, bytes]:
    """One template per house style reportkit ships, by file name, each from its style's geometry."""
    return {style.template: build_template(house_layout(style)) for style in SHIPPED_STYLES}


def main(arguments: list[str]) -> int:
    stale: list[Path] = []
    for name, data in build_templates().items():
        for folder in OUTPUT_FOLDERS:
            path = folder / name
            if "--check" in arguments:
                if not path.exists() or path.read_bytes() != data:
                    stale.append(path)
                    print(f"{path}: stale, rerun templates/make_template.py", file=sys.stderr)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
