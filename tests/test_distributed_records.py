"""Synthetic distributed sessions (used by other distributed and merge tests), and their snapshots."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np

from fwprof.config import SessionConfig
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.scenarios.distributed.config import DistributedConfig, session_for_distributed
from fwprof.scenarios.distributed.group import GROUP_KEY, GroupSpec, plan_groups
from fwprof.scenarios.distributed.section import DistributedSection
from fwprof.snapshot import load_snapshot

#: Step and compute-only times (s) per world size: 2 workers spend 2 ms per step communicating.
STEP_S = {1: 0.010, 2: 0.012}
COMPUTE_S = {1: 0.009, 2: 0.010}


def rank_data(rank: int, world: int, start: float, steps: int, pid: int) -> dict[str, object]:
    """What the launcher reports for one rank: its steps, compute-only steps and phases."""
    step = STEP_S[world] * (1 + 0.01 * rank)
    compute = COMPUTE_S[world] * (1 + 0.1 * rank)
    ends = [start + step * (i + 1) for i in range(steps)]
    return {"rank": rank, "local_rank": rank, "node_rank": 0, "pid": pid, "status": "ok",
            "error": None, "phases": {"measure": [start, ends[-1]]}, "info": {"threads": 2 // world},
            "step_end": ends, "step_dur": [step] * steps, "compute_dur": [compute] * steps}


def launch_run(index: int, group: GroupSpec, start: float, steps: int = 40) -> RunResult:
    """An ok run of one launch, as the session records it (global steps, ranks, samples)."""
    world = group.world_size
    ranks = [rank_data(r, world, start, steps, pid=1000 * (index + 1) + r) for r in range(world)]
    durations = np.full(steps, max(r["step_dur"][0] for r in ranks))  # type: ignore[index]
    ends = start + np.cumsum(durations)
    series = {"series": {"t": [start, start + 0.1]},
              "process_series": {"t": [start, start + 0.1], "columns": {
                  f"pid{r['pid']}_cpu_percent": [None, 100.0 / world] for r in ranks}}}
    return RunResult(
        run_id=f"r{index + 1:03d}", spec=group.run_spec(), status="ok", exit_code=0, pid=99,
        started_at=start - 1.0, ended_at=float(ends[-1]) + 0.5,
        info={GROUP_KEY: asdict(group), "ranks": ranks, "framework": group.framework},
        phases=[PhaseSpan("measure", start, float(ends[-1]))], steps=StepLog(ends, durations),
        events=[{"v": 1, "k": "done", "t": float(ends[-1])}], series=series,
        resources={"cpu_percent_mean": 150.0},
    )


def distributed_record(frameworks: tuple[str, ...] = ("torch",), t0: float = 500.0,
                       wall: float = 1.8e9, node_rank: int = 0) -> SessionRecord:
    """A finished scaling study of mlp at 1 and 2 workers on 2 threads."""
    config = DistributedConfig(SessionConfig(frameworks=frameworks, repeats=1, threads=2), workers=(1, 2))
    groups = plan_groups(config)
    record = SessionRecord(config=session_for_distributed(config.session),
                           created="2027-01-15T08:00:00+00:00", status="finished")
    record.environment = {"cpu_model": "test", "cores_available": 2, "hostname": "box",
                          "distributed": {**config.describe(), "node_rank": node_rank},
                          "clock": {"wall": wall, "monotonic": t0}}
    record.runs = [launch_run(i, g, t0 + 10.0 * (i + 1)) for i, g in enumerate(groups)]
    return record


def test_scaling_survives_a_snapshot_round_trip(tmp_path: Path) -> None:
    record = distributed_record(("torch", "tensorflow"))
    loaded = load_snapshot(save_snapshot(record, tmp_path / "d.fwprof"))
    summary = build_summary(loaded).to_json()
    assert summary["scaling"] == build_summary(record).to_json()["scaling"]
    assert summary["groups"] == [] and summary["runs"] == []


def test_the_typed_section_reads_back_its_stored_json() -> None:
    """A stored summary's ``scaling`` (failed launch, no baseline, a stopped one) reads back
    into the same typed section, key for key; an older document without it reads as empty."""
    record = distributed_record(("torch", "tensorflow"))
    record.runs[1].status, record.runs[1].error = "failed", "rank 1 failed: RuntimeError: boom"
    record.runs[3].status, record.runs[3].error = "stopped", "stopped by the user"
    document = build_summary(record)
    section = document.distributed
    stored = json.loads(json.dumps(document.to_json()))
    assert DistributedSection.from_json(stored) == section
    assert DistributedSection.from_json(stored).to_json() == {"scaling": stored["scaling"]}
    failed = next(e for e in section.scaling if e.framework == "tensorflow")
    assert [p.throughput for p in failed.points] == [None, None]
    assert "baseline_world_size" not in failed.points[0].to_json()
    unfinished = [run.label for run in failed.runs if run.status != "ok"]
    assert unfinished == ["tensorflow mlp x1 #1", "tensorflow mlp x2 #1"]
    assert not DistributedSection.from_json({}).has_runs() and section.has_runs()
