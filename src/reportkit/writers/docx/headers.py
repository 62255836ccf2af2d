"""Running headers and footers, and the job number with its barcode at the foot of page 1.

The template's section has a different first page; settings.xml asks for different odd and even pages.
Page 1 gets an empty header and, as its footer, the job number, processing dates and barcode, and on
the right "Please recycle" and the QR code of the document's undocs.org address (options). Later
pages carry the symbol in the header and "job number … n/N" in the footer, the symbol and the page
number on the outer edge: right on odd pages, left on even ones. The pack, the redline, the
compilation and the compendium have the same running heads (`write_running_heads`), naming themselves.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.section import Section, _Footer, _Header
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from reportkit.house import HouseStyle
from reportkit.model import Meeting, Options
from reportkit.writers.docx.barcode import barcode_png
from reportkit.writers.docx.fields import field_runs
from reportkit.writers.docx.floating import float_on_page
from reportkit.writers.docx.layout import Layout
from reportkit.writers.docx.ooxml import styled_paragraph, text_run
from reportkit.writers.docx.qr import qr_png

PAGE_NUMBER_STYLE = "PageNumber"
# Drawing ids (wp:docPr/@id) should be unique in the whole package; python-docx counts per part, so the
# footer's barcode takes an id far from the body's pictures.
BARCODE_DRAWING_ID = "4096"
QR_DRAWING_ID = "4097"
RECYCLING_SYMBOL = "\u2672"  # ♲, the universal recycling symbol


def _emptied(story: _Header | _Footer) -> _Header | _Footer:
    """The header or footer of its own (not linked to a previous section), without paragraphs."""
    story.is_linked_to_previous = False
    for paragraph in story.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)
    return story


def _page_number(paragraph: Paragraph, of_pages: bool) -> None:
    """The page as "3/16", from the PAGE and NUMPAGES fields, or "3" alone."""
    for run in field_runs("PAGE", "1", PAGE_NUMBER_STYLE):
        paragraph._p.append(run)
    if not of_pages:
        return
    paragraph._p.append(text_run("/", PAGE_NUMBER_STYLE))
    for run in field_runs("NUMPAGES", "1", PAGE_NUMBER_STYLE):
        paragraph._p.append(run)


def _running_footer(story: _Header | _Footer, text: str, odd: bool, layout: Layout, of_pages: bool) -> None:
    """ "V.21-03928 … 3/16" (odd) and "2/16 … V.21-03928" (even): `text` and the page number, both on the
    outer edge."""
    paragraph = styled_paragraph(_emptied(story), "Footer")
    # The right tab sits at the frame's right edge, which moves with the paper size.
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(layout.frame_width), WD_TAB_ALIGNMENT.RIGHT)
    if odd:
        paragraph._p.append(text_run(f"{text}\t"))
        _page_number(paragraph, of_pages)
    else:
        _page_number(paragraph, of_pages)
        paragraph._p.append(text_run(f"\t{text}"))


def _first_page_footer(
    story: _Header | _Footer, meeting: Meeting, options: Options, layout: Layout, style: HouseStyle
) -> None:
    footer = _emptied(story)
    dates = "".join(f"\t{date}" for date in meeting.processing_dates.split())
    styled_paragraph(footer, "FooterFirst", f"{style.printed_job_number(meeting.job_number)}{dates}")
    paragraph = styled_paragraph(footer, "Barcode")
    shape = paragraph.add_run().add_picture(
        io.BytesIO(barcode_png(meeting.job_number)),
        width=Cm(layout.barcode_width),
        height=Cm(layout.barcode_height),
    )
    properties = shape._inline.docPr
    properties.set("id", BARCODE_DRAWING_ID)
    properties.set("name", "Barcode")
    properties.set("descr", f"Code 39 barcode {style.barcode_text(meeting.job_number)}")
    if options.please_recycle:
        # At the Barcode style's right tab, just left of where the QR code stands.
        paragraph._p.append(text_run("\tPlease recycle ", "RecycleMark"))
        paragraph._p.append(text_run(RECYCLING_SYMBOL, "RecycleSymbol"))
    if options.qr_code:
        _qr_code(paragraph, style.document_url(meeting.symbol), layout)
    # What the barcode says, for people: "*2103928*" under the bars, as on issued pages.
    styled_paragraph(footer, "BarcodeText", style.barcode_text(meeting.job_number))


def _qr_code(paragraph: Paragraph, address: str, layout: Layout) -> None:
    """The QR code of the document's address at the bottom right of the frame, level with the footer's
    last line."""
    size = Cm(layout.qr_size)
    shape = paragraph.add_run().add_picture(io.BytesIO(qr_png(address)), width=size, height=size)
    properties = shape._inline.docPr
    properties.set("id", QR_DRAWING_ID)
    properties.set("name", "QR code")
    properties.set("descr", f"QR code of {address}")
    page = layout.page
    left = page.width_cm - layout.margin_right - layout.qr_size
    top = page.height_cm - layout.footer_distance - layout.qr_size
    float_on_page(shape._inline, left, top)


def write_running_heads(
    section: Section, header_text: str, footer_text: str, layout: Layout, of_pages: bool = True
) -> None:
    """From page 2, `header_text` in the header and `footer_text` with the page number in the footer;
    page 1's header is left with one empty paragraph, for the masthead (masthead.py) to stand before."""
    section.different_first_page_header_footer = True
    styled_paragraph(_emptied(section.first_page_header), "Normal")
    styled_paragraph(_emptied(section.header), "HeaderOdd", header_text)
    styled_paragraph(_emptied(section.even_page_header), "HeaderEven", header_text)
    _running_footer(section.footer, footer_text, odd=True, layout=layout, of_pages=of_pages)
    _running_footer(section.even_page_footer, footer_text, odd=False, layout=layout, of_pages=of_pages)


def write_headers_and_footers(
    section: Section, meeting: Meeting, options: Options, layout: Layout, style: HouseStyle
) -> None:
    """The report's: the symbol above, the job number below (where the house style prints it), and on
    page 1 the job number, barcode and codes at the foot."""
    job = meeting.job_number if style.footer_job_number else ""
    write_running_heads(section, meeting.symbol, job, layout, style.footer_page_count)
    _first_page_footer(section.first_page_footer, meeting, options, layout, style)


def write_plain_first_page_footer(section: Section) -> None:
    """A working document's page 1 foot: empty (it has no job number to print), but a footer of its
    own, so that the running footer does not show under the masthead."""
    styled_paragraph(_emptied(section.first_page_footer), "Normal")
