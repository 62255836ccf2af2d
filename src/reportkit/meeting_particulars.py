"""The meeting's particulars for `reportkit new`: the options that give them, the questions that ask
for them on a terminal, the checks that keep them valid, and the placeholders used when nobody is asked.

The checks apply the schema's forms (src/reportkit/schema/reportkit.schema.json) to each answer, so that a
bad --symbol is a usage error at once rather than a meeting folder that does not build.
"""

from __future__ import annotations

import argparse
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportkit.house import DEFAULT_STYLE, house_style, style_names
from reportkit.validate import schema


def _schema_property(definition: str, key: str) -> dict[str, Any]:
    """What the schema says of one key (read when first asked: every command builds this parser)."""
    return schema()["$defs"][definition]["properties"][key]


CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def text_value(value: str) -> str:
    """A one-line text: the issuing body, the meeting, the venue."""
    value = value.strip()
    if not value:
        raise ValueError("it is empty")
    if CONTROL.search(value):
        raise ValueError("it holds a control character")
    return value


def symbol_value(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(_schema_property("meeting", "symbol")["pattern"], value):
        raise ValueError(f"'{value}' is not a document symbol like CTOC/COP/WG.6/2021/4")
    return value


def job_number_value(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(_schema_property("meeting", "job_number")["pattern"], value):
        raise ValueError(f"'{value}' is not a job number like V.21-03928")
    return value


def style_value(value: str) -> str:
    """A house style reportkit knows (reportkit.house), in any case."""
    name = value.strip().lower()
    if name not in style_names():
        raise ValueError(f"'{value}' is not a house style; the styles are {', '.join(style_names())}")
    return name


def dates_value(value: str) -> tuple[datetime.date, datetime.date]:
    """`2026-05-10..2026-05-12`, or one date for a one-day meeting."""
    start_text, _, end_text = value.strip().partition("..")
    try:
        start = datetime.date.fromisoformat(start_text.strip())
        end = datetime.date.fromisoformat((end_text or start_text).strip())
    except ValueError:
        raise ValueError(f"'{value}' is not START..END with dates like 2026-05-10") from None
    if end < start:
        raise ValueError(f"the meeting ends ({end}) before it starts ({start})")
    return start, end


def option_choice(key: str) -> Callable[[str], str]:
    """One of the values the schema allows for `options.<key>`, in any case."""

    def check(value: str) -> str:
        choices: list[str] = _schema_property("options", key)["enum"]
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
        raise ValueError(f"'{value}' is not one of {', '.join(choices)}")

    return check


@dataclass(frozen=True)
class Question:
    """One particular: how it is asked on a terminal, checked, and filled in when nobody is asked."""

    key: str
    option: str
    prompt: str
    parse: Callable[[str], object]
    placeholder: object  # passes validation, and says it is to be filled in; None: today (the dates)
    fill_hint: str
    default: object = None  # used when not given nor answered, without a warning: no placeholder


def _today() -> tuple[datetime.date, datetime.date]:
    today = datetime.date.today()
    return today, today


QUESTIONS: tuple[Question, ...] = (
    Question(
        "issuing_body",
        "--body",
        "Issuing body (e.g. Conference of the Parties to the United Nations Convention against "
        "Transnational Organized Crime)",
        text_value,
        "Issuing body (to be filled in)",
        "write the issuing body's name",
    ),
    Question(
        "meeting_name",
        "--meeting",
        "Meeting (e.g. Working Group on Firearms)",
        text_value,
        "Meeting (to be filled in)",
        "write the meeting's name; the title and two paragraphs use it as well",
    ),
    Question(
        "symbol",
        "--symbol",
        "Document symbol (e.g. CTOC/COP/WG.6/2021/4)",
        symbol_value,
        "TO/BE/FILLED/IN",
        "write the document symbol, e.g. CTOC/COP/WG.6/2021/4",
    ),
    Question(
        "venue", "--venue", "Venue (e.g. Vienna)", text_value, "Venue (to be filled in)", "write the venue"
    ),
    Question(
        "dates",
        "--dates",
        "Dates of the meeting (START..END, e.g. 2026-05-10..2026-05-12)",
        dates_value,
        None,  # today, computed when needed
        "write the meeting's first and last days, YYYY-MM-DD",
    ),
    # Before the job number: the style says which duty stations' job numbers it takes.
    Question(
        "style", "--style", "House style (vienna or geneva)", style_value, None, "", default=DEFAULT_STYLE
    ),
    Question(
        "job_number",
        "--job-number",
        "Job number (e.g. V.21-03928)",
        job_number_value,
        "V.00-00000",  # the default house style's duty station, so that the new folder builds
        "write the job number, e.g. V.21-03928",
    ),
    Question("paper", "--paper", "Paper (A4 or Letter)", option_choice("paper"), None, "", default="A4"),
    Question(
        "recommendation_style",
        "--recommendation-style",
        "Recommendations as headings or paragraphs",
        option_choice("recommendation_style"),
        None,
        "",
        default="headings",
    ),
)


@dataclass
class Particulars:
    values: dict[str, object]
    placeholders: list[Question] = field(default_factory=list)  # what the drafter must still fill in


def gather_particulars(given: dict[str, object | None], ask: Callable[[str], str] | None) -> Particulars:
    """The particulars from the options given; the others asked with `ask` (a terminal) or, without
    one, defaults and placeholders that pass validation."""
    particulars = Particulars({})
    for question in QUESTIONS:
        value = given.get(question.key)
        if value is None and ask is not None:
            value = _ask(question, ask)
        if value is None and question.default is not None:
            value = question.default
        if value is None:
            value = question.placeholder if question.placeholder is not None else _today()
            particulars.placeholders.append(question)
        particulars.values[question.key] = value
    if any(question.key == "job_number" for question in particulars.placeholders):
        # The placeholder takes the style's duty station, so that the new folder builds.
        station = house_style(str(particulars.values["style"])).job_number_stations[0]
        particulars.values["job_number"] = f"{station}.00-00000"
    return particulars


def job_number_problem(particulars: Particulars) -> str | None:
    """Why the job number given is not one of the chosen house style's, or None."""
    style = house_style(str(particulars.values["style"]))
    return style.job_number_problem(str(particulars.values["job_number"]))


def _ask(question: Question, ask: Callable[[str], str]) -> object | None:
    """Ask until the answer is valid; an empty answer takes the default, or leaves a placeholder."""
    suffix = f" [{question.default}]" if question.default else " [leave empty to fill in later]"
    while True:
        answer = ask(f"{question.prompt}{suffix}: ")
        if not answer.strip():
            return None
        try:
            return question.parse(answer)
        except ValueError as problem:
            ask_again = f"  {problem}; try again"
            print(ask_again, flush=True)


def option_type(parse: Callable[[str], object]) -> Callable[[str], object]:
    """A checker as an argparse `type`: its message becomes the usage error's."""

    def checked(value: str) -> object:
        try:
            return parse(value)
        except ValueError as problem:
            raise argparse.ArgumentTypeError(str(problem)) from None

    checked.__name__ = parse.__name__
    return checked
