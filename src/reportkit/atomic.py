"""Files are replaced whole or not at all: written beside their place, flushed, then renamed over it.

A crash, a full disk or Ctrl-C during a build therefore leaves the previous file, never half of one.
Every command that writes (build outputs, version snapshots, the registry) goes through here.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

# Outputs are published (site, DOCX for download) and drafts are shared in git: readable by all.
DEFAULT_MODE = 0o644


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Keep the permissions of the file being replaced; mkstemp alone would make it private (0600).
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else DEFAULT_MODE
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
