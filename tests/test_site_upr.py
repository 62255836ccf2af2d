"""The UPR example's site in Chromium: the recommendations grouped as the State concerned answered them
(supported, to be examined) and each one's States, as a reader sees them; the Vienna site keeps its
chapters and sections and shows neither."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ruamel.yaml import YAML

from reportkit.model import Recommendation, Section
from tests.conftest import EXAMPLE, ROOT
from tests.docx_support import report_from
from tests.site_support import CHROMIUM, build_site_from, serve

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

UPR = ROOT / "examples" / "upr-slovenia-2019"
TRUTH = ROOT / "tests" / "data" / "upr" / "A-HRC-43-15.yaml"

# Per recommendation heading: the group heading above it, and the visible text of the blocks after it up
# to the next heading (its text, its facts line, its States).
_ENTRIES = """() => {
  const entries = [];
  let group = null;
  for (const heading of document.querySelectorAll('article h2, article h3')) {
    if (heading.tagName === 'H2') { group = heading.innerText.replace(/¶$/, '').trim(); continue; }
    const after = [];
    for (let node = heading.nextElementSibling; node && !/^H[1-3]$/.test(node.tagName);
         node = node.nextElementSibling) {
      after.push(node.innerText);
    }
    entries.push({id: heading.id, group, after: after.join('\\n')});
  }
  return entries;
}"""


def _enumerate(states: list[str]) -> str:
    return states[0] if len(states) == 1 else f"{', '.join(states[:-1])} and {states[-1]}"


@pytest.fixture(scope="module")
def upr_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_site_from(UPR, tmp_path_factory.mktemp("upr-site"))) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def vienna_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_site_from(EXAMPLE, tmp_path_factory.mktemp("vienna-site"))) as base_url:
        yield base_url


def _entries(browser: Any, url: str) -> list[dict[str, str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url)
        return list(page.evaluate(_ENTRIES))
    finally:
        context.close()


def test_the_upr_site_groups_recommendations_by_response_with_their_states(
    browser: Any, upr_site: str
) -> None:
    truth = YAML(typ="safe").load(TRUTH.read_text("utf-8"))["recommendations"]
    entries = {entry["id"]: entry for entry in _entries(browser, upr_site + "recommendations.html")}
    assert len(entries) == len(truth) == 215
    groups = {"supported": "Supported (58)", "to be examined": "To be examined (157)"}
    for recommendation in truth:
        entry = entries[f"rec-{recommendation['number'].replace('.', '-')}"]
        assert entry["group"] == groups[recommendation["response"]], recommendation["number"]
        shown = entry["after"].splitlines()
        assert f"Recommended by {_enumerate(recommendation['states'])}" in shown, recommendation["number"]
        # The response badge, uppercased by the stylesheet as the reader sees it.
        assert recommendation["response"].upper() in entry["after"], recommendation["number"]


def test_the_vienna_site_keeps_its_chapters_and_sections_and_shows_no_response(
    browser: Any, vienna_site: str
) -> None:
    report = report_from(EXAMPLE)
    sections = {
        recommendation.id: f"{section.number}. {section.title}"
        for chapter in report.chapters
        for section in chapter.blocks
        if isinstance(section, Section)
        for recommendation in section.blocks
        if isinstance(recommendation, Recommendation)
    }
    entries = _entries(browser, vienna_site + "recommendations.html")
    assert len(entries) == len(sections) == 47
    assert {entry["id"]: entry["group"] for entry in entries} == sections
    assert not any("Recommended by" in entry["after"] for entry in entries)
    assert not any(entry["group"].startswith(("Supported", "To be examined")) for entry in entries)


def test_the_upr_chapter_page_prints_each_listed_recommendation_with_its_states(
    browser: Any, upr_site: str
) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(upr_site + "chapters/conclusions.html")
        shown = page.locator("article").inner_text()
    finally:
        context.close()
    issued = (
        "Ratify the International Convention for the Protection of All Persons from Enforced "
        + "Disappearance"
    )
    assert f"{issued} (France) (Lithuania);" in shown
