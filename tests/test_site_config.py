"""A meeting folder's own mkdocs.yml: merged over reportkit's packaged base, overriding only what it
names; turning strictness or offline use off is allowed, with a warning that names the file."""

from __future__ import annotations

from pathlib import Path

from reportkit.package_data import site_base_config_path
from reportkit.site_config import merge_config, site_config
from tests.conftest import run_cli


def _build_site(content: Path, out: Path) -> tuple[int, str]:
    result = run_cli("build", "--content", content, "--out", out, "--only", "site")
    return result.exit_code, result.stderr


def test_without_a_folder_file_the_packaged_base_is_used_with_paths_into_the_package(tmp_path: Path) -> None:
    site = site_config(tmp_path)
    package = site_base_config_path().parent
    assert site.config_file_path == site_base_config_path()
    assert Path(site.options["theme"]["custom_dir"]) == package / "overrides"
    assert (package / "overrides" / "assets" / "stylesheets" / "reportkit.css").is_file()
    assert [Path(hook) for hook in site.options["hooks"]] == [(package.parent / "site_hooks.py").resolve()]
    assert site.strict and site.diagnostics == ()


def test_the_folder_overrides_only_what_it_names() -> None:
    base = {
        "site_name": "{meeting}",
        "theme": {"name": "material", "font": False, "palette": {"primary": "custom", "accent": "custom"}},
        "plugins": ["search", "offline"],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True}}],
        "extra_css": ["assets/stylesheets/reportkit.css"],
    }
    folder = {
        "site_name": "WG on Firearms",
        "theme": {"palette": {"primary": "indigo"}},
        "plugins": ["tags", {"search": {"lang": "fr"}}],
        "markdown_extensions": [{"toc": {"toc_depth": 2}}],
        "extra_css": ["extra.css"],
    }
    assert merge_config(base, folder) == {
        "site_name": "WG on Firearms",
        "theme": {"name": "material", "font": False, "palette": {"primary": "indigo", "accent": "custom"}},
        "plugins": [{"search": {"lang": "fr"}}, "offline", "tags"],
        "markdown_extensions": ["attr_list", {"toc": {"permalink": True, "toc_depth": 2}}],
        "extra_css": ["assets/stylesheets/reportkit.css", "extra.css"],
    }


def test_a_folder_site_name_and_colours_reach_the_built_site(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").write_text(
        "site_name: Firearms & Ammunition WG\ntheme:\n  palette:\n    primary: indigo\n", "utf-8"
    )
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 0, stderr
    assert "warning" not in stderr
    home = (tmp_path / "out" / "site" / "index.html").read_text("utf-8")
    assert " - Firearms &amp; Ammunition WG</title>" in home
    assert 'data-md-color-primary="indigo"' in home
    # Everything the folder did not name is the base's: the UN stylesheet and offline search.
    assert "assets/stylesheets/reportkit.css" in home
    assert (tmp_path / "out" / "site" / "search" / "search_index.js").is_file()


def test_without_a_folder_file_the_site_is_named_after_the_meeting(mini: Path, tmp_path: Path) -> None:
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 0, stderr
    home = (tmp_path / "out" / "site" / "index.html").read_text("utf-8")
    assert " - Working Group on Firearms · CTOC/COP/WG.6/2022/4</title>" in home


def test_a_folder_that_turns_strict_and_offline_off_gets_warnings_naming_its_file(
    mini: Path, tmp_path: Path
) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(
        "site_name: Test\nstrict: false\nplugins:\n  - offline:\n      enabled: false\n", "utf-8"
    )
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 0, stderr
    assert (
        f"{config.as_posix()}:2:1: warning[site-not-strict]: the site is built without strict mode" in stderr
    )
    assert f"{config.as_posix()}:3:1: warning[site-not-offline]: the offline plugin is off" in stderr
    assert not (tmp_path / "out" / "site" / "search" / "search_index.js").exists()


def test_web_fonts_in_a_folder_file_are_warned_about(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").write_text("theme:\n  font:\n    text: Roboto\n", "utf-8")
    warnings = site_config(mini).diagnostics
    assert [(d.code, d.loc.line, d.severity.value) for d in warnings] == [("site-not-offline", 1, "warning")]
    assert "Google Fonts" in warnings[0].message


def test_a_folder_file_that_only_renames_the_site_keeps_it_strict(mini: Path) -> None:
    """The folder's file may change the look; it does not weaken the build unless it says so."""
    (mini / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    site = site_config(mini)
    assert site.strict and site.diagnostics == ()


def test_a_broken_folder_file_is_an_input_error_at_its_line(mini: Path, tmp_path: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text("site_name: Test\ntheme: [unclosed\n", "utf-8")
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 2
    assert f"{config.as_posix()}:3:1: error[site-config]: cannot read the site's configuration" in stderr
    assert "hint: fix the YAML" in stderr
    assert "Traceback" not in stderr


def test_a_failed_site_build_says_whether_an_earlier_site_was_kept(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (mini / "mkdocs.yml").write_text("theme:\n  name: no-such-theme\n", "utf-8")
    exit_code, stderr = _build_site(mini, out)
    assert exit_code == 2
    assert "error[site-build]: mkdocs could not build the site" in stderr
    assert (
        "hint: no site was written, and nothing else in the output folder changed; "
        "the message above says which page, link or setting failed"
    ) in stderr
    assert not out.exists()

    (mini / "mkdocs.yml").unlink()
    assert _build_site(mini, out)[0] == 0
    (mini / "mkdocs.yml").write_text("theme:\n  name: no-such-theme\n", "utf-8")
    exit_code, stderr = _build_site(mini, out)
    assert exit_code == 2
    assert f"hint: the earlier site in {out / 'site'} is kept as it was, and nothing else" in stderr
    assert (out / "site" / "index.html").is_file()


def test_a_folder_adds_pages_of_its_own_after_the_reports(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").write_text("nav:\n  - Programme of work: programme.md\n", "utf-8")
    (mini / "programme.md").write_text(
        "# Programme of work\n\nSee the [recommendations](recommendations.md).\n"
    )
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 0, stderr
    site = tmp_path / "out" / "site"
    assert '<h1 id="programme-of-work">Programme of work' in (site / "programme.html").read_text("utf-8")
    home = (site / "index.html").read_text("utf-8")
    assert home.index('href="recommendations.html"') < home.index('href="programme.html"')
    assert not (tmp_path / "out" / "pages" / "programme.md").exists()  # read from the folder, not copied


def test_a_page_the_folder_names_but_does_not_have_fails_the_strict_build(mini: Path, tmp_path: Path) -> None:
    (mini / "mkdocs.yml").write_text("nav:\n  - Programme of work: programme.md\n", "utf-8")
    exit_code, stderr = _build_site(mini, tmp_path / "out")
    assert exit_code == 2
    assert "error[site-build]" in stderr and "'programme.md'" in stderr
