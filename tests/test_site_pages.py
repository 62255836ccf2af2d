"""The site writer: Markdown pages from the model, with every draft text escaped and every link to the
right page and anchor. Pure tests: no mkdocs build, no browser (see test_site_build and test_site_browser)."""

from __future__ import annotations

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reportkit.house import VIENNA
from reportkit.model import Report, published_recommendations
from reportkit.package_data import site_base_config_path
from reportkit.pipeline import prepare
from reportkit.writers.site import write_site_pages
from reportkit.writers.site.markup import template_text, text
from tests.conftest import EXAMPLE, MINI


def _report(content: Path) -> Report:
    prepared = prepare(content)
    assert prepared.ok and prepared.report is not None, prepared.diagnostics
    return prepared.report


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in write_site_pages(_report(MINI)).items()}


@pytest.fixture(scope="module")
def example_report() -> Report:
    return _report(EXAMPLE)


# ------------------------------------------------------------------------------------------ escaping


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions the packaged site configuration enables."""
    config = yaml.safe_load(site_base_config_path().read_text("utf-8"))
    extensions, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings_ = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        extensions.append(name)
        if settings_:
            options[name] = settings_
    return markdown.Markdown(extensions=extensions, extension_configs=options)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def _as_shown(value: str) -> str:
    """What a reader should see: the text without control characters, on one line."""
    value = re.sub(r"\r\n|[\t\r\n\v\f\u2028\u2029\x85]", " ", value)
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", "", value).split())


# Markdown and HTML syntax characters, control characters and placeholders Python-Markdown uses itself.
_NASTY = st.text(
    alphabet=st.sampled_from(list("<>&*_`[](){}#!\\-+.|:;=\"'/~^@$%? \n\t\x02\x03ab1")) | st.characters(),
    min_size=1,
    max_size=40,
)
# Each context a page puts draft text in: the Markdown, the elements it must give, and the fixed text
# around the draft's text.
_CONTEXTS = {
    "paragraph": ("[1&#46;](#p){{ .rk-label }} {}\n{{: #p .rk-paragraph }}", ["p", "a"], "1. ", ""),
    "line start": ("{}\n{{: .rk-recommendation-text }}", ["p"], "", ""),
    "heading": ("## {} {{ #h }}", ["h2", "a"], "", "¶"),  # the toc permalink
    "link label": ("[{}](#x){{ .rk-ref }}", ["p", "a"], "", ""),
    "list item": ("- [Recommendation 1](#x): {}", ["ul", "li", "a"], "Recommendation 1: ", ""),
}


@settings(max_examples=400, deadline=None)
@given(value=_NASTY)
def test_draft_text_never_becomes_markup_in_any_context(value: str) -> None:
    md = _site_markdown()
    assume(_as_shown(value))  # drafts never hold empty texts: the schema requires them
    for name, (template, tags, before, after) in _CONTEXTS.items():
        source = template.format(text(value).strip(" "))
        parsed = _parse(md.reset().convert(source))
        assert [tag for tag, _ in parsed.elements] == tags, (name, source)
        # Markdown trims spaces at the edges of a block: compare the characters, not the spacing.
        shown = "".join(_as_shown(before + value + after).split())
        assert "".join(_as_shown("".join(parsed.text)).split()) == shown, (name, source)


def test_a_script_in_a_draft_becomes_character_references() -> None:
    escaped = text('<script>alert("x")</script>')
    assert "<" not in escaped and ">" not in escaped
    assert escaped.startswith("&lt;script&gt;")


@given(value=st.text())
def test_titles_for_the_theme_templates_have_no_markup_characters(value: str) -> None:
    # The theme prints page titles and the site name unescaped, some inside attributes.
    assert not set(template_text(value)) & set("<>\"'")


# ------------------------------------------------------------------------------------------ pages


def test_pages_are_named_by_stable_id(mini_pages: dict[str, str]) -> None:
    assert sorted(mini_pages) == [
        ".reportkit-site.json",
        "agenda.md",
        "chapters/deliberations.md",
        "chapters/recommendations.md",
        "index.md",
        "recommendations.md",
        "themes.md",
    ]


def test_navigation_follows_the_order_of_the_report(mini_pages: dict[str, str]) -> None:
    settings_ = json.loads(mini_pages[".reportkit-site.json"])
    assert settings_["nav"] == [
        {"Home": "index.md"},
        {"Report": ["chapters/recommendations.md", "chapters/deliberations.md"]},
        {"Recommendations": "recommendations.md"},
        {"Themes": "themes.md"},
        {"Agenda": "agenda.md"},
    ]
    assert settings_["site_name"] == "Working Group on Firearms · CTOC/COP/WG.6/2022/4"


def test_home_page_shows_the_meeting_and_links_the_word_document(mini_pages: dict[str, str]) -> None:
    home = mini_pages["index.md"]
    assert "<dt>Symbol</dt><dd>CTOC/COP/WG.6/2022/4</dd>" in home
    assert "<dt>Venue and dates</dt><dd>Vienna, 10–11 May 2022</dd>" in home
    assert "<dt>Status</dt><dd>Final</dd>" in home
    assert 'href="report.docx"' in home
    assert "- [I&#46; Recommendations](chapters/recommendations.md)" in home


def test_every_published_recommendation_is_anchored_by_its_id_and_withdrawn_ones_nowhere(
    mini_pages: dict[str, str],
) -> None:
    page = mini_pages["recommendations.md"]
    for recommendation_id in ("cooperate", "mark-all", "mark-parts"):
        assert f"{{ #{recommendation_id} .rk-recommendation }}" in page
    assert all("dropped" not in content and "withdrawn" not in content for content in mini_pages.values())


def test_recommendations_page_lists_status_themes_item_and_citing_paragraphs(
    mini_pages: dict[str, str],
) -> None:
    page = mini_pages["recommendations.md"]
    entry = page[page.index("{ #mark-parts ") :]
    assert '<span class="rk-status rk-status-proposed">Proposed</span>' in entry
    assert "[Marking](themes.md#marking){ .rk-theme }" in entry
    assert (
        "[Agenda item 2](agenda.md#marking-item) · "
        "[In chapter I of the report](chapters/recommendations.md#mark-parts)" in entry
    )
    # Paragraph 2 refers to it through the range "recommendations 1–3", paragraph 3 through its
    # subparagraph (b): both count.
    assert (
        "Referred to in paragraphs [2](chapters/deliberations.md#item-considered){ .rk-ref } "
        "and [3](chapters/deliberations.md#agenda-adopted){ .rk-ref }."
    ) in entry


def test_references_link_to_the_page_and_anchor_of_their_target(mini_pages: dict[str, str]) -> None:
    chapter = mini_pages["chapters/deliberations.md"]
    assert (
        "recommendations [1](recommendations.md#cooperate){ .rk-ref }–[3](recommendations.md#mark-parts)"
        in chapter
    )
    assert "item [2](../agenda.md#marking-item){ .rk-ref }" in chapter
    assert "recommendation [3 &#40;b&#41;](recommendations.md#barrels){ .rk-ref }" in chapter
    # On the recommendations page, a recommendation's reference to another one stays on that page.
    assert "as in recommendation [2](#mark-all){ .rk-ref }" in mini_pages["recommendations.md"]


def test_paragraphs_carry_their_number_and_id_and_the_agenda_is_listed(mini_pages: dict[str, str]) -> None:
    chapter = mini_pages["chapters/deliberations.md"]
    assert "[3&#46;](#agenda-adopted){ .rk-label } It adopted the following agenda" in chapter
    assert "{: #agenda-adopted .rk-paragraph }" in chapter
    assert (
        "[&#40;b&#41;](../agenda.md#adoption-of-agenda){ .rk-label } Adoption of the agenda&#46;" in chapter
    )


def test_footnotes_keep_their_report_numbers_and_link_both_ways(mini_pages: dict[str, str]) -> None:
    chapter = mini_pages["chapters/deliberations.md"]
    assert "[1](#fn:1){ #fnref:1 .rk-footnote-ref }" in chapter
    assert "[1](#fnref:1){ .rk-footnote-number } See document" in chapter
    assert "{: #fn:1 .rk-footnote }" in chapter


def test_themes_and_agenda_pages_index_the_recommendations(mini_pages: dict[str, str]) -> None:
    themes = mini_pages["themes.md"]
    marking = themes[themes.index("{ #marking }") : themes.index("{ #cooperation }")]
    assert (
        "- [Recommendation 2](recommendations.md#mark-all): States should mark all firearms&#46;" in marking
    )
    agenda = mini_pages["agenda.md"]
    item = agenda[agenda.index("{ #marking-item ") :]
    assert "- [Recommendation 3](recommendations.md#mark-parts)" in item
    assert "- [Section I&#46;B](chapters/recommendations.md#marking-recs): Recommendations on marking" in item
    assert "- Paragraph [2](chapters/deliberations.md#item-considered){ .rk-ref }, in chapter II" in item


def test_the_example_has_a_page_per_chapter_and_every_recommendation(example_report: Report) -> None:
    pages = write_site_pages(example_report)
    assert len([path for path in pages if path.startswith("chapters/")]) == 5
    recommendations = pages["recommendations.md"].decode("utf-8")
    ids = [r.id for r in published_recommendations(example_report)]
    assert len(ids) == 47
    assert all(
        f"{{ #{recommendation_id} .rk-recommendation }}" in recommendations for recommendation_id in ids
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2021, 5, 10), (2021, 5, 12), "10–12 May 2021"),
        ((2021, 5, 31), (2021, 6, 2), "31 May–2 June 2021"),
        ((2021, 12, 30), (2022, 1, 2), "30 December 2021–2 January 2022"),
        ((2021, 5, 10), (2021, 5, 10), "10 May 2021"),
    ],
)
def test_meeting_dates_are_written_the_un_way(
    start: tuple[int, int, int], end: tuple[int, int, int], expected: str
) -> None:
    assert VIENNA.date_range(datetime.date(*start), datetime.date(*end)) == expected
