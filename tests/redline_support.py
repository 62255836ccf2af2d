"""Two circulated versions of the bundled example, and the real readers the redline is checked with.

Version v1 is the example as bundled. Version v2 differs by one of each kind of change:
- reworded: recommendation 2 (`complementarity-of-instruments`, "note" → "recognize") and item (b) of
  recommendation 47 (`future-topics`, "Promoting" → "Promoting gender-sensitive and");
- added: `early-warning-networks`, second in section A (so every later recommendation is renumbered);
- deleted: `advance-sdg-target-16-4`, first in section B;
- moved: `data-on-consequences-of-trafficking`, from section A to the end of section C.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypandoc
import pytest

from tests.conftest import EXAMPLE, run_cli

V1_DATE, V2_DATE = "2021-05-20", "2021-06-03"
W_DATE = "2021-06-03T00:00:00Z"  # the w:date of every tracked change: v2's date
NEW_RECOMMENDATION = (
    "  - recommendation: early-warning-networks\n"
    "    status: proposed\n"
    "    themes: [international-cooperation]\n"
    "    text: >-\n"
    "      States are encouraged to establish early warning networks on firearms trafficking.\n\n"
)


# --------------------------------------------------------------------------- editing the drafts


def _block(text: str, recommendation_id: str) -> re.Match[str]:
    match = re.search(rf"(?ms)^  - recommendation: {re.escape(recommendation_id)}\n.*?(?=^  - |\Z)", text)
    assert match, recommendation_id
    return match


def cut_recommendation(path: Path, recommendation_id: str) -> str:
    text = path.read_text("utf-8")
    match = _block(text, recommendation_id)
    path.write_text(text[: match.start()] + text[match.end() :], "utf-8")
    return match.group(0)


def insert_after(path: Path, recommendation_id: str, block: str) -> None:
    text = path.read_text("utf-8")
    match = _block(text, recommendation_id)
    path.write_text(text[: match.end()] + block + text[match.end() :], "utf-8")


def append_recommendation(path: Path, block: str) -> None:
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n\n" + block, "utf-8")


def replace_text(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def make_v2(content: Path) -> None:
    recommendations = content / "recommendations"
    general = recommendations / "a-general.yaml"
    replace_text(
        general, "States should note the complementarity", "States should recognize the complementarity"
    )
    insert_after(general, "unodc-assist-implementation", NEW_RECOMMENDATION)
    cut_recommendation(recommendations / "b-illicit-financial-flows.yaml", "advance-sdg-target-16-4")
    moved = cut_recommendation(general, "data-on-consequences-of-trafficking")
    append_recommendation(recommendations / "c-diversion.yaml", moved)
    replace_text(
        recommendations / "d-follow-up.yaml",
        "Promoting victim-centred approaches",
        "Promoting gender-sensitive and victim-centred approaches",
    )


# --------------------------------------------------------------------------- the session's versions


@dataclass(frozen=True)
class Versions:
    content: Path
    out: Path

    @property
    def diff_dir(self) -> Path:
        return self.out / "diff-v1-v2"

    @property
    def redline(self) -> Path:
        return self.diff_dir / "redline.docx"

    @property
    def pack(self) -> Path:
        return self.out / "circulation" / "v1" / "recommendations.docx"

    def changes(self) -> dict[str, Any]:
        return json.loads((self.diff_dir / "changes.json").read_text("utf-8"))


_MADE: dict[str, Versions] = {}


@pytest.fixture(scope="session")
def versions(tmp_path_factory: pytest.TempPathFactory) -> Versions:
    """v1 and v2 recorded with `circulate` in a copy of the example, and `diff --from v1 --to v2` run.

    Each test module imports this fixture, which makes it one fixture per module for pytest; the cache
    makes the versions once per session all the same."""
    if "versions" in _MADE:
        return _MADE["versions"]
    root = tmp_path_factory.mktemp("versions")
    content, out = root / "content", root / "out"
    shutil.copytree(EXAMPLE, content)
    for step in (
        ("circulate", "--content", content, "--out", out, "--as", "v1", "--date", V1_DATE),
        ("__edit__",),
        ("circulate", "--content", content, "--out", out, "--as", "v2", "--date", V2_DATE),
        ("diff", "--content", content, "--out", out, "--from", "v1", "--to", "v2"),
    ):
        if step[0] == "__edit__":
            make_v2(content)
            continue
        result = run_cli(*step)
        assert result.exit_code == 0, result.stderr
    return _MADE.setdefault("versions", Versions(content, out))


# --------------------------------------------------------------------------- readers


def pandoc_json(docx: Path, track_changes: str) -> dict[str, Any]:
    output = pypandoc.convert_file(
        str(docx), "json", format="docx", extra_args=[f"--track-changes={track_changes}"]
    )
    return json.loads(output)


def stringify(inlines: list[dict[str, Any]]) -> str:
    """The text of pandoc inlines (spaces and breaks as spaces)."""
    pieces: list[str] = []
    for inline in inlines:
        kind = inline["t"]
        if kind == "Str":
            pieces.append(inline["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            pieces.append(" ")
        elif kind == "Span":
            pieces.append(stringify(inline["c"][1]))
        elif kind == "Quoted":
            quote = '"' if inline["c"][0]["t"] == "DoubleQuote" else "'"
            pieces.append(quote + stringify(inline["c"][1]) + quote)
        elif kind in ("Emph", "Strong", "Underline", "SmallCaps", "Strikeout", "Superscript", "Subscript"):
            pieces.append(stringify(inline["c"]))
    return "".join(pieces)


def paragraphs(document: dict[str, Any]) -> list[str]:
    """The body's paragraphs as text, whitespace collapsed, tables left out."""
    return [
        " ".join(stringify(block["c"]).split())
        for block in document["blocks"]
        if block["t"] in ("Para", "Plain") and stringify(block["c"]).strip()
    ]


def tracked_spans(document: dict[str, Any]) -> list[tuple[str, str]]:
    """Every insertion and deletion pandoc found, as (class, text), in document order."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Span":
                classes = node["c"][0][1]
                for kind in ("insertion", "deletion"):
                    if kind in classes:
                        found.append((kind, stringify(node["c"][1])))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document["blocks"])
    return found


def libreoffice_convert(docx_files: list[Path], to: str, out_dir: Path, profile: Path) -> list[Path]:
    """Convert with LibreOffice headless in one run (a fresh profile, so no user settings interfere)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", to,
         "--outdir", str(out_dir), *map(str, docx_files)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return [out_dir / f"{path.stem}.{to}" for path in docx_files]


def libreoffice_pdf(docx_files: list[Path], out_dir: Path, profile: Path) -> list[Path]:
    return libreoffice_convert(docx_files, "pdf", out_dir, profile)
