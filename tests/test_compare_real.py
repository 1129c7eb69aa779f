"""``fwprof compare`` on a real slowdown: the same PyTorch workload at a batch size that wastes
most of each step on per-step overhead (one thread each, so OpenMP contention on a busy 2-core
machine cannot blur the difference)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import fwprof


@pytest.mark.slow
def test_a_real_slowdown_is_a_regression_and_the_reverse_is_not(tmp_path: Path) -> None:
    paths = {}
    for batch in ("256", "4"):
        paths[batch] = str(tmp_path / f"b{batch}.fwprof")
        result = fwprof("run", "--workload", "mlp", "--framework", "torch", "--mode", "eager",
                        "--repeats", "2", "--steps", "60", "--threads", "1", "--batch-size", batch,
                        "--quiet", "-o", paths[batch])
        assert result.returncode == 0, result.stderr[-2000:]
    slower = fwprof("compare", paths["256"], paths["4"])
    assert slower.returncode == 1, slower.stdout + slower.stderr
    assert "REGRESSION" in slower.stdout and "settings differ: batch_size 256 -> 4" in slower.stdout
    faster = fwprof("compare", paths["4"], paths["256"])
    assert faster.returncode == 0, faster.stdout + faster.stderr
    assert "No throughput regression" in faster.stdout
