"""Builds the static site from the generated pages with mkdocs, all or nothing.

mkdocs writes into a fresh folder beside the site; only when the build succeeded without a single
warning (strict) is that folder swapped in: the old site is renamed away, the new one renamed into its
place, the old one removed. A failed build leaves the previous site exactly as it was.
"""

from __future__ import annotations

import errno
import io
import logging
import shutil
import tempfile
from pathlib import Path

from reportkit.diagnostics import Diagnostic, Severity, SourceLoc
from reportkit.outputs import put_in_place
from reportkit.site_config import SiteConfig, SiteConfigError, site_config

DOCX_NAME = "report.docx"  # where the home page's download link points (writers/site/home.py)


class SiteBuildError(Exception):
    """mkdocs could not build the site, or warned (strict mode); the message lists what it said.

    `diagnostic` is set when the cause is a meeting folder's mkdocs.yml, to point at that file.
    """

    def __init__(self, message: str, diagnostic: Diagnostic | None = None) -> None:
        super().__init__(message)
        self.diagnostic = diagnostic


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings and errors, to put them in the exception rather than only on stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname.lower()}: {record.getMessage()}")


def _run_mkdocs(pages_dir: Path, site_dir: Path, site: SiteConfig) -> list[str]:
    """Build with mkdocs; returns its warnings when the configuration is not strict (else they fail)."""
    # Imported here: mkdocs and the theme take a while to import, and only the site needs them.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    collector = _Collect()
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.addHandler(collector)
    try:
        # The merged options replace an empty file; relative paths start from `config_file_path`.
        config = load_config(
            io.BytesIO(b"{}"),
            config_file_path=str(site.config_file_path),
            **{**site.options, "docs_dir": str(pages_dir), "site_dir": str(site_dir), "strict": site.strict},
        )
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise  # a full disk is the system's problem, not the pages': the caller says so
        raise SiteBuildError(f"mkdocs could not build the site from {pages_dir}:\n{error}") from error
    except Exception as error:  # mkdocs' own errors, and whatever a plugin or template raises
        details = "\n".join(collector.messages) or f"{type(error).__name__}: {error}"
        raise SiteBuildError(f"mkdocs could not build the site from {pages_dir}:\n{details}") from error
    finally:
        mkdocs_logger.removeHandler(collector)
    if collector.messages and site.strict:  # strict mode should already have stopped; never publish these
        raise SiteBuildError(f"mkdocs warned while building {pages_dir}:\n" + "\n".join(collector.messages))
    return collector.messages


def build_site(
    pages_dir: Path, site_dir: Path, docx: Path | None, *, meeting_dir: Path | None = None
) -> list[Diagnostic]:
    """Build the site from `pages_dir` into `site_dir` with the Word document beside the home page.

    The configuration is reportkit's packaged base with `meeting_dir/mkdocs.yml` merged over it, if
    there is one (reportkit/site_config.py). Returns warnings: the folder's file turning strictness or
    offline use off, and mkdocs' own warnings when it is not strict. Raises SiteBuildError when mkdocs
    fails or warns in strict mode; `site_dir` is then left as it was.
    """
    try:
        site = site_config(meeting_dir)
    except SiteConfigError as error:
        raise SiteBuildError(str(error), error.diagnostic) from error
    if not pages_dir.is_dir():
        raise SiteBuildError(f"no pages to build the site from: {pages_dir} is not a folder")
    site_dir = site_dir.absolute()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a published site must be readable by the web server
    try:
        warnings = _run_mkdocs(pages_dir.absolute(), staging, site)
        if docx is not None and docx.is_file():
            shutil.copyfile(docx, staging / DOCX_NAME)
        old = put_in_place(staging, site_dir)  # one exchange where the system has it (outputs.py)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    where = SourceLoc(pages_dir.as_posix())
    mkdocs_warnings = [
        Diagnostic("site-warning", message, where, None, Severity.WARNING) for message in warnings
    ]
    return [*site.diagnostics, *mkdocs_warnings]
