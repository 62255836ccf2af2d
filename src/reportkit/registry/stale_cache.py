"""Cache files that no version of reportkit reading them now can use, removed when a new index is built.

A registry's index is keyed by the analysis version (INDEX_VERSION), the vectors also by the model's
name and their own version: when reportkit changes one of them, the earlier files are never read
again but would stay in `.reportkit-cache/` for good — 450 MB for a registry of 200,000 entries. They
are reportkit's own files (a cache file can be deleted at any time), so the build that replaces them
removes them. Only names of the forms reportkit writes are touched, and only of versions other than
the current ones or of models reportkit no longer uses; a current file of another registry that
shares the folder stays.
"""

from __future__ import annotations

import re
from pathlib import Path

# The sentence models reportkit used before (their vectors are cached under these names).
RETIRED_MODELS = frozenset(("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2-int8-dynamic"))

_TERM_INDEX = re.compile(r"registry-[0-9a-f]{24}-v(?P<index>\d+)\.(?:npz|json)")
_VECTORS = re.compile(
    r"registry-[0-9a-f]{24}-i(?P<index>\d+)-v(?P<vectors>\d+)-(?P<model>.+)\.(?:vectors|hashes)\.npy"
)
_TEXT_VECTORS = re.compile(r"embeddings-(?P<model>.+)\.npz")


def is_stale(name: str, index_version: str, vectors_version: str) -> bool:
    """Whether a cache file of this name belongs to another analysis version or a retired model."""
    if match := _TERM_INDEX.fullmatch(name):
        return match["index"] != index_version
    if match := _VECTORS.fullmatch(name):
        return (
            match["index"] != index_version
            or match["vectors"] != vectors_version
            or match["model"] in RETIRED_MODELS
        )
    if match := _TEXT_VECTORS.fullmatch(name):
        return match["model"] in RETIRED_MODELS
    return False


def remove_stale(cache_dir: Path, index_version: str, vectors_version: str) -> list[Path]:
    """Remove the stale cache files of `cache_dir`; returns those removed."""
    removed = []
    for path in sorted(cache_dir.glob("*")):
        if path.is_file() and is_stale(path.name, index_version, vectors_version):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
