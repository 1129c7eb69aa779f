"""The examples profile with the exact step counts fwprof detects by itself (real frameworks)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from cli_runner import fwprof
from script_helpers import needs_keras, needs_torch

pytestmark = pytest.mark.slow


def profile(*args: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:  # stdout holds what the example prints
        path = Path(folder) / "summary.json"
        result = fwprof("profile", "--quiet", "--json-file", str(path), *args, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        summary = json.loads(path.read_text())
    (script,) = summary["scripts"]
    script["environment"] = summary["environment"]
    return script


@needs_torch
def test_torch_dataloader_training_counts_every_optimizer_step() -> None:
    script = profile("examples/train_torch.py", "--epochs", "2", "--samples", "320",
                     "--batch-size", "32", "--workers", "1")
    assert script["steps"] == 20  # 2 epochs x 10 batches; the forked DataLoader worker is silent
    assert script["step_sources"] == ["torch"]
    assert script["frameworks"]["torch"]["version"].startswith("2.")
    assert set(script["frameworks"]) == {"torch"}  # TensorFlow was never imported
    assert script["environment"]["frameworks"]["torch"]["version"]
    assert [p["name"] for p in script["phases"]] == ["import torch"]


@needs_torch
def test_fwprof_step_replaces_the_optimizer_hook() -> None:
    script = profile("tests/scripts/torch_manual.py")
    assert script["steps"] == 3 and script["step_source"] == "manual"


@needs_keras
def test_keras_fit_counts_every_training_batch() -> None:
    script = profile("examples/train_keras_fit.py", "--epochs", "2", "--samples", "320",
                     "--batch-size", "32")
    assert script["steps"] == 20 and script["step_sources"] == ["keras"]
    assert "fit" in [p["name"] for p in script["phases"]]
    assert script["frameworks"]["keras"]["backend"] == "tensorflow"


@needs_keras
def test_tf_function_loop_counts_executed_steps_not_traces() -> None:
    script = profile("examples/train_tf_loop.py", "--steps", "25")
    assert script["steps"] == 25 and script["step_sources"] == ["keras-apply"]


@needs_keras
def test_every_keras_loop_validation_steps_per_execution_eager_and_xla() -> None:
    script = profile("tests/scripts/keras_loops.py")
    assert script["steps"] == 29  # see the counts in the script's docstring
    others = {kind: figures["steps"] for kind, figures in script["other_steps"].items()}
    assert others == {"eval": 9, "predict": 2}
    names = [p["name"] for p in script["phases"]]
    assert names.count("fit") == 1 and names.count("evaluate") == 3 and names.count("predict") == 1
    assert any("XLA-compiled" in line for line in script["log"])
