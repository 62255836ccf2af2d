"""The site in a real browser: Debian's Chromium, driven by Playwright, the site served on 127.0.0.1.

Never a downloaded browser: `executable_path` points at /usr/bin/chromium and `playwright install` is
never run. One browser for the whole session (conftest.py); each test opens its own page (a fresh context).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reportkit.model import Recommendation, Report, plain_text, published_recommendations
from reportkit.pipeline import prepare
from tests.conftest import EXAMPLE, MINI, ROOT
from tests.site_support import (
    CHROMIUM,
    INJECTED_WORD,
    PAYLOAD,
    build_site_from,
    injected_mini,
    serve,
)

playwright_api = pytest.importorskip("playwright.sync_api")

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LOCAL_SCHEMES = {"data", "blob"}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def page(browser: playwright_api.Browser) -> Iterator[playwright_api.Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def example_report() -> Report:
    prepared = prepare(EXAMPLE)
    assert prepared.report is not None
    return prepared.report


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site_from(EXAMPLE, tmp_path_factory.mktemp("browser-example"))
    with serve(site) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site_from(MINI, tmp_path_factory.mktemp("browser-mini"))


@pytest.fixture(scope="session")
def mini_site(mini_build: Path) -> Iterator[str]:
    with serve(mini_build) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser-injected")
    site = build_site_from(injected_mini(root / "content"), root / "out")
    with serve(site) as base_url:
        yield base_url


def _record_requests(page: playwright_api.Page) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    return requests


def _search(page: playwright_api.Page, word: str) -> list[str]:
    """Type into material's search box; the hrefs of the results, once there are some."""
    # The theme loads the index in a worker after the page; a query typed before is lost.
    page.wait_for_load_state("networkidle")
    query = page.locator("input.md-search__input")
    if not query.is_visible():  # narrow layouts hide the box behind the search button
        page.locator("label[for=__search]").first.click()
    query.click()
    query.press_sequentially(word)
    # Results come after each key; wait for those of the whole word (their links carry it as ?h=),
    # not those of a prefix still on screen while a slow machine catches up.
    page.locator(f'.md-search-result__item a[href*="h={word}"]').first.wait_for()
    return [link.get_attribute("href") or "" for link in page.locator(".md-search-result__item a").all()]


def _unique_word(recommendations: list[Recommendation]) -> tuple[Recommendation, str]:
    """A long word that occurs in one recommendation only, so search must return that one."""
    words = {r.id: set(re.findall(r"[a-z]{9,}", plain_text(r.text).lower())) for r in recommendations}
    for recommendation in recommendations:
        others = set().union(*(w for key, w in words.items() if key != recommendation.id))
        unique = sorted(words[recommendation.id] - others)
        if unique:
            return recommendation, unique[0]
    raise AssertionError("no recommendation has a word of its own")


# ------------------------------------------------------------------------------------------ the example


def test_home_page_shows_the_meeting(
    page: playwright_api.Page, example_site: str, example_report: Report
) -> None:
    page.goto(example_site)
    meeting = example_report.meeting
    assert page.locator("h1").first.inner_text().startswith(meeting.title)
    assert page.locator("dl.rk-meeting dd").first.inner_text() == meeting.symbol
    assert meeting.symbol in page.title()
    assert page.get_by_role("link", name="Download the report (Word)").get_attribute("href") == "report.docx"
    chapters = page.locator("article ul").first.locator("a").all_inner_texts()
    assert chapters == [f"{c.number}. {c.title}" for c in example_report.chapters]


def test_every_recommendation_has_its_id_as_anchor(
    page: playwright_api.Page, example_site: str, example_report: Report
) -> None:
    page.goto(example_site + "recommendations.html")
    ids = [r.id for r in published_recommendations(example_report)]
    assert len(ids) == 47
    missing = page.evaluate("ids => ids.filter(id => !document.getElementById(id))", ids)
    assert missing == []
    headings = page.locator("h3.rk-recommendation").all_inner_texts()
    assert [h.rstrip("¶").strip() for h in headings] == [f"Recommendation {n}" for n in range(1, 48)]


def test_a_link_to_a_recommendation_id_lands_on_it(
    page: playwright_api.Page, example_site: str, example_report: Report
) -> None:
    recommendation = list(published_recommendations(example_report))[30]
    page.goto(f"{example_site}recommendations.html#{recommendation.id}")
    heading = page.locator(f"[id='{recommendation.id}']")
    assert heading.inner_text().startswith(f"Recommendation {recommendation.number}")
    assert heading.is_visible()
    assert page.evaluate("() => window.scrollY") > 0


def test_a_cross_reference_link_lands_on_its_target_on_another_page(
    page: playwright_api.Page, example_site: str
) -> None:
    page.goto(example_site + "chapters/summary-of-deliberations.html")
    page.locator("a.rk-ref[href$='agenda.html#illicit-financial-flows']").first.click()
    page.wait_for_url("**/agenda.html#illicit-financial-flows")
    assert urlsplit(page.url).fragment == "illicit-financial-flows"
    target = page.locator("#illicit-financial-flows")
    assert target.count() == 1 and target.is_visible()
    assert target.inner_text().startswith("2. Reducing illicit financial")


def test_search_finds_a_recommendation_by_a_word_of_its_text(
    page: playwright_api.Page, example_site: str, example_report: Report
) -> None:
    recommendation, word = _unique_word(list(published_recommendations(example_report)))
    page.goto(example_site + "index.html")
    results = _search(page, word)
    assert any(href.endswith(f"recommendations.html?h={word}#{recommendation.id}") for href in results), (
        results
    )


def test_no_request_leaves_localhost(page: playwright_api.Page, example_site: str) -> None:
    requests = _record_requests(page)
    for path in (
        "index.html",
        "chapters/summary-of-deliberations.html",
        "recommendations.html",
        "themes.html",
    ):
        page.goto(example_site + path)
        page.wait_for_load_state("networkidle")
    _search(page, "firearms")
    page.wait_for_load_state("networkidle")
    assert len(requests) > 10
    outside = [
        url
        for url in requests
        if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname not in LOCAL_HOSTS
    ]
    assert outside == []


def test_search_works_from_the_file_system(page: playwright_api.Page, mini_build: Path) -> None:
    """Opened from disk, the site's search runs in our iframe stand-in for workers, not unpkg's."""
    requests = _record_requests(page)
    page.goto((mini_build / "index.html").as_uri())
    results = _search(page, "cooperate")
    assert any(href.endswith("recommendations.html?h=cooperate#cooperate") for href in results), results
    assert all(urlsplit(url).scheme in {"file", *LOCAL_SCHEMES} for url in requests), requests


# ------------------------------------------------------------------------------------------ the fixture


def test_a_reference_to_a_recommendation_is_clicked_through(
    page: playwright_api.Page, mini_site: str
) -> None:
    page.goto(mini_site + "chapters/deliberations.html")
    page.locator("#item-considered a.rk-ref", has_text="3").first.click()
    page.wait_for_url("**/chapters/recommendations.html#mark-parts")
    assert page.locator("#mark-parts").inner_text().startswith("Recommendation 3")


def test_footnote_marks_and_notes_link_to_each_other(page: playwright_api.Page, mini_site: str) -> None:
    page.goto(mini_site + "chapters/deliberations.html")
    page.locator("a.rk-footnote-ref").click()
    assert urlsplit(page.url).fragment == "fn:1"
    note = " ".join(page.locator("[id='fn:1']").inner_text().split())
    assert note == "1 See document CTOC/COP/WG.6/2022/INF/1."


# ------------------------------------------------------------------------------------------ injected HTML


def test_html_in_the_drafts_is_shown_as_text_and_never_runs(
    page: playwright_api.Page, injected_site: str
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (
        "index.html",
        "recommendations.html",
        "themes.html",
        "agenda.html",
        "chapters/recommendations.html",
        "chapters/deliberations.html",
    ):
        page.goto(injected_site + path)  # waits for the load event: after every script and image error
        assert page.evaluate("() => typeof window.__pwned") == "undefined", path
        assert page.locator("article img[src=x]").count() == 0, path
        assert page.locator("article script").count() == 0, path
    page.goto(injected_site + "recommendations.html")
    text = page.locator("#cooperate + p").inner_text()
    assert text == f"{PAYLOAD} {INJECTED_WORD}"
    assert page.get_by_text(PAYLOAD).first.is_visible()
    # Titles pass through the theme's templates (page title, navigation, site name): still text.
    page.goto(injected_site + "chapters/recommendations.html")
    assert page.title().startswith(f"I. Recommendations {PAYLOAD}")
    assert PAYLOAD in page.locator(".md-header__topic").first.inner_text()
    # Search results are rendered by the theme's script from the index: still text.
    _search(page, INJECTED_WORD)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert dialogs == []


# ------------------------------------------------------------------------------------------ README


@pytest.mark.skipif(
    not os.environ.get("REPORTKIT_SCREENSHOT"), reason="set REPORTKIT_SCREENSHOT=1 to refresh"
)
def test_refresh_the_readme_screenshot(page: playwright_api.Page, example_site: str) -> None:
    """REPORTKIT_SCREENSHOT=1 pytest -k screenshot: docs/images/site-recommendations.png for the README."""
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(example_site + "recommendations.html")
    page.wait_for_load_state("networkidle")
    # Section B: recommendations with an agenda item. Scrolled by script rather than by #anchor, which
    # would highlight the heading's permalink; the offset leaves room under the fixed header.
    page.evaluate(
        "() => window.scrollTo(0, document.getElementById('recommendations-illicit-financial-flows')"
        ".getBoundingClientRect().top + window.scrollY - 70)"
    )
    page.wait_for_timeout(300)
    target = ROOT / "docs" / "images" / "site-recommendations.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))
    assert target.read_bytes().startswith(b"\x89PNG")
