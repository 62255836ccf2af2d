"""What differs between UN bodies and duty stations, as one frozen value: a house style.

Writers, the resolver and the loader ask the report's style for every word, date, number form and
address they print, so that a body whose documents differ is one new module (see vienna.py and
geneva.py), not edits across writers. Everything here is plain data plus small pure functions of it;
the page's geometry stays in the Word template and writers/docx/layout.py.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip

# A UN job number: the duty station's letters, the year's last two digits and a serial,
# "V.21-03928" (Vienna), "GE.19-21936" (Geneva), "N.22-01234" (New York).
JOB_NUMBER = re.compile(r"(?P<station>[A-Z]{1,2})\.(?P<year>[0-9]{2})-(?P<serial>[0-9]{5})")


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """A house style. Every field has the Vienna value as its default; a style names what differs."""

    name: str
    description: str
    # Job numbers: the duty stations' letters this style accepts, and what follows the number when it is
    # printed on page 1 ("V.21-03928 (E)", but "GE.19-21936(E)" on Geneva's pages).
    job_number_stations: tuple[str, ...] = ("V",)
    job_number_language_mark: str = " (E)"
    job_number_example: str = "V.21-03928"
    # Page 1.
    organization: str = "United Nations"
    distribution_label: str = "Distr.: "
    original_label: str = "Original: "
    # Session lines under the masthead: shown unless the report says otherwise, and which of them
    # (1-based) print in bold when a line does not say. Vienna's post-session reports have none.
    session_lines_shown: bool = False
    session_lines_bold: tuple[int, ...] = (1,)
    # Their template styles: the first line's and the others' (Geneva's stand flush left).
    session_body_style: str = "SessionBody"
    session_line_style: str = "SessionLine"
    # Page 1 holds only the masthead, the title and its footnote: the text starts on page 2.
    cover_page: bool = False
    # The title's template style (Geneva's stands closer under its session lines).
    title_style: str = "ReportTitle"
    # A note's own mark ("*" after the title) printed full size on the line, as A/HRC/43/15 prints it,
    # rather than raised small as footnote numbers are.
    note_marks_full_size: bool = False
    # The Word template (its styles and page setup) and the lengths of writers/docx/layout.py that
    # differ from Vienna's, by name; templates/make_template.py builds the template from them.
    template: str = "un-report.docx"
    page_geometry: tuple[tuple[str, float], ...] = ()
    # Footers of pages 2 onwards: "V.21-03928 … 3/16" in Vienna; the page number alone ("3") in Geneva.
    footer_job_number: bool = True
    footer_page_count: bool = True
    # Words of references and headings ("recommendation 27", "chapter I", "Recommendation 5").
    chapter_word: str = "chapter"
    section_word: str = "section"
    paragraph_word: str = "paragraph"
    recommendation_word: str = "recommendation"
    agenda_item_word: str = "item"
    annex_word: str = "annex"
    months: tuple[str, ...] = ENGLISH_MONTHS
    # Where the official documents system serves a document by its symbol.
    documents_url: str = "https://undocs.org/{symbol}"
    # Who made a recommendation, printed after its text: "(Maldives) (Portugal)" in the UPR.
    by_each: str = "({state})"
    by_separator: str = " "
    # A paragraph's list of recommendations: each item ends with this, the last with `list_end`.
    list_item_end: str = ";"
    list_end: str = "."
    # The response of the State concerned to a recommendation (UPR: supported, noted …); empty: the
    # style has no responses and a recommendation may not name one.
    responses: tuple[str, ...] = ()

    # ---- dates

    def date(self, date: datetime.date) -> str:
        """31 May 2021: the day without a leading zero, no comma."""
        return f"{date.day} {self.months[date.month - 1]} {date.year}"

    def date_range(self, start: datetime.date, end: datetime.date) -> str:
        """Periods and mastheads: "10–12 May 2021", "31 May–2 June 2021",
        "30 December 2021–2 January 2022"."""
        if start == end:
            return self.date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{self.date(end)}"
        if start.year == end.year:
            return f"{start.day} {self.months[start.month - 1]}–{self.date(end)}"
        return f"{self.date(start)}–{self.date(end)}"

    def date_range_in_words(self, start: datetime.date, end: datetime.date) -> str:
        """Running text and titles: "on 10 May 2021", "on 10 and 11 May 2021", "from 10 to 12 May 2021",
        "from 31 May to 2 June 2021", "from 30 December 2021 to 2 January 2022"."""
        if start == end:
            return f"on {self.date(start)}"
        if (start.year, start.month) == (end.year, end.month):
            first = str(start.day)
        elif start.year == end.year:
            first = f"{start.day} {self.months[start.month - 1]}"
        else:
            first = self.date(start)
        if end - start == datetime.timedelta(days=1):
            return f"on {first} and {self.date(end)}"
        return f"from {first} to {self.date(end)}"

    # ---- job numbers

    def job_number_problem(self, job_number: str) -> str | None:
        """Why `job_number` is not one of this style's duty stations', or None when it is (or when it is
        no job number at all, which the schema's pattern reports)."""
        match = JOB_NUMBER.fullmatch(job_number)
        if match is None or match["station"] in self.job_number_stations:
            return None
        stations = " or ".join(f"'{station}.'" for station in self.job_number_stations)
        return f"job number '{job_number}' is not one of the {self.name} style's, which start with {stations}"

    def printed_job_number(self, job_number: str) -> str:
        """The job number as page 1 prints it: "V.21-03928 (E)", "GE.19-21936(E)"."""
        return job_number + self.job_number_language_mark

    @staticmethod
    def job_digits(job_number: str) -> str:
        """'V.21-03928' → '2103928': the barcode carries the job number's digits only."""
        return "".join(re.findall(r"\d", job_number))

    def barcode_text(self, job_number: str) -> str:
        """The barcode's human-readable line, "*2103928*": Code 39 shows its start and stop characters."""
        return f"*{self.job_digits(job_number)}*"

    # ---- words

    def document_url(self, symbol: str) -> str:
        return self.documents_url.format(symbol=symbol)

    def annex_heading(self, number: str) -> str:
        """ "Annex I", or "Annex" when a report has one."""
        return f"{capitalized(self.annex_word)} {number}".strip()

    @staticmethod
    def numbered_title(number: str, title: str) -> str:
        """A heading as printed: "II. Recommendations", or the title alone for an unnumbered chapter."""
        return f"{number}. {title}" if number else title

    def recommendation_heading(self, number: str) -> str:
        """The heading of a recommendation in a report that gives each its own: "Recommendation 5"."""
        return f"{self.recommendation_heading_word} {number}"

    @property
    def recommendation_heading_word(self) -> str:
        """The heading's word alone, "Recommendation": the redline tracks the number apart from it."""
        return capitalized(self.recommendation_word)

    @property
    def paragraph_heading_word(self) -> str:
        return capitalized(self.paragraph_word)

    def by_line(self, states: tuple[str, ...], together: bool = False) -> str:
        """Who made a recommendation, as printed after its text: "(Maldives) (Portugal)", or, where a
        report prints them `together` (UPR reports until 2016), "(Maldives, Portugal)"."""
        if together and states:
            return self.by_each.format(state=", ".join(states))
        return self.by_separator.join(self.by_each.format(state=state) for state in states)

    def listed_ending(self, states: tuple[str, ...], last: bool, together: bool = False) -> str:
        """What follows a listed recommendation's text: " (France) (Lithuania);", or "." for the last."""
        by = f" {self.by_line(states, together)}" if states else ""
        return by + (self.list_end if last else self.list_item_end)

    def session_line_bold(self, position: int, written: tuple[int, ...] | None) -> bool:
        """Whether session line `position` (1-based) prints in bold: as the report says, else the style."""
        return position in (self.session_lines_bold if written is None else written)


def capitalized(word: str) -> str:
    return word[:1].upper() + word[1:]
