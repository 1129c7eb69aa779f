"""The user's own model (``--model FILE``) and the input pipeline (``--data pipeline``), run
through the real CLI with real frameworks; broken model files get one clear message and exit 2."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from cli_runner import ROOT, fwprof

pytestmark = pytest.mark.slow
pytest.importorskip("torch")
pytest.importorskip("tensorflow")

EXAMPLE = ROOT / "examples" / "my_models.py"
#: Short runs: one pair, measure phases of 0.2 s (10 samples at 100 Hz, not slowed).
QUICK = ["--repeats", "1", "--steps", "5", "--warmup", "2", "--warmup-max", "0", "--min-time", "0",
         "--rate", "100", "--busy-measure-rate", "0", "--quiet", "--json"]


def test_the_example_model_file_is_compared_like_a_built_in_workload() -> None:
    result = fwprof("run", "--model", str(EXAMPLE), "--mode", "graph", *QUICK)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert [r["status"] for r in summary["runs"]] == ["ok", "ok"]
    assert {r["model_parameters"] for r in summary["runs"]} == {20_042}
    (comparison,) = summary["comparisons"]
    assert comparison["workload"] == "custom:my_models.py"
    assert comparison["parameters"] == {"torch": 20_042, "tensorflow": 20_042}


BROKEN = {
    "no-keras": ("def torch_model():\n    import torch\n    return torch.nn.Linear(4, 2)\n",
                 "defines no keras_model()"),
    "raises": ("def torch_model():\n    raise ValueError('no weights here')\n"
               "def keras_model():\n    raise ValueError('no weights here')\n",
               "keras_model() in {path} raised ValueError: no weights here"),
    "import-error": ("import not_a_module_anywhere\n", "raised ModuleNotFoundError"),
    "mismatched": (textwrap.dedent("""
        def torch_model():
            import torch
            return torch.nn.Linear(4, 3)
        def keras_model():
            import keras
            return keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        """), "the models in {path} differ: PyTorch has 15 trainable parameters, Keras 10"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_model_file_gets_one_clear_message_and_exit_2(tmp_path: Path, case: str) -> None:
    source, message = BROKEN[case]
    path = tmp_path / f"{case}.py"
    path.write_text(source)
    result = fwprof("run", "--model", str(path), *QUICK)
    assert result.returncode == 2, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if line.startswith("fwprof")]
    assert len(errors) == 1 and message.format(path=path) in errors[0], result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_a_missing_model_file_is_refused() -> None:
    result = fwprof("run", "--model", "/nonexistent/models.py", *QUICK)
    assert result.returncode == 2 and "model file /nonexistent/models.py does not exist" in result.stderr


def test_the_input_pipeline_feeds_both_frameworks_and_is_measured_apart() -> None:
    result = fwprof("run", "--workload", "cnn", "--data", "pipeline", "--loader-workers", "1",
                    "--batch-size", "16", "--mode", "graph", *QUICK)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert [r["status"] for r in summary["runs"]] == ["ok", "ok"]
    groups = {g["framework"]: g for g in summary["groups"]}
    assert groups["torch"]["workload"] == "cnn+pipeline" and groups["torch"]["data"] == "pipeline"
    assert "DataLoader" in groups["torch"]["loader"]["kind"]
    assert "tf.data" in groups["tensorflow"]["loader"]["kind"]
    assert all(g["loader"]["samples_per_s"] > 0 and g["loader"]["workers"] == 1 for g in groups.values())


def test_the_input_pipeline_is_for_image_workloads() -> None:
    result = fwprof("run", "--workload", "mlp", "--data", "pipeline", *QUICK)
    assert result.returncode == 2
    assert "--data pipeline reads images: it feeds cnn, resnet50, vit-b16, not mlp" in result.stderr
