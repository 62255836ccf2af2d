"""Which folders a command works on, when the command line does not say.

A secretariat keeps one folder per meeting (made by `reportkit new`): its drafts beside report.yaml,
its outputs in `build/` inside it, and the path of its registry written in report.yaml. Precedence,
also stated in every command's `--content` help:

1. `--content DIR` (and `--out DIR`, `--registry DIR`) given on the command line;
2. the current folder holds report.yaml: it is the meeting folder (content `.`, outputs `build/`);
3. otherwise `content/` and `build/` of the current folder (the repository's bundled example).

The registry: `--registry` first, then `registry:` in report.yaml (relative to report.yaml's folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportkit.diagnostics import Diagnostic, SourceLoc
from reportkit.sources import read_source, value_loc

if TYPE_CHECKING:
    from argparse import Namespace

REPORT_FILE = "report.yaml"
DEFAULT_CONTENT = Path("content")
DEFAULT_OUT = Path("build")
CONTENT_HELP = (
    "Folder of the YAML drafts (default: the current folder if it holds report.yaml, else content)."
)
OUT_HELP = "Folder for the outputs (default: build)."


def default_content(here: Path = Path(".")) -> Path:
    """The content folder when --content is not given (see the precedence above)."""
    return Path(".") if (here / REPORT_FILE).is_file() else DEFAULT_CONTENT


def named_registry(content: Path) -> tuple[Path | None, SourceLoc | None]:
    """The registry report.yaml names (`registry: ../registry`), and where it is written.

    report.yaml is read here only for that key, before the pipeline: `build` and `serve` need the
    registry before they start. A report.yaml that cannot be read names nothing here; the pipeline
    reports its problems."""
    ignored: list[Diagnostic] = []
    shown = REPORT_FILE if content == Path(".") else f"{content.as_posix()}/{REPORT_FILE}"
    source = read_source(content / REPORT_FILE, shown, ignored)
    if source is None or not isinstance(source.data, dict):
        return None, None
    written = source.data.get("registry")
    if not isinstance(written, str) or not written:
        return None, None
    return content / written, value_loc(source, source.data, "registry")


def registry_for(content: Path, given: Path | None) -> tuple[Path | None, list[Diagnostic]]:
    """The registry a command uses: `--registry`, else the one report.yaml names, which must exist."""
    if given is not None:
        return given, []
    path, loc = named_registry(content)
    if path is None or loc is None or path.is_dir():
        return path, []
    return None, [
        Diagnostic(
            "file-not-found",
            f"no registry folder '{path.as_posix()}'",
            loc,
            "the path is relative to report.yaml's folder; create the registry with "
            "`reportkit registry add`, or remove 'registry:'",
        )
    ]


def watched_folders(content: Path, out: Path) -> list[tuple[Path, bool]]:
    """What `serve` watches for saved drafts, as (path, recursive): the content folder, unless the
    outputs are inside it (a meeting folder's `build/`), where a rebuild writing its outputs would
    start the next rebuild, for ever. Then: the folder's own files, and each of its sub-folders but
    the outputs and hidden ones (.git, .reportkit-cache)."""
    content_path, out_path = content.resolve(), out.resolve()
    if not out_path.is_relative_to(content_path):
        return [(content, True)]
    folders = [
        child
        for child in sorted(content.iterdir())
        if child.is_dir()
        and not child.name.startswith(".")
        and child.resolve() != out_path
        and not out_path.is_relative_to(child.resolve())
    ]
    return [(content, False), *((folder, True) for folder in folders)]


def settle_folders(args: Namespace) -> list[Diagnostic]:
    """Fill in the folders a command's options left out, by the precedence above; problems with the
    registry report.yaml names."""
    names = vars(args)
    if "content" in names and names["content"] is None:
        names["content"] = default_content()
    if "registry" not in names or names["registry"] is not None:
        return []
    content = names.get("content") or default_content()
    fallback = names.get("registry_default")  # `registry add` and `compendium`: registry/ if none named
    if fallback is not None:
        named, _ = named_registry(content)
        names["registry"] = named or fallback
        return []
    names["registry"], problems = registry_for(content, None)
    return problems
