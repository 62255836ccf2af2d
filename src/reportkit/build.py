"""`reportkit build`: the pipeline's phases, then the writers, then the files; nothing is written unless
every phase succeeded.

load → number → resolve → checks → writers → files. Every output is rendered in memory before any is
written, so a draft with an error never leaves half a build behind; the outputs are then staged and put
in place together (outputs.py), so readers and crashes see the whole old build or the whole new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from reportkit.diagnostics import Diagnostic, SourceLoc, has_errors, sorted_diagnostics
from reportkit.load import ParseCache
from reportkit.model import Report
from reportkit.outputs import OutputTransaction
from reportkit.pipeline import Prepared, prepare
from reportkit.writers.markdown import write_markdown
from reportkit.writers.numbers_json import write_numbers_json

if TYPE_CHECKING:
    from reportkit.writers.site import ExtraPage

DEFAULT_CACHE_DIR = Path(".reportkit-cache")

# What `--only` can name, and the files each output writes (relative to the output folder).
Writer = Callable[[Report, Sequence["ExtraPage"]], dict[str, bytes]]


def _markdown_outputs(report: Report, extra_pages: Sequence[ExtraPage]) -> dict[str, bytes]:
    return {"report.md": write_markdown(report).encode("utf-8")}


def _docx_outputs(report: Report, extra_pages: Sequence[ExtraPage]) -> dict[str, bytes]:
    from reportkit.writers.docx import write_docx  # python-docx is heavy: import it only when asked for

    return {"report.docx": write_docx(report)}


def _site_outputs(report: Report, extra_pages: Sequence[ExtraPage]) -> dict[str, bytes]:
    from reportkit.writers.site import write_site_pages

    return {f"pages/{path}": data for path, data in write_site_pages(report, extra_pages).items()}


WRITERS: dict[str, Writer] = {"md": _markdown_outputs, "docx": _docx_outputs, "site": _site_outputs}
OUTPUT_NAMES = {"md": "report.md", "docx": "report.docx", "site": "the site's pages"}


def _quiet(phase: str) -> None:
    """No progress display (tests, the watcher)."""


def render_outputs(
    report: Report,
    only: list[str] | None = None,
    extra_pages: Sequence[ExtraPage] = (),
    progress: Callable[[str], None] = _quiet,
) -> dict[str, bytes]:
    outputs = {"numbers.json": write_numbers_json(report).encode("utf-8")}
    for name, writer in WRITERS.items():
        if only is None or name in only:
            progress(f"writing {OUTPUT_NAMES[name]}")
            outputs.update(writer(report, extra_pages))
    return outputs


def _version_page_title(path: str) -> str:
    if path.startswith("circulation/"):
        return f"Version {Path(path).stem} as circulated"
    if path.startswith("proposals/"):
        return f"Proposals on version {Path(path).stem}"
    return "Changes since the last version"


def extra_site_pages(
    content_dir: Path,
    report: Report,
    registry: Path | None,
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
    internal: bool = False,
) -> tuple[list[ExtraPage], list[Diagnostic]]:
    """The site's pages beyond the report. Public: with a registry, the compendium of earlier meetings'
    recommendations. `internal` (the secretariat's site, as `serve` builds it) adds the recorded
    versions, the changes since the last one and, with a registry, the duplication check's findings:
    scores and stable ids that delegations and the public are not meant to read."""
    from reportkit.writers.site import ExtraPage

    pages: list[ExtraPage] = []
    diagnostics: list[Diagnostic] = []
    if internal:
        from reportkit.redline.actions import version_site_pages

        version_pages, diagnostics = version_site_pages(content_dir, report)
        pages.extend(
            ExtraPage(path, "Drafting", _version_page_title(path), markdown)
            for path, markdown in sorted(version_pages.items(), key=lambda item: item[0] != "changes.md")
        )
    if registry is None:
        return pages, diagnostics
    from reportkit.registry.index import open_registry
    from reportkit.writers.site.compendium import site_compendium_page

    stored, _, problems = open_registry(registry, cache_dir)
    diagnostics.extend(problems)
    if internal:
        from reportkit.registry.check import run_duplicate_check
        from reportkit.writers.site.findings import findings_page

        # As `reportkit check` does: by meaning (lexically when the model cannot load), so that the
        # secretariat's page finds the restatements in other words that the terminal shows.
        check = run_duplicate_check(report, registry, cache_dir, "auto")
        diagnostics.extend(d for d in check.diagnostics if d not in diagnostics)
        if check.findings is not None:
            pages.append(
                ExtraPage("duplicates.md", "Checks", "Duplication check", findings_page(check.findings))
            )
    pages.append(ExtraPage("compendium.md", "Earlier meetings", "Compendium", site_compendium_page(stored)))
    return pages, diagnostics


def site_folders(internal: bool) -> tuple[str, str]:
    """Where the site's pages and the built site go in the output folder. The secretariat's site (with
    findings, versions and other internal pages) never takes the public one's place, so what is
    published from `site/` is always the public site, whatever `serve` or `--internal` built since."""
    return ("internal-pages", "internal-site") if internal else ("pages", "site")


def output_areas(only: list[str] | None, html: bool, internal: bool = False) -> list[str]:
    """What a build replaces in the output folder: the outputs it was asked for, nothing else."""
    areas = ["numbers.json"]
    if only is None or "md" in only:
        areas.append("report.md")
    if only is None or "docx" in only:
        areas.append("report.docx")
    if only is None or "site" in only:
        pages, site = site_folders(internal)
        areas.append(f"{pages}/")
        if html:
            areas.append(f"{site}/")
    return areas


def write_outputs(
    out_dir: Path,
    content_dir: Path | None,
    outputs: dict[str, bytes],
    notify: Callable[[str], None] = _quiet,
) -> list[Path]:
    """Put `outputs` (relative path → bytes) in the output folder whole, replacing those same files;
    every other output there is kept. Returns the files whose bytes changed."""
    with OutputTransaction(out_dir, content_dir, list(outputs), notify) as transaction:
        for relative, data in outputs.items():
            transaction.put(relative, data)
        return [out_dir / relative for relative in transaction.commit()]


def _in_folder(path: str, pages_folder: str) -> str:
    """The site's pages are rendered as pages/…; the internal site's go to its own folder."""
    return f"{pages_folder}/{path.removeprefix('pages/')}" if path.startswith("pages/") else path


@dataclass
class BuildResult:
    prepared: Prepared
    written: list[Path] = field(default_factory=list)


def build(
    content_dir: Path,
    out_dir: Path,
    only: list[str] | None = None,
    cache: ParseCache | None = None,
    html: bool = True,
    registry: Path | None = None,
    progress: Callable[[str], None] = _quiet,
    notify: Callable[[str], None] = _quiet,
    internal: bool = False,
    cache_dir: Path = DEFAULT_CACHE_DIR,
) -> BuildResult:
    """Everything `reportkit build` does: prepare, render every selected output, then write them.

    Nothing is written when the drafts have errors, so the last good outputs stay in place; raises
    OutputFolderError when the output folder is not reportkit's to replace, and `notify` hears of waits
    for another command writing there. With
    `html=False` the site's Markdown pages are written but mkdocs is not run (the watcher's fast path).
    With a `registry`, the site also gets the compendium; `internal` adds the secretariat's pages
    (duplication findings, circulated versions, changes since the last one); the registry's index is
    kept in `cache_dir`. `progress` is told each phase as it starts (the CLI shows it on a terminal).
    """
    progress("reading the drafts")
    prepared = prepare(content_dir, cache)
    if not prepared.ok or prepared.report is None:
        return BuildResult(prepared)
    extra_pages: list[ExtraPage] = []
    if only is None or "site" in only:
        if registry is not None:
            progress("comparing with the registry" if internal else "reading the registry")
        elif internal:
            progress("reading recorded versions")
        extra_pages, problems = extra_site_pages(
            content_dir, prepared.report, registry, cache_dir, internal=internal
        )
        prepared = Prepared(prepared.report, sorted_diagnostics([*prepared.diagnostics, *problems]))
        if has_errors(problems):
            return BuildResult(prepared)
    outputs = render_outputs(prepared.report, only, extra_pages, progress)
    pages_folder, site_folder = site_folders(internal)
    if internal:
        outputs = {_in_folder(path, pages_folder): data for path, data in outputs.items()}
    progress("writing the files")
    build_html = html and (only is None or "site" in only)
    with OutputTransaction(out_dir, content_dir, output_areas(only, html, internal), notify) as transaction:
        for relative, data in outputs.items():
            transaction.put(relative, data)
        if build_html:
            from reportkit.sitebuild import SiteBuildError, build_site  # mkdocs is heavy: only for the site

            progress("building the site with mkdocs")
            docx = transaction.path("report.docx")
            try:
                site_warnings = build_site(
                    transaction.path(pages_folder),
                    transaction.path(site_folder),
                    docx if docx.exists() else None,
                    meeting_dir=content_dir,
                )
            except SiteBuildError as error:
                # The site was built in the staging folder: the output folder is as it was.
                earlier = (
                    f"the earlier site in {out_dir / site_folder} is kept as it was"
                    if (out_dir / site_folder).is_dir()
                    else "no site was written"
                )
                failure = error.diagnostic or Diagnostic(
                    "site-build",
                    f"mkdocs could not build the site: {error}",
                    SourceLoc((out_dir / pages_folder).as_posix()),
                    f"{earlier}, and nothing else in the output folder changed; "
                    "the message above says which page, link or setting failed",
                )
                return BuildResult(Prepared(prepared.report, [*prepared.diagnostics, failure]))
        changed = transaction.commit()
    written = [out_dir / relative for relative in changed if not relative.startswith(f"{site_folder}/")]
    if build_html:
        written.append(out_dir / site_folder)
        prepared = Prepared(prepared.report, [*prepared.diagnostics, *site_warnings])
    return BuildResult(prepared, written)
