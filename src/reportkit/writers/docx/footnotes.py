"""Real Word footnotes: the footnotes part, its separators, and the reference marks in the text.

python-docx has no footnote API; docs/docx-ooxml.md describes the XML. The part is created on the first
footnote, so a report without footnotes has no footnotes part at all.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from reportkit.house import DEFAULT_STYLE, HouseStyle, house_style
from reportkit.model import Footnote
from reportkit.writers.docx.inlines import InlineContext, append_inlines
from reportkit.writers.docx.ooxml import element, insert_in_order, text_element, text_run

TEXT_STYLE = "FootnoteText"
REFERENCE_STYLE = "FootnoteReference"
SEPARATOR_STYLE = "FootnoteSeparator"
PART_NAME = "/word/footnotes.xml"


def _special_footnote(kind: str, footnote_id: str) -> etree._Element:
    """The separator (-1) and continuation separator (0) that every footnotes part starts with."""
    paragraph = element("w:p", None, element("w:pPr", None, element("w:pStyle", {"w:val": SEPARATOR_STYLE})))
    paragraph.append(element("w:r", None, element(f"w:{kind}")))
    return element("w:footnote", {"w:type": kind, "w:id": footnote_id}, paragraph)


# CT_Settings is a sequence: footnotePr must come before these where the settings hold them.
_AFTER_FOOTNOTE_PROPERTIES = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "w:attachedSchema",
                              "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                              "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                              "w:readModeInkLockDown", "w:smartTagType", "w:shapeDefaults",
                              "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator")  # fmt: skip


def _declare_separators(document_part: Part) -> None:
    """settings.xml names the separator notes, as Word writes it (w:footnotePr with ids -1 and 0): Word
    looks there for the separators it draws above the notes."""
    settings = document_part.settings.element  # type: ignore[attr-defined]  # the DocumentPart's settings
    declaration = element("w:footnotePr", None, element("w:footnote", {"w:id": "-1"}),
                          element("w:footnote", {"w:id": "0"}))  # fmt: skip
    insert_in_order(settings, declaration, _AFTER_FOOTNOTE_PROPERTIES)


def _mark_run(child: etree._Element, full_size: bool = False) -> etree._Element:
    properties = element("w:rPr", None, element("w:rStyle", {"w:val": REFERENCE_STYLE}))
    if full_size:  # the reference style raises and shrinks; a full-size mark stays on the line
        properties.append(element("w:vertAlign", {"w:val": "baseline"}))
    return element("w:r", None, properties, child)


class Footnotes:
    def __init__(self, document_part: Part, style: HouseStyle | None = None) -> None:
        self._document_part = document_part
        self._style = style or house_style(DEFAULT_STYLE)
        self._marks = 0
        self._part: XmlPart | None = None
        self._next_id = 1

    def _footnotes_part(self) -> XmlPart:
        if self._part is None:
            root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
            root.append(_special_footnote("separator", "-1"))
            root.append(_special_footnote("continuationSeparator", "0"))
            package = self._document_part.package
            self._part = XmlPart(PackURI(PART_NAME), CONTENT_TYPE.WML_FOOTNOTES, root, package)
            self._document_part.relate_to(self._part, RELATIONSHIP_TYPE.FOOTNOTES)
            _declare_separators(self._document_part)
        return self._part

    def reference(self, footnote: Footnote) -> etree._Element:
        """Add the note to the footnotes part; return the run that marks its place in the text.

        Word numbers notes by their order in the text, which is number.py's order, so the ids simply
        count in the order the writer meets the notes.
        """
        part = self._footnotes_part()
        footnote_id = str(self._next_id)
        self._next_id += 1
        paragraph = element("w:p", None, element("w:pPr", None, element("w:pStyle", {"w:val": TEXT_STYLE})))
        paragraph.append(_mark_run(element("w:footnoteRef")))
        paragraph.append(element("w:r", None, element("w:tab")))
        append_inlines(paragraph, footnote.content, InlineContext(part=part, style=self._style))
        part.element.append(element("w:footnote", {"w:id": footnote_id}, paragraph))
        return _mark_run(element("w:footnoteReference", {"w:id": footnote_id}))

    def next_mark(self) -> str:
        """Notes marked rather than numbered take "*", "**", "***" … in the order they appear."""
        self._marks += 1
        return "*" * self._marks

    def marked_reference(self, text: str, mark: str) -> etree._Element:
        """A note with its own mark ("*" on a title) rather than a number: Word's customMarkFollows,
        the mark written as text after the reference and at the start of the note, taking no number."""
        part = self._footnotes_part()
        footnote_id = str(self._next_id)
        self._next_id += 1
        paragraph = element("w:p", None, element("w:pPr", None, element("w:pStyle", {"w:val": TEXT_STYLE})))
        # The mark opens the note in the reference style, as Word writes a custom mark (and LibreOffice
        # expects, showing it once), full size where the house style prints it so (A/HRC/43/15).
        full_size = self._style.note_marks_full_size
        paragraph.append(_mark_run(text_element(mark), full_size))
        paragraph.append(text_run(f"\t{text}"))
        part.element.append(element("w:footnote", {"w:id": footnote_id}, paragraph))
        reference = _mark_run(
            element("w:footnoteReference", {"w:customMarkFollows": "1", "w:id": footnote_id}), full_size
        )
        # One w:t a character: LibreOffice (7.4) takes a longer custom mark for the note's label and
        # prints its text as well ("****" for "**"); split, it prints "**" once, and Word reads the
        # run's text as the same "**".
        for character in mark:
            reference.append(text_element(character))
        return reference

    @property
    def element(self) -> etree._Element | None:
        return None if self._part is None else self._part.element
