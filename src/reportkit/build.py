"""`reportkit build`: the pipeline's phases, then the writers, then the files; nothing is written unless
every phase succeeded.

load → number → resolve → checks → writers → files. Gathering every output in memory before writing
any of them means a draft with an error never leaves half a build behind, and each file is replaced
atomically (written beside its final place, then renamed), so readers see the old file or the new one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportkit.atomic import write_atomically
from reportkit.load import ParseCache
from reportkit.model import Report
from reportkit.pipeline import Prepared, prepare
from reportkit.writers.markdown import write_markdown
from reportkit.writers.numbers_json import write_numbers_json

# What `--only` can name, and the files each output writes (relative to the output folder).
Writer = Callable[[Report], dict[str, bytes]]


def _markdown_outputs(report: Report) -> dict[str, bytes]:
    return {"report.md": write_markdown(report).encode("utf-8")}


def _docx_outputs(report: Report) -> dict[str, bytes]:
    from reportkit.writers.docx import write_docx  # python-docx is heavy: import it only when asked for

    return {"report.docx": write_docx(report)}


def _site_outputs(report: Report) -> dict[str, bytes]:
    from reportkit.writers.site import write_site_pages

    return {f"pages/{path}": data for path, data in write_site_pages(report).items()}


WRITERS: dict[str, Writer] = {"md": _markdown_outputs, "docx": _docx_outputs, "site": _site_outputs}


def render_outputs(report: Report, only: list[str] | None = None) -> dict[str, bytes]:
    outputs = {"numbers.json": write_numbers_json(report).encode("utf-8")}
    for name, writer in WRITERS.items():
        if only is None or name in only:
            outputs.update(writer(report))
    return outputs


def write_outputs(out_dir: Path, outputs: dict[str, bytes]) -> list[Path]:
    written = []
    for relative, data in outputs.items():
        target = out_dir / relative
        if target.exists() and target.read_bytes() == data:
            continue  # unchanged: leave the file (and its timestamp) alone, so watchers see real changes only
        write_atomically(target, data)
        written.append(target)
    return written


def _remove_stale_pages(out_dir: Path, outputs: dict[str, bytes]) -> None:
    """Pages of chapters that no longer exist would otherwise linger in the published site."""
    pages = out_dir / "pages"
    if not pages.is_dir():
        return
    for path in pages.rglob("*"):
        if path.is_file() and path.relative_to(out_dir).as_posix() not in outputs:
            path.unlink()


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
) -> BuildResult:
    """Everything `reportkit build` does: prepare, render every selected output, then write them.

    Nothing is written when the drafts have errors, so the last good outputs stay in place. With
    `html=False` the site's Markdown pages are written but mkdocs is not run (the watcher's fast path).
    """
    prepared = prepare(content_dir, cache)
    if not prepared.ok or prepared.report is None:
        return BuildResult(prepared)
    outputs = render_outputs(prepared.report, only)
    written = write_outputs(out_dir, outputs)
    if html and (only is None or "site" in only):
        from reportkit.sitebuild import build_site  # mkdocs is heavy: import it only when the site is built

        _remove_stale_pages(out_dir, outputs)
        docx = out_dir / "report.docx"
        build_site(out_dir / "pages", out_dir / "site", docx if docx.exists() else None)
    return BuildResult(prepared, written)
