"""Real data-parallel runs on this machine: the scaling table for 1 and 2 workers in both
frameworks, and a failing rank that ends its whole group without leaving a process behind."""

from __future__ import annotations

import importlib.util
import json
import os
from functools import partial
from pathlib import Path
from typing import Any

import psutil
import pytest
from cli_runner import fwprof as run_fwprof

from fwprof.results import RunResult
from fwprof.snapshot import load_snapshot

FRAMEWORKS = [name for name in ("torch", "tensorflow") if importlib.util.find_spec(name)]
RUN = ["run", "--task", "distributed", "--workload", "mlp", "--threads", "2", "--steps", "30",
       "--warmup", "5", "--repeats", "1", "--framework", ",".join(FRAMEWORKS)]

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not FRAMEWORKS, reason="no framework installed")]


fwprof = partial(run_fwprof, timeout=300)


def run_pids(run: RunResult) -> list[int]:
    """Every process a launch started that fwprof knows of: launcher, agent, ranks."""
    launch = run.info.get("launch", {})
    pids = [run.pid, launch.get("agent_pid"), *launch.get("worker_pids", []),
            *(rank.get("pid") for rank in run.info.get("ranks", []))]
    return [pid for pid in pids if isinstance(pid, int)]


def alive(pids: list[int]) -> list[int]:
    found = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                found.append(pid)
        except psutil.NoSuchProcess:
            pass
    return found


def test_one_and_two_workers_give_the_scaling_table(tmp_path: Path) -> None:
    out = tmp_path / "scaling.fwprof"
    result = fwprof(*RUN, "--workers", "1,2", "-o", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Scaling" in result.stdout and "Per rank" in result.stdout
    shown = fwprof("show", "--json", str(out))
    summary: dict[str, Any] = json.loads(shown.stdout)
    assert {e["framework"] for e in summary["scaling"]} == set(FRAMEWORKS)
    for entry in summary["scaling"]:
        one, two = entry["points"]
        assert [one["world_size"], two["world_size"]] == [1, 2] and one["runs_ok"] == two["runs_ok"] == 1
        assert [one["threads_per_worker"], two["threads_per_worker"]] == [2, 1]
        assert [one["per_worker_batch"], two["per_worker_batch"]] == [128, 64]
        assert one["speedup"] == 1.0 and two["speedup"] > 0 and two["efficiency"] > 0
        assert two["comm_ms"] is not None and two["imbalance_pct"] is not None
        assert [r["rank"] for r in two["ranks"]] == [0, 1]
        assert all(r["cpu_percent_mean"] is not None for r in two["ranks"])  # sampled per rank
        assert entry["chart"]["world_size"] == [1, 2] and None not in entry["chart"]["throughput"]
    record = load_snapshot(out)
    assert record.environment["distributed"]["workers"] == [1, 2]
    for run in record.runs:
        ranks = run.info["ranks"]
        assert len({rank["pid"] for rank in ranks}) == len(ranks) == run.info["distributed"]["workers"]
        assert all(rank["info"]["threads"] == run.run_spec.threads for rank in ranks)
        assert not alive(run_pids(run))


def test_a_failing_rank_ends_its_group_and_is_named(tmp_path: Path) -> None:
    out = tmp_path / "failed.fwprof"
    env = {**os.environ, "FWPROF_FAIL_RANK": "1"}
    result = fwprof(*RUN, "--workers", "2", "-o", str(out), env=env)
    assert result.returncode == 3, result.stderr[-4000:]  # runs failed: saved, printed, exit 3
    assert "Launches that did not complete" in result.stdout
    record = load_snapshot(out)
    assert [run.status for run in record.runs] == ["failed"] * len(FRAMEWORKS)
    for run in record.runs:
        assert run.error is not None and run.error.startswith("rank 1 failed: RuntimeError: fault injected")
        assert run.ended_at is not None and run.started_at is not None
        assert run.ended_at - run.started_at < 90  # ended by fwprof, not by a timeout
        assert len(run_pids(run)) >= 3 and not alive(run_pids(run))


def test_a_reference_model_scales_in_bf16_in_both_frameworks(tmp_path: Path) -> None:
    out = tmp_path / "reference.fwprof"
    result = fwprof("run", "--task", "distributed", "--workload", "gpt2-small", "--size", "tiny",
                    "--precision", "bf16", "--workers", "2", "--threads", "2", "--steps", "5",
                    "--warmup", "1", "--repeats", "1", "--batch-size", "8",
                    "--framework", ",".join(FRAMEWORKS), "-o", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    assert "gpt2-small/tiny" in result.stdout
    record = load_snapshot(out)
    for run in record.runs:
        assert run.status == "ok" and run.run_spec.workload_label == "gpt2-small/tiny"
        for rank in run.info["ranks"]:
            assert rank["info"]["precision"] == "bf16"
