"""The Geneva house style: documents of the Human Rights Council processed at the United Nations Office
at Geneva, as the issued A/HRC/43/15 (GE.19-21936) prints them (tests/data/upr/README.md)."""

from __future__ import annotations

from reportkit.house.style import HouseStyle

GENEVA = HouseStyle(
    name="geneva",
    description="United Nations Office at Geneva (GE. job numbers), as A/HRC/43/15",
    job_number_stations=("GE",),
    job_number_language_mark="(E)",
    job_number_example="GE.19-21936",  # "GE.19-21936(E)", no space, on A/HRC/43/15
    # "Human Rights Council / Forty-third session / 24 February–20 March 2020 / Agenda item 6 /
    # Universal periodic review": the body, the session and the agenda item's title in bold.
    session_lines_shown=True,
    session_lines_bold=(1, 2, 5),
    session_body_style="SessionBodyLeft",
    session_line_style="SessionLineLeft",
    cover_page=True,
    title_style="ReportTitleTight",
    note_marks_full_size=True,
    # A/HRC/43/15 [M]: the text column 2.0 cm inside the frame (4.0 cm from the page's edge), the
    # paragraph's text 1.0 cm after its number; the masthead stays where Vienna's is.
    template="un-report-geneva.docx",
    # The body runs 2.0 cm above the page's foot, not 2.5 (its last lines at 776 pt of 842), the
    # closing rule stands close under the last paragraph (page 24), and heading numerals end 0.5 cm
    # before the column ("I." at 3.5 cm, page 2) [M].
    page_geometry=(
        ("column_indent", 2.0),
        ("paragraph_number_tab", 1.0),
        ("heading_numeral_gap", 0.5),
        ("margin_bottom", 2.0),
        ("end_rule_before", 6.0),
    ),
    footer_job_number=False,  # A/HRC/43/15's later pages: "3" at the outer edge, nothing else
    footer_page_count=False,
    responses=("supported", "to be examined", "noted"),
)
