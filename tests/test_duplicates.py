"""The duplication check's method and its command: boilerplate, topic lists, reviewed pairs, exit codes,
the fallback without embeddings, the findings page."""

from __future__ import annotations

import html
import math
import random
import shutil
from pathlib import Path

import numpy as np
import pytest

from reportkit.checks import embeddings, scoring
from reportkit.checks.duplicates import (
    LEXICAL_THRESHOLDS,
    Candidate,
    check_duplicates,
    compare_candidates,
    draft_candidates,
    fails,
    pair_scores,
)
from reportkit.checks.encoders import MiniLmOnnx
from reportkit.checks.index import build_index
from reportkit.checks.similarity import (
    DENSE_TERM_SHARE,
    boilerplate_spans,
    count_terms,
    document_frequencies,
    inverse_document_frequencies,
    mark_shared,
    strip_boilerplate,
    terms,
    weighted,
)
from reportkit.pipeline import prepare
from reportkit.registry.check import run_duplicate_check
from reportkit.writers.site.findings import findings_page
from tests.conftest import EXAMPLE, ROOT, run_cli

EXAMPLE_2022 = ROOT / "examples" / "wg-firearms-2022"


def candidate(key: str, text: str, items: tuple[str, ...] = ()) -> Candidate:
    return Candidate(key, key, key, text, items)


# --------------------------------------------------------------------------- the method


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("States should mark firearms.", "States should"),
        (
            "States parties to the Firearms Protocol should mark firearms.",
            "States parties to the Firearms Protocol should",
        ),
        ("UNODC is requested to continue to assist States.", "UNODC is requested to continue to"),
        ("States are encouraged to accede to the Protocol.", "States are encouraged to"),
        (
            "The United Nations Office on Drugs and Crime (UNODC), in cooperation with relevant "
            "international and regional organizations, is requested to assist States.",
            "The United Nations Office on Drugs and Crime (UNODC), in cooperation with relevant "
            "international and regional organizations, is requested to",
        ),
    ],
)
def test_un_formulas_are_recognised_as_boilerplate(text: str, formula: str) -> None:
    start, end = boilerplate_spans(text)[0]
    assert text[start:end] == formula


def test_boilerplate_and_function_words_never_become_terms() -> None:
    assert terms("States parties to the Firearms Protocol should, upon request, mark firearms.") == [
        "mark",
        "firearm",
        "mark firearm",
    ]
    assert "should" not in strip_boilerplate("Acknowledging that X, States should act").split()


def test_two_asks_sharing_only_the_formula_score_zero() -> None:
    scores = pair_scores(
        [
            candidate("a", "States parties to the Firearms Protocol should destroy seized weapons."),
            candidate("b", "States parties to the Firearms Protocol should train customs officers."),
            candidate("c", "UNODC is requested to publish a study."),
        ]
    )
    assert scores[frozenset(("a", "b"))] == (0.0, 0.0)


def test_a_long_topic_list_does_not_match_everything_but_its_sub_item_overlaps(tmp_path: Path) -> None:
    report = prepare(EXAMPLE).report
    assert report is not None
    findings = check_duplicates(report)
    topic_list = [f for f in findings.findings if "future-topics" in (f.first.key, f.second.key)]
    assert topic_list == []  # recommendation 47 (11 sub-items) as a whole stays below every threshold
    drafts = [
        candidate(
            "topics",
            "Possible topics for consideration by the Working Group:",
            (
                "(a) Addressing and mainstreaming gender perspectives in countering trafficking in firearms;",
                "(b) Regulation of brokers, brokering and brokering-related activities, under article 15;",
                "(c) Preventing and combating the trade in ammunition;",
            ),
        ),
        candidate(
            "brokers", "States should regulate brokers and brokering activities in line with article 15."
        ),
    ]
    result = compare_candidates(drafts)
    assert [(f.level, f.basis) for f in result.findings] == [
        ("overlap", "(b) of recommendation topics (topics) ~ whole text")
    ]


def test_the_same_ask_reworded_is_a_duplicate_and_the_levels_are_ordered() -> None:
    drafts = [
        candidate(
            "old",
            "States should establish effective protocols for the disposal of seized and confiscated "
            "firearms and safe and secure destruction mechanisms.",
        ),
        candidate(
            "new",
            "States should put in place effective protocols for disposing of seized and confiscated "
            "firearms, with safe and secure means of destruction.",
        ),
    ]
    (finding,) = compare_candidates(drafts).findings
    assert finding.level == "duplicate" and finding.action == "delete"
    assert finding.score >= LEXICAL_THRESHOLDS.duplicate


def test_terms_are_counted_sublinearly_in_columns_of_first_appearance() -> None:
    vocabulary: dict[str, int] = {}
    counts = count_terms(["Mark firearms; mark them all.", "Trace firearms."], vocabulary, grow=True)
    assert list(vocabulary) == ["mark", "firearm", "mark firearm", "firearm mark", "trace", "trace firearm"]
    assert counts.toarray().ravel().tolist() == pytest.approx(
        [1 + math.log(2), 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1]
    )
    # Without `grow`, terms outside the vocabulary ("destroy") are dropped.
    known = count_terms(["Trace and destroy firearms."], vocabulary, grow=False)
    assert known.shape == (1, 6) and known.nonzero()[1].tolist() == [1, 4]


@pytest.mark.parametrize("with_vectors", [False, True])
def test_a_list_against_itself_is_scored_once_per_pair_with_the_neighbours_of_whole_rows(
    with_vectors: bool,
) -> None:
    # The self-check scores each block only against itself and the later recommendations (the
    # scores are symmetric) and takes the earlier ones' scores from their own blocks. Its pairs and
    # neighbours must be exactly those of scoring every row in full: here over several blocks, with
    # sub-items, with the dense product for common terms (used from 2,000 texts; forced here) and
    # with embedding vectors (random unit vectors stand in for the model's).
    candidates = _recombined_example(700)
    index = build_index([(c.text, c.items) for c in candidates])
    df = document_frequencies(index.tf[index.owner_starts])
    vectors = None
    if with_vectors:
        vectors = np.random.default_rng(5).normal(size=(len(candidates), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    side = scoring.Side(
        weighted(index.tf, inverse_document_frequencies(df, len(candidates))), index.owner_starts, vectors
    )
    frequent = np.flatnonzero(df > DENSE_TERM_SHARE * len(candidates))
    assert frequent.size and index.tf.shape[0] > 2 * scoring.BLOCK_UNITS
    once = scoring.compare(side, side, True, 0.32, 0.4, 3, frequent)
    whole_rows = scoring.compare(side, side, False, 0.32, 0.4, 4, frequent)
    assert once.pairs == [pair for pair in whole_rows.pairs if pair.target > pair.query]
    for query in range(side.owners):
        others = [
            (int(target), float(score))
            for target, score in zip(whole_rows.nearest[query], whole_rows.nearest_scores[query], strict=True)
            if target != query
        ][:3]
        assert (
            list(zip(once.nearest[query].tolist(), once.nearest_scores[query].tolist(), strict=True))
            == others
        )


def _recombined_example(count: int) -> list[Candidate]:
    """`count` recommendations whose lead-ins and sub-items are drawn (with a fixed seed) from the
    example's words, a third of them with one of its lead-ins repeated: near and exact duplicates."""
    report = prepare(EXAMPLE).report
    assert report is not None
    lead_ins = [draft.text for draft in draft_candidates(report)]
    words = " ".join(lead_ins).split()
    generator = random.Random(5)

    def drawn(length: int) -> str:
        return " ".join(generator.sample(words, length))

    return [
        candidate(
            f"r{number}",
            generator.choice(lead_ins) if number % 3 == 0 else f"{drawn(20)}. {drawn(15).capitalize()}.",
            tuple(f"({label}) {drawn(8)}" for label in "abc"[: generator.choice((0, 0, 2, 3))]),
        )
        for number in range(count)
    ]


def test_shared_wording_is_marked_and_formulas_dimmed() -> None:
    runs = mark_shared(
        "States should verify transfer documents.", "UNODC should help verify transfer documents."
    ).runs
    assert runs[0] == ("States should", "boilerplate")
    assert ("verify transfer documents", "shared") in runs


# --------------------------------------------------------------------------- reviewed pairs


def test_reviewed_pairs_suppress_a_finding_and_unknown_names_warn(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(EXAMPLE_2022, content)
    report_yaml = content / "report.yaml"
    report_yaml.write_text(
        report_yaml.read_text("utf-8")
        + "  - first: criminalize-3d-printing\n    second: printed-firearms-offence\n"
        + "    reason: Kept apart on purpose.\n"
        + "  - first: no-such-recommendation\n    second: CTOC/COP/WG.6/2021/4#41\n    reason: Typo.\n",
        "utf-8",
    )
    report = prepare(content).report
    assert report is not None
    outcome = run_duplicate_check(report, ROOT / "registry", tmp_path / "cache", "lexical")
    assert outcome.findings is not None
    assert ("criminalize-3d-printing", "printed-firearms-offence") not in {
        (f.first.key, f.second.key) for f in outcome.findings.findings
    }
    assert ("criminalize-3d-printing", "printed-firearms-offence", "Kept apart on purpose.") in {
        (f.first.key, f.second.key, f.reviewed) for f in outcome.findings.reviewed
    }
    (warning,) = [d for d in outcome.diagnostics if d.code == "unknown-reviewed-pair"]
    assert warning.render().startswith(
        f"{content.as_posix()}/report.yaml:37:5: warning[unknown-reviewed-pair]: reviewed pair names "
        "'no-such-recommendation'"
    )


# --------------------------------------------------------------------------- the command


def test_exit_codes_follow_fail_on(tmp_path: Path) -> None:
    common = (
        "--content",
        EXAMPLE_2022,
        "--registry",
        ROOT / "registry",
        "--method",
        "lexical",
        "--cache",
        tmp_path,
    )
    assert run_cli("check", *common).exit_code == 1
    assert run_cli("check", *common, "--fail-on", "never").exit_code == 0
    # The 2021 report alone has overlaps (recommendations 9, 10, 11) but no duplicate.
    alone = ("--content", EXAMPLE, "--method", "lexical", "--cache", tmp_path)
    assert run_cli("check", *alone).exit_code == 0
    assert run_cli("check", *alone, "--fail-on", "overlap").exit_code == 1


def test_input_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli("check", "--content", tmp_path / "missing", "--method", "lexical").exit_code == 2
    missing = run_cli(
        "check",
        "--content",
        EXAMPLE_2022,
        "--registry",
        tmp_path / "no-registry",
        "--method",
        "lexical",
        "--cache",
        tmp_path,
    )
    assert missing.exit_code == 2
    assert "error[file-not-found]: no registry folder" in missing.stderr
    assert run_cli("check", "--content", EXAMPLE_2022, "--format", "xml").exit_code == 2


def test_without_the_model_auto_falls_back_to_lexical(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(embeddings, "embeddings_available", lambda: False)
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    outcome = run_duplicate_check(report, ROOT / "registry", tmp_path, "auto")
    assert outcome.findings is not None and outcome.findings.method == "lexical"
    insisted = run_duplicate_check(report, ROOT / "registry", tmp_path, "embeddings")
    assert insisted.findings is None
    assert [d.code for d in insisted.diagnostics] == ["no-embeddings"]
    result = run_cli("check", "--content", EXAMPLE_2022, "--method", "embeddings", "--cache", tmp_path)
    assert result.exit_code == 2 and "error[no-embeddings]: the embedding model" in result.stderr
    assert "hint: reinstall reportkit" in result.stderr


def test_embedding_vectors_are_cached_by_text_hash(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="the lock does not have reportkit's model dependencies yet")
    embedder = embeddings.load_embedder(tmp_path)
    assert embedder is not None
    vectors = embedder.vectors(["States should mark all firearms.", "Every firearm must bear a marking."])
    assert vectors.shape == (2, 384) and float(vectors[0] @ vectors[1]) > 0.6
    assert (tmp_path / f"embeddings-{MiniLmOnnx.name}.npz").is_file()
    again = embeddings.Embedder(None, tmp_path)  # no model: everything must come from the cache
    assert (again.vectors(["States should mark all firearms."]) == vectors[:1]).all()
    with pytest.raises(LookupError):
        again.vectors(["A text never embedded."])


def test_findings_page_and_diagnostics(tmp_path: Path) -> None:
    report = prepare(EXAMPLE_2022).report
    assert report is not None
    outcome = run_duplicate_check(report, ROOT / "registry", tmp_path, "lexical")
    assert outcome.findings is not None
    page = html.unescape(findings_page(outcome.findings))  # the page escapes punctuation as references
    assert page.startswith("# Duplication check\n")
    assert (
        "### 1. Duplicate: recommendation 6 (dispose-of-confiscated-firearms) ~ recommendation 41 of "
        "CTOC/COP/WG.6/2021/4" in page
    )
    assert "<mark>" in page and 'class="boilerplate"' in page
    assert "## Reviewed pairs (not reported)" in page and "## Nearest recommendations" in page
    first = outcome.findings.findings[0]
    assert (str(first.first.loc), first.level, first.first.label, first.second.label) == (
        f"{EXAMPLE_2022.as_posix()}/recommendations/a-marking-and-tracing.yaml:50:5",
        "duplicate",
        "recommendation 6 (dispose-of-confiscated-firearms)",
        "recommendation 41 of CTOC/COP/WG.6/2021/4",
    )
    assert (f"{first.score:.2f}", first.basis) == ("0.78", "whole texts")
    assert fails(outcome.findings, "duplicate") and not fails(outcome.findings, "never")
