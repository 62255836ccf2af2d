"""Print a lexical shortlist of earlier UPR recommendations for each third-cycle draft.

Used only to find candidates to READ when labelling tests/data/upr/labels-43-vs-14-28.yaml by hand:
TF-IDF (word 1-2 grams, English stop words) cosine, top N per draft.  The score decides nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "upr"


def load(name: str) -> list[tuple[str, str]]:
    """(reference, text) for each recommendation of one report."""
    d = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    sym = d["masthead"]["symbol"]
    return [(f"{sym} {r['number']}", r["text"]) for r in d["recommendations"]]


def main(argv: list[str] | None = None) -> int:
    """Print the shortlist for the drafts whose numbers start with --prefix."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=8)
    ap.add_argument("--prefix", default="")
    args = ap.parse_args(argv)
    earlier = load("A-HRC-14-15") + load("A-HRC-28-15")
    drafts = load("A-HRC-43-15")
    vec = TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True)
    vec.fit([t for _, t in earlier + drafts])
    sims = linear_kernel(vec.transform([t for _, t in drafts]), vec.transform([t for _, t in earlier]))
    for i, (ref, text) in enumerate(drafts):
        if not ref.split()[1].startswith(args.prefix):
            continue
        print(f"\n### {ref}: {text}")
        for j in sims[i].argsort()[::-1][: args.top]:
            print(f"   {sims[i][j]:.2f} {earlier[j][0]}: {earlier[j][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
