"""Writes src/reportkit/checks/data/un-recommendations-mean.txt: the mean all-MiniLM-L6-v2 vector of
the recommendations reportkit ships (the firearms working group's 2021 and 2022 reports, the three
Slovenia UPR reports), every unit (whole text, sentence, clause, sub-item) counted once.

The duplicate check moves vectors away from the mean of the texts it compares; with few texts that
mean is noise (two texts' mean lies between them), so it starts from this one as a prior
(duplicates._centred). Regenerate after changing the model or the units:

    PYTHONPATH=src python scripts/make_mean_vector.py
"""

# ruff: noqa: E402 - the imports follow the sys.path line, so the script runs from a checkout
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from calibration import pooled_candidates
from upr import load_truth

from reportkit.checks.duplicates import unit_texts
from reportkit.checks.embeddings import load_embedder

OUT = ROOT / "src/reportkit/checks/data/un-recommendations-mean.txt"


def main() -> None:
    truth = load_truth(ROOT)
    texts = sorted(set(unit_texts([*truth.drafts, *truth.registry, *pooled_candidates(ROOT)])))
    embedder = load_embedder(None)
    if embedder is None:
        raise SystemExit("the model is not installed")
    mean = embedder.vectors(texts).mean(axis=0)
    OUT.write_text("\n".join(f"{value:.6f}" for value in mean) + "\n", "utf-8")
    print(f"{OUT.relative_to(ROOT)}: mean of {len(texts)} texts, length {np.linalg.norm(mean):.3f}")


if __name__ == "__main__":
    main()
