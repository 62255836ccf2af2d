"""The UN-format DOCX as a package: styles, masthead, running heads, footnotes, bookmarks, links, options,
determinism and schema validity. Rendering through LibreOffice is in test_docx_pdf.py."""

from __future__ import annotations

import dataclasses
import importlib.util
import itertools
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import OpenXmlValidator

from reportkit.writers.docx import write_docx
from reportkit.writers.docx.barcode import PIXELS_PER_MODULE, barcode_png, code39_modules
from reportkit.writers.docx.bookmarks import MAX_LENGTH, bookmark_name
from reportkit.writers.docx.determinism import ZIP_EPOCH
from reportkit.writers.docx.layout import DEFAULT_LAYOUT, layout_for, twips
from reportkit.writers.docx.qr import PIXELS_PER_MODULE as QR_PIXELS_PER_MODULE
from reportkit.writers.docx.qr import qr_modules
from reportkit.writers.docx.template import TEMPLATE_PATH
from reportkit.writers.numbers_json import write_numbers_json
from tests.docx_support import (
    EXAMPLE,
    HAS_EXAMPLE,
    MINI,
    NS,
    ROOT,
    Package,
    docx_of,
    pandoc_text,
    report_from,
    w,
)

EXPECTED = json.loads((ROOT / "tests" / "data" / "seed_expected.json").read_text("utf-8"))
needs_example = pytest.mark.skipif(not HAS_EXAMPLE, reason="content/ (the bundled example) is not there yet")


@pytest.fixture(scope="module")
def mini() -> Package:
    return Package(docx_of(MINI))


@pytest.fixture(scope="module")
def example() -> Package:
    if not HAS_EXAMPLE:
        pytest.skip("content/ (the bundled example) is not there yet")
    return Package(docx_of(EXAMPLE))


@pytest.fixture(scope="module")
def example_text(example: Package, tmp_path_factory: pytest.TempPathFactory) -> str:
    return pandoc_text(example.data, tmp_path_factory.mktemp("pandoc"))


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("“", '"').replace("”", '"').replace("’", "'")).strip()


# --------------------------------------------------------------------------- the template


def _template_script():
    spec = importlib.util.spec_from_file_location("make_template", ROOT / "templates" / "make_template.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def test_committed_templates_are_what_the_template_script_makes() -> None:
    built = _template_script().build_template()
    assert (ROOT / "templates" / "un-report.docx").read_bytes() == built, "rerun templates/make_template.py"
    assert TEMPLATE_PATH.read_bytes() == built, "the package-data copy is stale: rerun make_template.py"


def test_template_defines_the_styles_un_text_processing_units_know() -> None:
    styles = Package(TEMPLATE_PATH.read_bytes()).xml("word/styles.xml")
    ids = {style.get(w("styleId")) for style in styles.iter(w("style"))}
    expected = {"SingleTxt", "HCh", "H1", "H23", "H4", "RecHead", "SubPara1", "SubPara2", "Agenda1",
                "Agenda2", "FootnoteText", "FootnoteReference", "Header", "Footer", "PageNumber",
                "MastheadUN", "MastheadSymbol", "MastheadBody", "MastheadDistr", "ReportTitle"}  # fmt: skip
    assert expected <= ids


def test_template_sets_a4_frame_margins_a_different_first_page_and_odd_even_headers() -> None:
    template = Package(TEMPLATE_PATH.read_bytes())
    section = template.xml("word/document.xml").find(".//w:sectPr", NS)
    assert section.find("w:pgSz", NS).attrib == {w("w"): "11906", w("h"): "16838"}
    margins = section.find("w:pgMar", NS)
    assert margins.get(w("left")) == margins.get(w("right")) == "1134"  # 2.0 cm frame
    assert section.find("w:titlePg", NS) is not None
    assert template.xml("word/settings.xml").find("w:evenAndOddHeaders", NS) is not None


# --------------------------------------------------------------------------- validity and determinism


@pytest.mark.parametrize(
    "options",
    [{}, {"paper": "Letter"}, {"recommendations_bold": True}, {"recommendation_style": "paragraphs"}],
    ids=["defaults", "letter", "bold", "paragraph-style"],
)
def test_docx_validates_against_the_ooxml_schema(options: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(docx_of(MINI, **options))
    result = OpenXmlValidator().validate(str(path))
    assert [str(error) for error in result.errors] == []


def test_full_example_validates_against_the_ooxml_schema(example: Package, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(example.data)
    result = OpenXmlValidator().validate(str(path))
    assert [str(error) for error in result.errors] == []


def test_two_builds_of_the_same_content_give_identical_bytes(tmp_path: Path) -> None:
    """Two `reportkit build` processes, with different hash seeds so that no set order can leak in."""
    content = EXAMPLE if HAS_EXAMPLE else MINI
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"build-{seed}"
        command = [sys.executable, "-m", "reportkit.cli", "build", "--content", str(content),
                   "--out", str(out), "--only", "docx"]  # fmt: skip
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        completed = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
        assert completed.returncode == 0, completed.stderr
        outputs.append((out / "report.docx").read_bytes())
    assert outputs[0] == outputs[1]


def test_zip_entries_have_fixed_timestamps_and_content_types_come_first(mini: Package) -> None:
    infos = mini.zip.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert infos[1].filename == "_rels/.rels"
    assert {info.date_time for info in infos} == {ZIP_EPOCH}


def test_document_properties_are_dated_from_the_report_not_from_the_build(mini: Package) -> None:
    core = mini.xml("docProps/core.xml")
    assert core.find("dcterms:created", NS).text == "2022-06-01T00:00:00Z"
    assert core.find("dcterms:modified", NS).text == "2022-06-01T00:00:00Z"
    assert core.find("{http://purl.org/dc/elements/1.1/}title", NS).text.startswith("Report on the meeting")


# --------------------------------------------------------------------------- styles only


def test_the_writer_names_styles_that_the_template_defines(mini: Package) -> None:
    defined = {style.get(w("styleId")) for style in mini.xml("word/styles.xml").iter(w("style"))}
    used = set()
    for part in mini.story_parts():
        root = mini.xml(part)
        used |= {node.get(w("val")) for node in root.iter(w("pStyle"), w("rStyle"))}
    assert used - defined == set()


def test_body_paragraphs_carry_no_direct_formatting(mini: Package) -> None:
    body = mini.xml("word/document.xml").find("w:body", NS)
    for paragraph in body.findall("w:p", NS):
        properties = paragraph.find("w:pPr", NS)
        assert [child.tag for child in properties] == [w("pStyle")]
        for run_properties in paragraph.iter(w("rPr")):
            assert [child.tag for child in run_properties] == [w("rStyle")]


# --------------------------------------------------------------------------- page 1


def _first_story(package: Package, kind: str) -> str:
    """The part of page 1's own header or footer (`kind`: "header" or "footer")."""
    section = package.xml("word/document.xml").find(".//w:sectPr", NS)
    reference = section.find(f"w:{kind}Reference[@w:type='first']", NS).get(f"{{{NS['r']}}}id")
    return "word/" + package.relationships("word/document.xml")[reference].get("Target")


def test_masthead_has_united_nations_the_symbol_with_a_larger_first_element_and_distribution(
    mini: Package,
) -> None:
    # In page 1's header, as on issued UN documents: its top line stands at the header distance.
    header = _first_story(mini, "header")
    table = mini.xml(header).find("w:tbl", NS)
    text = mini.text(header)
    assert text.startswith("\nUnited Nations\nCTOC/COP/WG.6/2022/4\n\nConference of the Parties")
    assert "Distr.: General\n1 June 2022\n\nOriginal: English" in text
    lead = [r for r in table.iter(w("r")) if r.find("w:rPr/w:rStyle[@w:val='SymbolLead']", NS) is not None]
    assert [run.findtext("w:t", namespaces=NS) for run in lead] == ["CTOC"]
    rules = [b.get(w("sz")) for b in table.iter(w("bottom"))]
    assert set(rules[:3]) == {"4"} and set(rules[3:]) == {"12"}  # 0.5 pt under row 1, 1.5 pt under row 2
    # The thick rule's place is fixed: the second row has an exact height.
    height = table.findall("w:tr", NS)[1].find("w:trPr/w:trHeight", NS)
    assert height.get(w("hRule")) == "exact"
    assert int(height.get(w("val"))) == twips(DEFAULT_LAYOUT.masthead_body_row_height)
    assert mini.xml("word/document.xml").find("w:body/w:tbl", NS) is None


def test_title_then_first_chapter_start_the_body(mini: Package) -> None:
    body = mini.xml("word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    styles = [p.find("w:pPr/w:pStyle", NS).get(w("val")) for p in paragraphs[:2]]
    assert styles == ["ReportTitle", "HCh"]
    assert mini.text("word/document.xml").split("\n")[0:2] == [
        "Report on the meeting of the Working Group on Firearms held in Vienna on 10 and 11 May 2022",
        "\tI.\tRecommendations",
    ]


def test_the_document_ends_with_the_short_centred_rule(mini: Package) -> None:
    body = mini.xml("word/document.xml").find("w:body", NS)
    last = body.findall("w:p", NS)[-1]
    assert last.find("w:pPr/w:pStyle", NS).get(w("val")) == "EndRule"
    assert last.find("w:r", NS) is None  # a rule, no text
    styles = mini.xml("word/styles.xml")
    rule = styles.find("w:style[@w:styleId='EndRule']", NS)
    assert rule.find("w:pPr/w:pBdr/w:bottom", NS).get(w("sz")) == "4"  # 0.5 pt
    indent = rule.find("w:pPr/w:ind", NS)
    width = DEFAULT_LAYOUT.frame_width - 2 * int(indent.get(w("left"))) / twips(1)
    assert indent.get(w("left")) == indent.get(w("right"))  # centred
    assert width == pytest.approx(DEFAULT_LAYOUT.end_rule_width, abs=0.01)


def test_footnote_separators_are_declared_in_the_settings_as_word_writes_them(example: Package) -> None:
    settings = example.xml("word/settings.xml")
    declared = [n.get(w("id")) for n in settings.findall("w:footnotePr/w:footnote", NS)]
    assert declared == ["-1", "0"]
    footnotes = example.xml("word/footnotes.xml")
    kinds = {n.get(w("id")): n.get(w("type")) for n in footnotes.findall("w:footnote", NS)}
    assert kinds["-1"] == "separator" and kinds["0"] == "continuationSeparator"
    # CT_Settings is a sequence: footnotePr before compat.
    tags = [etree.QName(child).localname for child in settings]
    assert tags.index("footnotePr") < tags.index("compat")


def _first_footer(package: Package) -> str:
    return _first_story(package, "footer")


def _decode_png_row(data: bytes) -> bytes:
    """The first pixel row of an 8-bit greyscale PNG that uses filter 0, as the writer makes it."""
    position, idat, width = 8, b"", 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width = struct.unpack(">I", body[:4])[0]
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    assert raw[0] == 0
    return raw[1 : 1 + width]


def _footer_picture(package: Package, footer: str, name: str) -> tuple[etree._Element, bytes]:
    """The drawing (wp:inline or wp:anchor) of the footer picture named `name`, and its image's bytes."""
    [properties] = [p for p in package.xml(footer).iterfind(".//wp:docPr", NS) if p.get("name") == name]
    drawing = properties.getparent()
    embed = drawing.find(".//a:blip", NS).get(f"{{{NS['r']}}}embed")
    target = package.relationships(footer)[embed].get("Target")
    return drawing, package.bytes(f"word/{target}")


def test_page_1_footer_has_job_number_processing_dates_and_a_code39_barcode_of_the_job_digits() -> None:
    package = Package(docx_of(EXAMPLE if HAS_EXAMPLE else MINI))
    footer = _first_footer(package)
    if HAS_EXAMPLE:
        assert package.text(footer).split("\n")[0] == "V.21-03928 (E)\t010621\t020621"
    drawing, image = _footer_picture(package, footer, "Barcode")
    assert drawing.tag == f"{{{NS['wp']}}}inline"  # in the line, under the job number
    row = _decode_png_row(image)
    modules = "".join("1" if pixel == 0 else "0" for pixel in row[::PIXELS_PER_MODULE])
    digits = "2103928" if HAS_EXAMPLE else "2201234"
    assert modules == code39_modules(digits)
    assert drawing.find("wp:docPr", NS).get("descr") == f"Code 39 barcode *{digits}*"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_page_1_footer_has_the_qr_code_of_the_undocs_address_at_the_frame_bottom_right(paper: str) -> None:
    report = report_from(EXAMPLE if HAS_EXAMPLE else MINI, paper=paper)
    package = Package(write_docx(report))
    footer = _first_footer(package)
    url = f"https://undocs.org/{report.meeting.symbol}"
    drawing, image = _footer_picture(package, footer, "QR code")
    assert drawing.find("wp:docPr", NS).get("descr") == f"QR code of {url}"
    # Anchored to the page, not in the line: the footer keeps its height and page 1 its text.
    assert drawing.tag == f"{{{NS['wp']}}}anchor"
    assert drawing.find("wp:wrapNone", NS) is not None
    emu = 360_000  # per cm
    layout = layout_for(paper)
    left = int(drawing.find("wp:positionH[@relativeFrom='page']/wp:posOffset", NS).text) / emu
    top = int(drawing.find("wp:positionV[@relativeFrom='page']/wp:posOffset", NS).text) / emu
    width = int(drawing.find("wp:extent", NS).get("cx")) / emu
    height = int(drawing.find("wp:extent", NS).get("cy")) / emu
    assert width == height == pytest.approx(layout.qr_size)
    assert left + width == pytest.approx(layout.page.width_cm - layout.margin_right)  # the frame's right edge
    assert top + height == pytest.approx(layout.page.height_cm - layout.footer_distance)
    # The picture's modules are the QR code of the address (readers decode it: test_docx_pdf.py).
    side = len(qr_modules(url)) * QR_PIXELS_PER_MODULE
    assert image[16:24] == struct.pack(">II", side, side)
    assert package.text(footer).split("\n")[1] == "\tPlease recycle \u2672"


def test_the_qr_code_and_please_recycle_can_be_left_out() -> None:
    package = Package(docx_of(EXAMPLE if HAS_EXAMPLE else MINI, qr_code=False, please_recycle=False))
    footer = _first_footer(package)
    names = [p.get("name") for p in package.xml(footer).iterfind(".//wp:docPr", NS)]
    assert names == ["Barcode"]
    assert "recycle" not in package.text(footer)


def test_code39_pattern_starts_and_ends_with_the_asterisk_character() -> None:
    # "*" is bar, wide space, bar, space, wide bar, space, wide bar, space, bar (wide = 3 modules).
    asterisk = "1" + "000" + "1" + "0" + "111" + "0" + "111" + "0" + "1"
    modules = code39_modules("2103928")
    assert modules.startswith(asterisk + "0") and modules.endswith("0" + asterisk)
    assert len(modules) == 9 * 15 + 8  # *, seven digits, *: 15 modules each, 1-module gaps


# Code 39 from the standard's table, independent of python-barcode: each character is nine elements,
# bar and space by turns starting with a bar, "1" marking the three wide ones.
CODE39_WIDE = {
    "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000", "4": "000110001",
    "5": "100110000", "6": "001110000", "7": "000100101", "8": "100100100", "9": "001100100",
    "*": "010010100",
}  # fmt: skip


def _png_rows(png: bytes) -> list[bytes]:
    """The pixel rows of an 8-bit greyscale PNG whose rows are unfiltered, read with zlib alone."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    position, header, data = 8, b"", b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind, body = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 0)
    raw = zlib.decompress(data)
    rows = [raw[row * (width + 1) : (row + 1) * (width + 1)] for row in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter type 0
    return [row[1:] for row in rows]


def _read_code39(row: bytes) -> str:
    """The characters a scanner would read from one row of pixels: runs of dark and light pixels,
    narrow or wide, nine elements to a character and a narrow gap between characters."""
    runs = [(pixel, len(list(group))) for pixel, group in itertools.groupby(row)]
    widths = ["1" if length == 3 * PIXELS_PER_MODULE else "0" for _, length in runs]
    assert runs[0][0] == 0 and all(length in (PIXELS_PER_MODULE, 3 * PIXELS_PER_MODULE) for _, length in runs)
    by_pattern = {pattern: character for character, pattern in CODE39_WIDE.items()}
    return "".join(by_pattern["".join(widths[start : start + 9])] for start in range(0, len(widths), 10))


def test_the_barcode_picture_reads_as_the_job_numbers_digits() -> None:
    rows = _png_rows(barcode_png("V.21-03928"))
    assert len(set(rows)) == 1  # every row the same: the bars run the full height
    assert _read_code39(rows[0]) == "*2103928*"
    assert _read_code39(_png_rows(barcode_png("V.22-01234"))[0]) == "*2201234*"


# --------------------------------------------------------------------------- running heads


def test_later_pages_have_symbol_headers_and_page_of_pages_footers_on_the_outer_edge(mini: Package) -> None:
    section = mini.xml("word/document.xml").find(".//w:sectPr", NS)
    rels = mini.relationships("word/document.xml")

    def part(kind: str, which: str) -> str:
        reference = section.find(f"w:{kind}Reference[@w:type='{which}']", NS).get(f"{{{NS['r']}}}id")
        return "word/" + rels[reference].get("Target")

    assert section.find("w:titlePg", NS) is not None
    assert mini.text(part("header", "default")) == "CTOC/COP/WG.6/2022/4"
    assert mini.text(part("header", "even")) == "CTOC/COP/WG.6/2022/4"
    assert mini.text(part("header", "first")).startswith(
        "\nUnited Nations\n"
    )  # the masthead, no symbol header
    odd_header = mini.xml(part("header", "default")).find(".//w:pStyle", NS).get(w("val"))
    even_header = mini.xml(part("header", "even")).find(".//w:pStyle", NS).get(w("val"))
    assert (odd_header, even_header) == ("HeaderOdd", "HeaderEven")
    assert mini.text(part("footer", "default")) == "V.22-01234\t{PAGE}1/{NUMPAGES}1"
    assert mini.text(part("footer", "even")) == "{PAGE}1/{NUMPAGES}1\tV.22-01234"
    assert mini.xml("word/settings.xml").find("w:evenAndOddHeaders", NS) is not None


def test_paper_is_a4_by_default_and_letter_when_the_report_asks() -> None:
    def page_size(data: bytes) -> tuple[str, str]:
        size = Package(data).xml("word/document.xml").find(".//w:sectPr/w:pgSz", NS)
        return size.get(w("w")), size.get(w("h"))

    assert page_size(docx_of(MINI)) == ("11906", "16838")
    letter = docx_of(MINI, paper="Letter")
    assert page_size(letter) == ("12240", "15840")
    # The footer's right tab follows the wider frame: 21.59 cm − 2 × 2.0 cm.
    tabs = {tab.get(w("pos")) for name in Package(letter).story_parts() if "footer" in name
            for tab in Package(letter).xml(name).iter(w("tab")) if tab.get(w("val")) == "right"}  # fmt: skip
    assert tabs == {str(round(17.59 * 1440 / 2.54))}


# --------------------------------------------------------------------------- body


def test_pandoc_reads_every_paragraph_with_its_number(example_text: str) -> None:
    without_marks = re.sub(r"(?<=,)\[\d+\]", "", example_text)
    missing = [
        n for n, text in EXPECTED["paragraphs"].items() if f"{n}. {_normalise(text)}" not in without_marks
    ]
    assert missing == []


def test_pandoc_reads_every_recommendation_under_its_heading(example_text: str) -> None:
    missing = [
        n
        for n, text in EXPECTED["recommendations"].items()
        if f"Recommendation {n} {_normalise(text)}" not in example_text
    ]
    assert missing == []


def test_pandoc_reads_both_footnotes_placed_after_european_union(example_text: str) -> None:
    assert "European Union,[1] Finland and Mexico" in example_text
    assert "European Union,[2] Finland, Ghana" in example_text
    assert f"[1] {EXPECTED['footnotes']['1']}" in example_text
    assert f"[2] {EXPECTED['footnotes']['2']}" in example_text


def test_pandoc_reads_the_agenda_of_paragraph_49_and_the_subparagraphs(example_text: str) -> None:
    assert (
        "the following agenda: 1. Organizational matters: (a) Opening of the meeting; "
        "(b) Adoption of the agenda and organization of work. 2. Reducing illicit"
    ) in example_text
    for key in ("rec-46", "rec-47", "para-56"):
        for offset, item in enumerate(EXPECTED["subitems"][key]):
            assert f"({chr(ord('a') + offset)}) {_normalise(item)}" in example_text


def test_paragraph_numbers_sit_at_the_column_edge_followed_by_a_tab(mini: Package) -> None:
    lines = mini.text("word/document.xml").split("\n")
    assert "1.\tThe Working Group adopted the recommendations below." in lines
    assert "(a)\tframes;" in lines
    assert "\tA.\tGeneral recommendations" in lines


def test_recommendation_headings_are_kept_with_their_text(mini: Package) -> None:
    styles = mini.xml("word/styles.xml")
    heading = styles.find("w:style[@w:styleId='RecHead']", NS)
    assert heading.find("w:pPr/w:keepNext", NS) is not None
    assert "Recommendation 3\nStates should mark parts, as in recommendation 2:" in mini.text(
        "word/document.xml"
    )


def test_withdrawn_recommendations_are_not_rendered(mini: Package) -> None:
    assert "withdrawn" not in mini.text("word/document.xml")


def test_recommendations_in_bold_when_the_body_asks_for_it() -> None:
    package = Package(docx_of(MINI, recommendations_bold=True))
    bold_runs = [
        run.findtext("w:t", namespaces=NS)
        for run in package.xml("word/document.xml").iter(w("r"))
        if run.find("w:rPr/w:rStyle[@w:val='RecBold']", NS) is not None
    ]
    assert "States should cooperate." in bold_runs
    assert "barrels." in bold_runs  # subparagraphs of a recommendation too
    plain = Package(docx_of(MINI)).xml("word/document.xml")
    assert plain.find(".//w:rStyle[@w:val='RecBold']", NS) is None


def test_older_practice_numbers_recommendations_as_paragraphs_without_headings() -> None:
    text = Package(docx_of(MINI, recommendation_style="paragraphs")).text("word/document.xml")
    assert re.search(r"Recommendation \d", text) is None
    assert "2.\tStates should cooperate." in text
    assert "4.\tStates should mark parts, as in paragraph 3:" in text


def test_session_lines_appear_only_when_asked() -> None:
    report = report_from(MINI, show_session_lines=True)
    meeting = dataclasses.replace(
        report.meeting, session_lines=("Working Group on Firearms", "Vienna, 10–11 May 2022")
    )
    shown = Package(write_docx(dataclasses.replace(report, meeting=meeting))).text("word/document.xml")
    assert "Working Group on Firearms\nVienna, 10–11 May 2022\nReport on the meeting" in shown
    hidden_options = dataclasses.replace(report.options, show_session_lines=False)
    hidden_report = dataclasses.replace(report, meeting=meeting, options=hidden_options)
    assert "Vienna, 10–11 May 2022" not in Package(write_docx(hidden_report)).text("word/document.xml")


def test_emblem_image_goes_into_the_masthead_slot_when_configured(tmp_path: Path) -> None:
    emblem = tmp_path / "emblem.png"
    emblem.write_bytes(barcode_png("V.00-00000"))  # any PNG will do
    package = Package(docx_of(MINI, emblem=str(emblem)))
    header = _first_story(package, "header")
    second_row_first_cell = package.xml(header).find("w:tbl", NS).findall("w:tr", NS)[1].find("w:tc", NS)
    assert second_row_first_cell.find(".//wp:inline", NS) is not None
    [image] = [
        r.get("Target") for r in package.relationships(header).values() if r.get("Target").endswith(".png")
    ]
    assert package.zip.read(f"word/{image}") == emblem.read_bytes()
    without = Package(docx_of(MINI))
    assert without.xml(_first_story(without, "header")).find(".//wp:inline", NS) is None


# --------------------------------------------------------------------------- footnotes


def test_footnotes_are_real_word_footnotes_with_separators(mini: Package) -> None:
    content_types = mini.xml("[Content_Types].xml")
    override = content_types.find("ct:Override[@PartName='/word/footnotes.xml']", NS)
    assert override.get("ContentType").endswith("wordprocessingml.footnotes+xml")
    assert mini.part_related("word/document.xml", "/footnotes") == ["word/footnotes.xml"]
    footnotes = mini.xml("word/footnotes.xml").findall("w:footnote", NS)
    assert [(f.get(w("type")), f.get(w("id"))) for f in footnotes] == [
        ("separator", "-1"), ("continuationSeparator", "0"), (None, "1")]  # fmt: skip
    assert footnotes[0].find(".//w:separator", NS) is not None
    assert footnotes[1].find(".//w:continuationSeparator", NS) is not None
    note = footnotes[2]
    assert note.find("w:p/w:pPr/w:pStyle", NS).get(w("val")) == "FootnoteText"
    assert note.find("w:p/w:r/w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"
    assert note.find("w:p/w:r/w:footnoteRef", NS) is not None


def test_footnote_reference_is_a_superscript_mark_after_the_punctuation(mini: Package) -> None:
    document = mini.xml("word/document.xml")
    [reference] = document.iter(w("footnoteReference"))
    run = reference.getparent()
    assert run.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"
    text_before = "".join(
        node.text or "" for node in run.itersiblings(preceding=True) for node in node.iter(w("t"))
    )
    assert text_before.startswith(".")  # siblings come nearest first: the full stop, then "II", …
    paragraph_text = "".join(t.text or "" for t in run.getparent().iter(w("t")))
    assert paragraph_text.endswith("chapters I and II.")
    style = mini.xml("word/styles.xml").find("w:style[@w:styleId='FootnoteReference']", NS)
    assert style.find("w:rPr/w:vertAlign", NS).get(w("val")) == "superscript"


def test_document_symbols_link_to_the_official_documents_system_even_in_footnotes(mini: Package) -> None:
    links = [rel.get("Target") for rel in mini.relationships("word/footnotes.xml").values()
             if rel.get("TargetMode") == "External"]  # fmt: skip
    assert links == ["https://undocs.org/CTOC/COP/WG.6/2022/INF/1"]


# --------------------------------------------------------------------------- bookmarks and links


def test_bookmark_names_are_word_compatible_deterministic_and_distinct() -> None:
    assert bookmark_name("marking-all-firearms") == "rk_marking_all_firearms"
    long_id = "analyse-trafficking-and-terrorist-financing-risks"
    assert len(long_id) == 49
    names = [bookmark_name(i) for i in (long_id, long_id + "-2", "Odd_Id", "odd-id", "a" * 37, "a" * 38)]
    assert len(set(names)) == len(names)
    for name in names:
        assert len(name) <= MAX_LENGTH
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)
    assert bookmark_name(long_id) == bookmark_name(long_id)


def _bookmarks(package: Package) -> dict[str, str]:
    return {
        b.get(w("name")): b.get(w("id")) for b in package.xml("word/document.xml").iter(w("bookmarkStart"))
    }


@pytest.mark.parametrize("content", ["mini", "example"])
def test_every_target_in_numbers_json_has_a_bookmark(content: str, request: pytest.FixtureRequest) -> None:
    package: Package = request.getfixturevalue(content)
    report = report_from(MINI if content == "mini" else EXAMPLE)
    ids = json.loads(write_numbers_json(report))["ids"]
    names = _bookmarks(package)
    missing = [target for target in ids if bookmark_name(target) not in names]
    assert missing == []


@pytest.mark.parametrize("content", ["mini", "example"])
def test_every_internal_hyperlink_points_at_an_existing_bookmark(
    content: str, request: pytest.FixtureRequest
) -> None:
    package: Package = request.getfixturevalue(content)
    names = _bookmarks(package)
    anchors = [link.get(w("anchor")) for part in package.story_parts()
               for link in package.xml(part).iter(w("hyperlink")) if link.get(w("anchor"))]  # fmt: skip
    assert anchors, "references should become internal hyperlinks"
    assert [anchor for anchor in anchors if anchor not in names] == []


def test_bookmark_ids_are_unique_and_each_start_has_its_end(example: Package) -> None:
    document = example.xml("word/document.xml")
    starts = [b.get(w("id")) for b in document.iter(w("bookmarkStart"))]
    ends = [b.get(w("id")) for b in document.iter(w("bookmarkEnd"))]
    assert len(starts) == len(set(starts)) and sorted(starts) == sorted(ends)


def test_a_reference_links_each_number_to_its_own_target(mini: Package) -> None:
    document = mini.xml("word/document.xml")
    links = [
        ("".join(link.itertext()), link.get(w("anchor")))
        for link in document.iter(w("hyperlink"))
        if link.get(w("anchor"))
    ]
    # "item 2, entitled "Marking of firearms"", "recommendations 1–3", "chapters I and II", "recommendation 2"
    expected = [
        ("2", "rk_marking_item"), ("Marking of firearms", "rk_marking_item"), ("1", "rk_cooperate"),
        ("3", "rk_mark_parts"), ("I", "rk_recommendations"), ("II", "rk_deliberations"),
        ("2", "rk_mark_all"), ("1", "rk_adopted_below"), ("3 (b)", "rk_barrels"),
    ]  # fmt: skip
    assert [pair for pair in expected if pair not in links] == []


def test_references_to_an_agenda_no_paragraph_shows_stay_plain_text(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    chapter = content / "chapters" / "deliberations.yaml"
    chapter.write_text(chapter.read_text("utf-8").replace("    show_agenda: true\n", ""), "utf-8")
    package = Package(docx_of(content))
    anchors = {link.get(w("anchor")) for link in package.xml("word/document.xml").iter(w("hyperlink"))}
    assert "rk_marking_item" not in anchors
    assert "considered item 2, entitled \u201cMarking of firearms\u201d" in package.text("word/document.xml")
    assert "rk_mark_all" in anchors  # references with a bookmarked target still link
