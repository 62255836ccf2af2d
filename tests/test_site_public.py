"""The public site and the secretariat's: `reportkit build` publishes the report and the compendium only;
`--internal` adds the duplication findings, the circulated versions and the changes since the last one.

What a reader sees is read the way a reader sees it: each page's `innerText` in Debian's Chromium, and the
text of the search index that the site's search shows in its results.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from reportkit.pipeline import prepare
from reportkit.registry import load_registry
from tests.conftest import EXAMPLE, MINI, ROOT, run_cli
from tests.site_support import CHROMIUM, build_site_from, serve

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")

REGISTRY = ROOT / "registry"
# A score as the findings print it ("Score 0.93", "(0.41)"); the report's own text has no such decimals.
SCORE = re.compile(r"\b[01]\.\d\d\b|\bscore", re.IGNORECASE)
INTERNAL_PAGES = ("duplicates.html", "changes.html", "circulation/v1.html")


@dataclass
class Sites:
    public: Path
    internal: Path
    ids: frozenset[str]  # every stable id of the drafts and of the registry


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Sites:
    """The example with a circulated version and an edit since, built with the registry twice."""
    root = tmp_path_factory.mktemp("public-internal")
    content = root / "content"
    shutil.copytree(EXAMPLE, content)
    circulated = run_cli("circulate", "--content", content, "--out", root / "packs", "--as", "v1")
    assert circulated.exit_code == 0, circulated.stderr
    section = content / "recommendations" / "a-general.yaml"
    section.write_text(
        section.read_text("utf-8").replace("States should note", "States should carefully note")
    )
    # Both into one output folder: the secretariat's site goes beside the public one, never over it.
    public = build_site_from(content, root / "out", "--registry", REGISTRY)
    published = {path: path.read_bytes() for path in public.rglob("*.html")}
    build_site_from(content, root / "out", "--registry", REGISTRY, "--internal")
    internal = root / "out" / "internal-site"
    assert {path: path.read_bytes() for path in public.rglob("*.html")} == published
    prepared = prepare(content)
    registry, problems = load_registry(REGISTRY)
    assert prepared.report is not None and problems == []
    ids = {target.id for target in prepared.report.targets} | {entry.id for entry in registry.entries}
    # Ids of one or two words ("introduction", "follow-up") are ordinary words of the text; those of three
    # words or more ("marking-all-firearms", most of them) are the authors' and never read as prose.
    telling = frozenset(i for i in ids if i.count("-") >= 2)
    assert len(telling) > 90
    return Sites(public, internal, telling)


def _pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def _visible_texts(browser: Any, site: Path) -> dict[str, str]:
    """Every page's text as Chromium shows it."""
    texts: dict[str, str] = {}
    with serve(site) as base_url:
        page = browser.new_page()
        for path in _pages(site):
            page.goto(base_url + path)
            texts[path] = page.evaluate("() => document.body.innerText")
        page.close()
    return texts


def _search_texts(site: Path) -> dict[str, str]:
    """What the search index holds for each location: the titles and texts its results show."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    return {doc["location"]: f"{doc['title']}\n{doc['text']}" for doc in index["docs"]}


def _ids_in(text: str, ids: frozenset[str]) -> list[str]:
    words = set(re.findall(r"[\w#:./-]+", text))
    return sorted(ids & {word.strip(".:") for word in words})


@pytest.fixture(scope="module")
def public_texts(browser: Any, sites: Sites) -> Iterator[dict[str, str]]:
    yield _visible_texts(browser, sites.public)


def test_the_public_site_has_no_findings_or_versions_pages(sites: Sites) -> None:
    pages = _pages(sites.public)
    assert "compendium.html" in pages  # paragraph 35: the compendium is published
    assert "recommendations.html" in pages and "agenda.html" in pages and "themes.html" in pages
    assert [p for p in pages if p in INTERNAL_PAGES or p.startswith("circulation/")] == []
    nav = json.loads((sites.public.parent / "pages" / ".reportkit-site.json").read_text("utf-8"))["nav"]
    assert [group for entry in nav for group in entry if group in ("Checks", "Drafting")] == []


def test_no_score_or_internal_id_in_what_the_public_reads(sites: Sites, public_texts: dict[str, str]) -> None:
    assert len(public_texts) >= 10
    searched = _search_texts(sites.public)
    for where, texts in (("page", public_texts), ("search index", searched)):
        for path, text in texts.items():
            assert SCORE.findall(text) == [], f"{where} {path}"
            assert _ids_in(text, sites.ids) == [], f"{where} {path}"
            assert "Duplication check" not in text, f"{where} {path}"


def test_ids_stay_as_anchors_of_the_public_links(sites: Sites) -> None:
    """Links sent to delegations end with a stable id: hidden from the text, still in the address."""
    index = json.loads((sites.public / "search" / "search_index.json").read_text("utf-8"))
    assert "recommendations.html#marking-all-firearms" in {doc["location"] for doc in index["docs"]}


def test_internal_adds_the_secretariats_pages_with_their_scores_and_ids(browser: Any, sites: Sites) -> None:
    pages = _pages(sites.internal)
    assert set(INTERNAL_PAGES) <= set(pages)
    texts = _visible_texts(browser, sites.internal)
    findings = texts["duplicates.html"]
    assert SCORE.search(findings) and _ids_in(findings, sites.ids)
    assert "carefully" in texts["changes.html"]
    searched = _search_texts(sites.internal)
    assert any(SCORE.search(text) for path, text in searched.items() if path.startswith("duplicates.html"))


# ------------------------------------------------------------------------------------------ the look


def test_the_home_page_has_the_masthead_of_the_document_with_its_emblem(browser: Any, tmp_path: Path) -> None:
    """As page 1 of the DOCX: "United Nations", the symbol, the emblem named in the options, the body and
    the distribution; the meeting and symbol in the header; the document's serif type."""
    from reportkit.writers.docx.barcode import barcode_png

    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    (content / "emblem.png").write_bytes(barcode_png("V.00-00000"))  # any PNG will do
    report_file = content / "report.yaml"
    report_file.write_text(report_file.read_text("utf-8") + "options:\n  emblem: emblem.png\n", "utf-8")
    site = build_site_from(content, tmp_path / "out")
    assert (site / "assets" / "emblem.png").read_bytes() == (content / "emblem.png").read_bytes()
    with serve(site) as base_url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base_url + "index.html")
        masthead = page.locator(".rk-masthead")
        assert masthead.locator(".rk-masthead-un").inner_text() == "United Nations"
        assert masthead.locator(".rk-masthead-symbol").inner_text() == "CTOC/COP/WG.6/2022/4"
        assert masthead.locator(".rk-masthead-body").inner_text().startswith("Conference of the Parties")
        assert masthead.locator(".rk-masthead-distribution").inner_text().split("\n")[:2] == [
            "Distr.: General",
            "1 June 2022",
        ]
        assert page.evaluate("() => document.querySelector('.rk-masthead-emblem img').naturalWidth") > 0
        header = page.locator(".md-header__topic").first.inner_text()
        assert header == "Working Group on Firearms · CTOC/COP/WG.6/2022/4"
        font = page.evaluate("() => getComputedStyle(document.querySelector('article p')).fontFamily")
        page.close()
        assert font.startswith('"Times New Roman", "Liberation Serif"')


def test_without_an_emblem_the_slot_stays_empty(tmp_path: Path) -> None:
    site = build_site_from(MINI, tmp_path / "out")
    home = (site / "index.html").read_text("utf-8")
    assert '<div class="rk-masthead-emblem"></div>' in home
    assert not (site / "assets" / "emblem.png").exists()
