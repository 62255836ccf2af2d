"""The output folder: reportkit changes only what it wrote there, and a command's outputs land whole.

Three promises, kept here for every command that writes outputs (build, watch, serve, circulate, diff,
registry compendium):

- **Only its own files.** Each output folder holds a record of the files reportkit wrote there
  (`.reportkit-outputs.json`). A folder holding anything else — a user's notes, a blog, the drafts
  themselves — is refused before anything is touched, and so are the folders no build should ever
  replace: `/`, the home folder, the content folder and any folder containing it. A folder written by
  a reportkit from before the record existed is recognised by its file names and adopted once.
- **Whole or not at all.** A command writes its outputs into a staging folder beside the output
  folder, carries the outputs of other commands over as hard links, records the files, and then
  exchanges the staging folder with the output folder in one `renameat2(RENAME_EXCHANGE)` call: any
  reader, and any crash, sees the complete old folder or the complete new one. Leftovers of an
  interrupted command (a staging folder, the old folder not yet removed) are cleared by the next one.
- **One at a time.** Commands writing into one folder take turns on an advisory lock (`flock`) held on
  the folder's parent: the lock must outlive the exchange, which replaces the output folder itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import glob
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from reportkit.diagnostics import Diagnostic, SourceLoc

MANIFEST_NAME = ".reportkit-outputs.json"
MANIFEST_FORMAT = 1
# Staging and old folders live beside the output folder: `.NAME.reportkit-new-…`, `.NAME.reportkit-old-…`.
STAGING_MARK = ".reportkit-"
FOLDER_MODE = 0o755  # a published site must be readable by the web server; mkdtemp makes folders private

# What a reportkit from before the record wrote, for adopting such a folder once (paths relative to it).
# Every build wrote numbers.json; the site's pages are recognised by their Markdown source in pages/.
_EARLIER_BUILD_MARK = "numbers.json"
_EARLIER_OUTPUTS = re.compile(
    r"""^(?:
        report\.(?:docx|md) | numbers\.json | compendium\.(?:docx|md)
      | pages/(?:[^/]+/)?(?:[^/.][^/]*\.md | \.reportkit-site\.json)
      | site/(?:404\.html | report\.docx | sitemap\.xml(?:\.gz)? | assets/.+)
      | site/search/search_index\.(?:js|json)
      | circulation/[^/]+/recommendations(?:-internal)?\.(?:docx|md)
      | diff-[^/]+/(?:report-)?(?:redline\.docx|changes\.json|changes\.md)
    )$""",
    re.VERBOSE,
)
_ZIP_MAGIC = b"PK\x03\x04"  # a DOCX is a zip package


# Leftovers of an interrupted write by an earlier reportkit, inside the folder: dropped, never carried.
_EARLIER_LEFTOVERS = re.compile(r"(^|/)\.(site\.(new|old)-[^/]*(/.*)?|[^/]+\.tmp)$")


class OutputFolderError(Exception):
    """The output folder cannot be written as asked; nothing in it was changed."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def _refusal(out: Path, message: str, hint: str) -> OutputFolderError:
    return OutputFolderError([Diagnostic("output-folder", message, SourceLoc(out.as_posix()), hint)])


def refuse_unsafe_folder(out: Path, content: Path | None) -> None:
    """Refuse folders whose replacement would take what is not reportkit's, before looking inside."""
    real = out.resolve()
    choose = "choose a folder of its own for the outputs, such as build/ beside the drafts"
    if real == Path(real.anchor):
        raise _refusal(out, f"'{out}' is the root of the file system", choose)
    if real == Path.home().resolve():
        raise _refusal(out, f"'{out}' is the home folder", choose)
    if content is not None:
        drafts = content.resolve()
        if drafts == real or real in drafts.parents:
            what = "is the content folder" if drafts == real else f"holds the content folder '{content}'"
            raise _refusal(out, f"the output folder '{out}' {what}", choose)
    if real.exists() and not real.is_dir():
        raise _refusal(out, f"'{out}' is a file, not a folder", "choose another --out folder")
    if real.is_dir() and os.path.ismount(real):
        raise _refusal(
            out,
            f"'{out}' is a mount point, which cannot be replaced whole",
            "use a folder inside it, such as " + (real / "build").as_posix(),
        )


def _files_under(folder: Path) -> list[str]:
    """Every file and symbolic link under `folder`, as relative POSIX paths, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        base = Path(root)
        for name in files + [d for d in dirs if (base / d).is_symlink()]:
            found.append((base / name).relative_to(folder).as_posix())
    return sorted(found)


def _read_manifest(real: Path) -> list[str] | None:
    try:
        document = json.loads((real / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return []  # a damaged record: every file there is then foreign, and the folder is refused
    files = document.get("files") if isinstance(document, dict) else None
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _foreign_files(out: Path, real: Path, notify: Callable[[str], None]) -> tuple[set[str], list[str]]:
    """reportkit's files in the folder, and the others; adopts a folder of an earlier reportkit."""
    present = [f for f in _files_under(real) if f != MANIFEST_NAME and not _EARLIER_LEFTOVERS.search(f)]
    recorded = _read_manifest(real)
    if recorded is None:
        foreign = [f for f in present if not _is_earlier_output(f, set(present), real)]
        if present and not foreign:
            notify(
                f"{out}: written by an earlier reportkit, which kept no record of its outputs; "
                "adopting its files as reportkit's"
            )
        return set(present) - set(foreign), foreign
    ours = set(recorded)
    return ours & set(present), [f for f in present if f not in ours]


def _is_earlier_output(relative: str, present: set[str], real: Path) -> bool:
    """Whether an unrecorded file is one an earlier reportkit wrote: its name, and its kind of content."""
    if relative.endswith(".html") and relative.startswith("site/") and relative != "site/404.html":
        return f"pages/{relative.removeprefix('site/').removesuffix('.html')}.md" in present
    if not _EARLIER_OUTPUTS.match(relative):
        return False
    if relative.startswith(("circulation/", "diff-", "compendium.")):
        return not relative.endswith(".docx") or _starts_with(real / relative, _ZIP_MAGIC)
    if _EARLIER_BUILD_MARK not in present:
        return False  # report, pages or a site without the numbers every build wrote
    return not relative.endswith(".docx") or _starts_with(real / relative, _ZIP_MAGIC)


def _starts_with(path: Path, magic: bytes) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(magic)) == magic
    except OSError:
        return False


def _under(path: str, areas: Iterable[str]) -> bool:
    """Whether `path` is one of `areas`: exact file paths, or folders written with a trailing '/'."""
    return any(path == area or (area.endswith("/") and path.startswith(area)) for area in areas)


# ── the exchange ────────────────────────────────────────────────────────────────────────────────

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one system call (Linux 3.15+); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def put_in_place(staging: Path, real: Path) -> Path | None:
    """Make `staging` the output folder; returns where the previous folder now is, to be removed."""
    if not real.exists():
        staging.rename(real)
        return None
    if _exchange(staging, real):
        return staging
    # No exchange on this system: two renames, with a moment without the folder in between.
    old = Path(tempfile.mkdtemp(prefix=f".{real.name}{STAGING_MARK}old-", dir=real.parent))
    old.rmdir()
    real.rename(old)
    try:
        staging.rename(real)
    except OSError:
        old.rename(real)
        raise
    return old


def _clear_leftovers(real: Path) -> None:
    """Staging and old folders of interrupted commands; the lock is held, so none of them is in use."""
    prefix = f".{real.name}{STAGING_MARK}"
    for leftover in real.parent.glob(f"{glob.escape(prefix)}*"):
        if leftover.name.startswith(prefix + "old-") and not real.exists():
            leftover.rename(real)  # interrupted between the two renames of the fallback: put it back
            continue
        shutil.rmtree(leftover, ignore_errors=True)


@contextlib.contextmanager
def _folder_lock(parent: Path, out: Path, notify: Callable[[str], None]) -> Iterator[None]:
    descriptor = os.open(parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            notify(f"waiting for another reportkit command writing to {out} …")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


# ── the transaction ─────────────────────────────────────────────────────────────────────────────


class OutputTransaction:
    """One command's outputs, staged and then put in place whole.

    `areas` are what the command produces, replacing what earlier runs of it wrote there: exact paths
    (`report.docx`) or folders with a trailing '/' (`pages/`). Every other recorded output is carried
    over unchanged. Use as a context manager and call `commit()`; leaving the block without it (an
    error, Ctrl-C) removes the staging folder and leaves the output folder as it was.
    """

    def __init__(
        self,
        out: Path,
        content: Path | None,
        areas: Iterable[str],
        notify: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.out = out
        self.content = content
        self.areas = tuple(areas)
        self.notify = notify
        self.real = out.resolve()
        self.staging = Path()
        self.changed: list[str] = []
        self._old_files: set[str] = set()
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> OutputTransaction:
        refuse_unsafe_folder(self.out, self.content)
        try:
            self.real.parent.mkdir(parents=True, exist_ok=True)
            self._stack.enter_context(_folder_lock(self.real.parent, self.out, self.notify))
            _clear_leftovers(self.real)
            if self.real.is_dir():
                ours, foreign = _foreign_files(self.out, self.real, self.notify)
                if foreign:
                    raise self._foreign(foreign)
                self._old_files = ours
            self.staging = Path(
                tempfile.mkdtemp(prefix=f".{self.real.name}{STAGING_MARK}new-", dir=self.real.parent)
            )
            self.staging.chmod(FOLDER_MODE)
            self._stack.callback(shutil.rmtree, self.staging, ignore_errors=True)
            for relative in sorted(self._old_files):
                if not _under(relative, self.areas):
                    self._carry_over(relative)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def _foreign(self, foreign: list[str]) -> OutputFolderError:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        return _refusal(
            self.out,
            f"the output folder '{self.out}' holds files reportkit did not write: {shown}",
            "reportkit replaces its output folder whole; move those files elsewhere, "
            "or choose another --out folder",
        )

    def _carry_over(self, relative: str) -> None:
        source, target = self.real / relative, self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:  # a file system without hard links
            shutil.copy2(source, target, follow_symlinks=False)

    def path(self, relative: str) -> Path:
        """Where an output is staged, for tools that write their own files (mkdocs builds the site here)."""
        return self.staging / relative

    def put(self, relative: str, data: bytes) -> None:
        """Stage one output. An output whose bytes did not change keeps its file (and timestamp)."""
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # an output outside `areas` replaces its carried-over copy
        previous = self.real / relative
        if relative in self._old_files and _same_bytes(previous, data):
            os.link(previous, target)
            return
        with open(target, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        target.chmod(0o644)
        self.changed.append(relative)

    def commit(self) -> list[str]:
        """Record the staged files and put them in place; returns the outputs whose bytes changed."""
        files = [f for f in _files_under(self.staging) if f != MANIFEST_NAME]
        record = {"format": MANIFEST_FORMAT, "written_by": "reportkit", "files": files}
        manifest = self.staging / MANIFEST_NAME
        manifest.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        manifest.chmod(0o644)
        for directory in [self.staging, *(p for p in self.staging.rglob("*") if p.is_dir())]:
            directory.chmod(FOLDER_MODE)
        old = put_in_place(self.staging, self.real)
        _sync_folder(self.real.parent)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        dropped = sorted(f for f in self._old_files if f not in files)
        return self.changed + dropped


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _sync_folder(folder: Path) -> None:
    """The renames are durable once the folder that holds them is on disk."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
