"""Every script in examples/ under ``fwprof profile``: the exact train, eval and predict counts.

Each runs with its own tiny defaults (seconds on a CPU); examples/README.md has the same table.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from cli_runner import fwprof
from script_helpers import needs_keras, needs_torch

from fwprof.outputs.summary import build_summary
from fwprof.snapshot import load_snapshot

pytestmark = pytest.mark.slow


def profile(*args: str) -> dict[str, Any]:
    """The script's entry in the summary of the snapshot ``fwprof profile -o`` saved (JSON-like)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "run.fwprof"
        result = fwprof("profile", "--quiet", "-o", str(path), *args, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        (script,) = build_summary(load_snapshot(path)).profile.scripts
    return dict(json.loads(json.dumps(script.to_json())))


def counts(script: dict[str, Any]) -> dict[str, int]:
    """``{"train": n, "eval": n, "predict": n}`` with the kinds the run had."""
    return {"train": script["steps"],
            **{kind: figures["steps"] for kind, figures in script["other_steps"].items()}}


@needs_keras
@pytest.mark.parametrize("backend", [
    "tensorflow",
    pytest.param("torch", marks=needs_torch),  # Keras calls loss.backward(): not steps here
])
def test_keras_fit_with_validation_evaluate_and_predict(backend: str) -> None:
    script = profile("--env", f"KERAS_BACKEND={backend}", "examples/keras_fit_validation.py")
    assert counts(script) == {"train": 16, "eval": 7, "predict": 2}
    assert script["step_sources"] == ["keras"] and script["step_marker"] is None
    assert script["steps_per_s"] > 0 and script["other_steps"]["eval"]["steps_per_s"] > 0


@needs_torch
@pytest.mark.parametrize(("args", "expected", "marker"), [
    ((), {"train": 20}, None),  # the validation loop steps nothing fwprof can see
    (("--mark-steps",), {"train": 20, "eval": 6}, "fwprof.step() calls"),
])
def test_torch_dataloader_loop(args: tuple[str, ...], expected: dict[str, int],
                               marker: str | None) -> None:
    script = profile("examples/torch_dataloader.py", *args)
    assert counts(script) == expected and script["step_marker"] == marker


@needs_torch
def test_manual_sgd_counts_backward_passes() -> None:
    script = profile("examples/torch_manual_sgd.py")
    assert counts(script) == {"train": 30}
    assert script["step_marker"] == "backward passes"
    assert script["step_sources"] == ["torch-backward"]


@needs_torch
@pytest.mark.parametrize(("args", "expected", "sources"), [
    ((), 10, ["torch"]),  # 40 micro-batches, an update every 4: backward passes are not steps
    (("--no-optimizer",), 40, ["torch-backward"]),  # documented limit: one per micro-batch
])
def test_gradient_accumulation(args: tuple[str, ...], expected: int, sources: list[str]) -> None:
    script = profile("examples/torch_grad_accumulation.py", *args)
    assert counts(script) == {"train": expected} and script["step_sources"] == sources


@needs_torch
def test_gan_with_two_optimizers_counts_one_step_per_iteration() -> None:
    script = profile("examples/torch_gan.py")
    assert counts(script) == {"train": 25} and script["step_sources"] == ["torch"]


@needs_keras
def test_tf_data_custom_gradient_tape_loop() -> None:
    script = profile("examples/tf_data_custom_loop.py")
    assert counts(script) == {"train": 20} and script["step_sources"] == ["keras-apply"]
