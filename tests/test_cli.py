"""The command line: clear messages for bad input, and real end-to-end comparisons."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import fwprof


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--workload", "resnet"], "unknown workload 'resnet'; choose from mlp, cnn"),
        (["run", "--batch-size", "-4"], "batch size -4 is out of range"),
        (["run", "--steps", "-1"], "steps -1 is out of range"),
        (["run", "--framework", "jax"], "unknown framework 'jax'"),
        (["run", "--rate", "1000"], "sample rate 1000"),
        (["run", "-o", "/nonexistent-folder/x.fwprof"], "output folder /nonexistent-folder does not exist"),
        (["run", "--steps", "ten"], "invalid int value: 'ten'"),
        (["show", "/nonexistent.fwprof"], "cannot read"),
        (["run", "--python", "/nonexistent/python"], "/nonexistent/python: not found or not executable"),
        (["run", "--python", sys.executable, "--task", "converge"], "--python is for comparison"),
    ],
)
def test_bad_input_gets_one_message_and_status_2(args: list[str], message: str) -> None:
    result = fwprof(*args, timeout=60)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_show_of_a_file_that_is_not_a_snapshot(tmp_path: Path) -> None:
    bogus = tmp_path / "x.fwprof"
    bogus.write_text("hello")
    result = fwprof("show", str(bogus), timeout=60)
    assert result.returncode == 2 and "not a gzip-compressed fwprof snapshot" in result.stderr


def test_list_reports_frameworks_and_gpu_state() -> None:
    result = fwprof("list", "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert set(listing["workloads"]) == {"mlp", "cnn", "lstm", "transformer", "resnet50", "bert-base",
                                         "gpt2-small", "vit-b16"}
    assert listing["frameworks"]["torch"] and listing["frameworks"]["tensorflow"]
    assert listing["devices"]["cpu"] is True
    if not listing["gpu"]["available"]:
        assert listing["gpu"]["reason"]


@pytest.mark.slow
def test_run_json_then_show_reproduces_the_table(tmp_path: Path) -> None:
    out = tmp_path / "out.fwprof"
    result = fwprof("run", "--workload", "mlp", "--mode", "eager", "--repeats", "2", "--steps", "30",
                    "--warmup", "3", "--threads", "1", "-o", str(out), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["schema"] == "fwprof.summary/1"
    runs = summary["runs"]
    assert [r["framework"] for r in runs] == ["torch", "tensorflow", "tensorflow", "torch"]
    for run in runs:
        assert run["status"] == "ok", run["error"]
        assert run["step_ms"]["count"] >= 30  # and long enough for 10 samples (1.1 s at 10 Hz)
        assert run["wall_throughput"] > 0 and run["model_parameters"] == 269_322
        assert run["interfered"] is False  # fwprof's own sampling is not other processes' load
        assert run["warmup"]["steps"] >= 3
        assert all(run["phases_s"][p] > 0 for p in ("import", "build", "first_step", "measure"))
        assert run["params"]["threads"] == 1
    (comparison,) = summary["comparisons"]
    assert comparison["ratio"] > 0 and comparison["pairs_run"] == 2
    assert comparison["decision"] == "undecided" and comparison["reason"] == "too-few-pairs"
    assert comparison["verdict"].startswith("not decided: too few fresh processes")
    for framework in ("torch", "tensorflow"):
        info = summary["environment"]["frameworks"][framework]
        assert info["version"]
    shown = fwprof("show", str(out), "--json", timeout=120)
    assert json.loads(shown.stdout)["comparisons"] == summary["comparisons"]
    table = fwprof("show", str(out), timeout=120).stdout
    assert "Verdict" in table and "PyTorch" in table and "TensorFlow" in table


@pytest.mark.slow
def test_a_session_whose_run_failed_exits_with_3_after_saving(tmp_path: Path) -> None:
    out = tmp_path / "failed.fwprof"
    result = fwprof("run", "--workload", "mlp", "--framework", "torch", "--mode", "eager",
                    "--device", "cuda", "--repeats", "1", "--steps", "5", "--warmup", "1",
                    "--threads", "1", "-o", str(out), "--json",
                    "--interop-threads", "1")
    if result.returncode == 0:
        pytest.skip("this machine has CUDA: the run did not fail")
    assert result.returncode == 3, result.stderr[-2000:]
    (run,) = json.loads(result.stdout)["runs"]
    assert run["status"] == "failed" and "CUDA" in run["error"]
    assert out.exists()


def test_run_refuses_an_interpreter_that_cannot_run_the_children(tmp_path: Path) -> None:
    venv = tmp_path / "bare-venv"  # a real interpreter, but without numpy (or anything else)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    result = fwprof("run", "--python", str(venv / "bin" / "python"), "--steps", "5", timeout=120)
    assert result.returncode == 2, result.stderr
    assert "has no numpy, which fwprof's runs need" in result.stderr
