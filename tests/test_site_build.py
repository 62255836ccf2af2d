"""Building the site with mkdocs: strict, offline, all or nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reportkit.sitebuild import SiteBuildError, build_site
from tests.conftest import EXAMPLE, MINI, ROOT
from tests.site_support import build_site_from


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site-example")
    build_site_from(EXAMPLE, out)
    return out


class _Resources(HTMLParser):
    """The URLs a browser fetches by itself when it loads a page (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"script", "img", "iframe", "source", "audio", "video", "embed"} and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("href"):
            self.urls.append(values["href"] or "")


def test_the_site_loads_nothing_from_the_internet(example_out: Path) -> None:
    outside = []
    pages = sorted((example_out / "site").rglob("*.html"))
    assert len(pages) >= 9
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text("utf-8"))
        outside.extend(f"{page.name}: {url}" for url in parser.urls if re.match(r"(https?:)?//", url))
    assert outside == []
    for stylesheet in (example_out / "site" / "assets" / "stylesheets").glob("*.css"):
        assert "fonts.googleapis" not in stylesheet.read_text("utf-8")


def test_the_site_has_every_page_and_searches_offline(example_out: Path) -> None:
    site = example_out / "site"
    for name in ("index.html", "recommendations.html", "themes.html", "agenda.html"):
        assert (site / name).is_file()
    assert len(list((site / "chapters").glob("*.html"))) == 5
    # The offline plugin's copy of the index lets search work from file:// as well.
    assert (site / "search" / "search_index.js").read_text("utf-8").startswith("var __index = ")
    assert not (site / ".reportkit-site.json").exists()


def test_the_word_document_is_placed_beside_the_home_page(tmp_path: Path) -> None:
    pages = tmp_path / "out" / "pages"
    build_site_from(MINI, tmp_path / "out")
    docx = tmp_path / "report.docx"
    docx.write_bytes(b"PK fake docx")
    build_site(pages, tmp_path / "site", docx)
    assert (tmp_path / "site" / "report.docx").read_bytes() == b"PK fake docx"
    assert 'href="report.docx"' in (tmp_path / "site" / "index.html").read_text("utf-8")


def test_a_failed_build_keeps_the_previous_site_and_says_why(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = build_site_from(MINI, out)
    (site / "marker").write_text("the previous site", "utf-8")
    (out / "pages" / "broken.md").write_text("# Broken\n\nSee [nowhere](missing.md#gone).\n", "utf-8")

    with pytest.raises(SiteBuildError, match=r"broken\.md.*missing\.md"):
        build_site(out / "pages", site, None)

    assert (site / "marker").read_text("utf-8") == "the previous site"
    assert sorted(path.name for path in out.iterdir()) == [
        ".reportkit-outputs.json",
        "numbers.json",
        "pages",
        "site",
    ]


def test_a_rebuild_replaces_the_site_as_a_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    site = build_site_from(MINI, out)
    (site / "stale.html").write_text("from an earlier build", "utf-8")
    build_site(out / "pages", site, None)
    assert not (site / "stale.html").exists()
    assert (site / "index.html").is_file()
    assert sorted(path.name for path in out.iterdir()) == [
        ".reportkit-outputs.json",
        "numbers.json",
        "pages",
        "site",
    ]


def test_mkdocs_build_strict_passes_on_the_generated_pages(example_out: Path, tmp_path: Path) -> None:
    """The project's mkdocs.yml, run by mkdocs' own command line, as a maintainer would by hand."""
    # mkdocs.yml names build/pages and the packaged base in src/ relative to itself: recreate that layout.
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "src").symlink_to(ROOT / "src")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "pages").symlink_to(example_out / "pages")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--config-file", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert (tmp_path / "build" / "site" / "recommendations.html").is_file()


def test_the_older_style_of_recommendations_as_paragraphs_builds_too(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    with (content / "report.yaml").open("a", encoding="utf-8") as report:
        report.write("options:\n  recommendation_style: paragraphs\n")
    site = build_site_from(content, tmp_path / "out")
    chapter = (site / "chapters" / "recommendations.html").read_text("utf-8")
    assert '<p class="rk-paragraph" id="mark-all">' in chapter
    assert 'id="mark-parts">Paragraph 4' in (site / "recommendations.html").read_text("utf-8")
