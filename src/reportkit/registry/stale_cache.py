"""Cache files that no version of reportkit reading them now can use, removed when a new index is built.

A registry's index is keyed by the analysis version (INDEX_VERSION), the vectors also by the model's
name and their own version: when reportkit changes one of them, the earlier files are never read
again but would stay in `.reportkit-cache/` for good — 450 MB for a registry of 200,000 entries. They
are reportkit's own files (a cache file can be deleted at any time), so the build that replaces them
removes them. Only names of the forms reportkit writes are touched, and only of versions other than
the current ones or of models reportkit no longer uses; a current file of another registry that
shares the folder stays, and so do vectors of the current model made under another analysis version
(the next vectors build reuses their rows by text hash, then removes them itself).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from reportkit.registry.index_cache import INDEX_VERSION
from reportkit.registry.vectors import VECTORS_VERSION

# The sentence models reportkit used before (their vectors are cached under these names).
RETIRED_MODELS = frozenset(
    ("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2-int8-dynamic", "all-MiniLM-L6-v2-int8-dynamic-per-text")
)

_TERM_INDEX = re.compile(r"registry-[0-9a-f]{24}-v(?P<index>\d+)\.(?:npz|json|arrays)")
_VECTORS = re.compile(
    r"registry-[0-9a-f]{24}-i(?P<index>\d+)-v(?P<vectors>\d+)-(?P<model>.+)\.(?:vectors|hashes)\.npy"
)
_TEXT_VECTORS = re.compile(r"embeddings-(?P<model>.+)\.npz")


def is_stale(name: str, index_version: str, vectors_version: str) -> bool:
    """Whether a cache file of this name belongs to another analysis version or a retired model."""
    if match := _TERM_INDEX.fullmatch(name):
        return match["index"] != index_version
    if match := _VECTORS.fullmatch(name):
        # Another analysis version's vectors of the current model stay: the next build takes their
        # rows by text hash (vectors.py) and then removes them; a new model's build cannot.
        return match["vectors"] != vectors_version or match["model"] in RETIRED_MODELS
    if match := _TEXT_VECTORS.fullmatch(name):
        return match["model"] in RETIRED_MODELS
    return False


def remove_stale(cache_dir: Path) -> list[Path]:
    """Remove the cache files of `cache_dir` that the current versions cannot use; returns them."""
    removed = []
    for path in sorted(cache_dir.glob("*")):
        if not is_stale(path.name, INDEX_VERSION, VECTORS_VERSION):
            continue
        if path.is_dir() and path.suffix == ".arrays":  # a term index's folder of arrays
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file():
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed
