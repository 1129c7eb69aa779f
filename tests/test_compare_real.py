"""``fwprof compare`` on a real slowdown: the same PyTorch runs with 2 threads, then 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def fwprof(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fwprof", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_fewer_threads_is_a_regression_and_more_threads_is_not(tmp_path: Path) -> None:
    paths = {}
    for threads in ("2", "1"):
        paths[threads] = str(tmp_path / f"t{threads}.fwprof")
        result = fwprof("run", "--workload", "mlp", "--framework", "torch", "--mode", "eager",
                        "--repeats", "2", "--steps", "60", "--threads", threads, "--quiet",
                        "-o", paths[threads])
        assert result.returncode == 0, result.stderr[-2000:]
    slower = fwprof("compare", paths["2"], paths["1"])
    assert slower.returncode == 1, slower.stdout + slower.stderr
    assert "REGRESSION" in slower.stdout and "settings differ: threads 2 -> 1" in slower.stdout
    faster = fwprof("compare", paths["1"], paths["2"])
    assert faster.returncode == 0, faster.stdout + faster.stderr
    assert "No throughput regression" in faster.stdout
