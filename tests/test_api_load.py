"""``fwprof.load``: every snapshot fwprof ever wrote opens as typed objects with DataFrames."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import fwprof
from fwprof.api import Environment, Run, Session, Verdict
from fwprof.api.frames import SAMPLE_KEY_COLUMNS, STEP_COLUMNS
from fwprof.export.timeline import run_samples
from fwprof.snapshot import SnapshotError, load_snapshot

ROOT = Path(__file__).resolve().parents[1]
OLD_SNAPSHOTS = sorted((ROOT / "tests" / "data").glob("*.fwprof"))


def test_there_are_old_snapshots_to_check() -> None:
    assert len(OLD_SNAPSHOTS) >= 7


@pytest.mark.parametrize("path", OLD_SNAPSHOTS, ids=lambda p: p.name)
def test_an_old_snapshot_loads_as_typed_objects(path: Path) -> None:
    session = fwprof.load(path)
    record = load_snapshot(path)
    assert isinstance(session, Session) and session.path == path
    assert [run.run_id for run in session.runs] == [run.run_id for run in record.runs]
    assert all(isinstance(run, Run) for run in session.runs)
    assert isinstance(session.environment, Environment)
    for run, result in zip(session.runs, record.runs, strict=True):
        assert (run.status, run.scenario) == (result.status, result.scenario)
        assert run.step_count == len(result.steps)
        assert run.framework in ("torch", "tensorflow", "script")
        assert run.label
    with pytest.raises(TypeError):
        session.runs[0].info["new"] = 1  # type: ignore[index]


@pytest.mark.parametrize("path", OLD_SNAPSHOTS, ids=lambda p: p.name)
def test_steps_and_samples_are_dataframes_of_every_run(path: Path) -> None:
    session = fwprof.load(path)
    steps = session.steps()
    assert tuple(steps.columns) == STEP_COLUMNS
    others = sum(len(log) for run in session.runs for log in run.result.other_steps.values())
    assert len(steps) == sum(run.step_count for run in session.runs) + others
    assert np.allclose(steps["end_s"] - steps["start_s"], steps["duration_s"])
    samples = session.samples()
    assert tuple(samples.columns[:4]) == SAMPLE_KEY_COLUMNS
    assert len(samples) == sum(len(run_samples(run.result)) for run in session.runs)
    for run in session.runs:
        train = run.steps().query("kind == 'train'")
        assert len(train) == run.step_count
        assert list(train["step"]) == list(range(run.step_count))
        assert set(run.samples()["run_id"]) <= {run.run_id}


def test_the_comparison_verdicts_are_typed() -> None:
    session = fwprof.load(ROOT / "tests" / "data" / "v3-compare.fwprof")
    comparisons = session.summary["comparisons"]
    assert len(session.verdicts) == len(comparisons) == 2
    verdict = session.verdicts[0]
    assert isinstance(verdict, Verdict)
    assert verdict.text == comparisons[0]["verdict"] == "TensorFlow 1.20x faster (95% CI 1.16-1.24)"
    assert (verdict.decision, verdict.winner, verdict.mode) == ("faster", "tensorflow", "graph")
    assert verdict.ci95 is not None and verdict.ratio is not None
    assert verdict.ci95[0] < verdict.ratio < verdict.ci95[1]
    assert verdict.pairs == 3


def test_sample_columns_carry_units_and_times_from_the_session_start() -> None:
    session = fwprof.load(ROOT / "tests" / "data" / "v3-compare.fwprof")
    samples = session.samples()
    assert samples.attrs["units"]["rss_bytes"] == "B"
    assert samples.attrs["units"]["cpu_percent"] == "%"
    assert "gpu_busy_percent" in samples.attrs["unavailable"]["r001"]
    assert samples["time_s"].min() >= 0.0
    assert samples["cpu_percent"].notna().sum() > 0
    steps = session.steps()
    assert steps["start_s"].min() >= -1e-9


@pytest.mark.parametrize("path", OLD_SNAPSHOTS, ids=lambda p: p.name)
def test_the_notebook_display_holds_the_reports_svg_charts(path: Path) -> None:
    session = fwprof.load(path)
    html = session._repr_html_()
    assert "<svg" in html and 'class="chart"' in html
    for run in session.runs:
        assert run.run_id in html
    with_steps = next(run for run in session.runs if run.step_count)
    assert "<svg" in with_steps._repr_html_()


def test_saving_a_loaded_session_round_trips(tmp_path: Path) -> None:
    session = fwprof.load(ROOT / "tests" / "data" / "v3-profile.fwprof")
    again = fwprof.load(session.save(tmp_path / "copy.fwprof"))
    assert again.runs == session.runs
    assert again.steps().equals(session.steps())


def test_a_damaged_file_raises_a_snapshot_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.fwprof"
    bad.write_bytes(b"not a snapshot")
    with pytest.raises(SnapshotError, match=r"bad\.fwprof"):
        fwprof.load(bad)


def test_import_fwprof_stays_light() -> None:
    code = ("import sys, fwprof; heavy = ['pandas', 'numpy', 'fwprof.api', 'torch', 'tensorflow']; "
            "print([m for m in heavy if m in sys.modules]); print(callable(fwprof.load), "
            "callable(fwprof.sample), 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.splitlines()
    assert out == ["[]", "True True False"]


@pytest.fixture(scope="module")
def todays_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real comparison written by today's code (both frameworks, one pair, tiny)."""
    path = tmp_path_factory.mktemp("today") / "today.fwprof"
    subprocess.run([sys.executable, "-m", "fwprof", "run", "--workload", "mlp", "--task", "train",
                    "--mode", "eager", "--steps", "5", "--warmup", "1", "--warmup-max", "0",
                    "--repeats", "1", "--threads", "1", "--quiet", "-o", str(path)],
                   capture_output=True, text=True, check=True, timeout=300, cwd=path.parent)
    return path


@pytest.mark.slow
def test_a_snapshot_written_today_loads_with_verdict_steps_and_samples(todays_snapshot: Path) -> None:
    session = fwprof.load(todays_snapshot)
    assert sorted(run.framework for run in session.runs) == ["tensorflow", "torch"]
    assert all(run.status == "ok" and run.step_count >= 5 for run in session.runs)
    assert {(r.workload, r.task, r.mode) for r in session.runs} == {("mlp", "train", "eager")}
    assert session.runs[0].info["threads"] == 1
    assert len(session.verdicts) == 1 and session.verdicts[0].text
    assert session.environment.cpu_model and session.environment.cores_logical
    assert set(session.environment.frameworks) >= {"torch", "tensorflow"}
    steps = session.steps()
    assert set(steps["kind"]) == {"train"}
    assert steps.groupby("run_id").size().to_dict() == {r.run_id: r.step_count for r in session.runs}
    assert (steps["duration_s"] > 0).all()
    samples = session.samples()
    assert len(samples) >= 2 and samples["rss_bytes"].max() > 10 * 2**20
    assert math.isfinite(samples["cpu_percent"].max())
    assert "<svg" in session._repr_html_()


def test_a_block_sampled_on_the_h200_has_gpu_columns() -> None:
    """Evidence from the GPU machine (docs/evidence/h200-python-sample-2026-12-04.txt)."""
    session = fwprof.load(ROOT / "docs" / "evidence" / "h200-python-sample-2026-12-04.fwprof")
    assert session.environment.gpus == ("NVIDIA H200",)
    [run] = session.runs
    assert (run.label, run.status, run.step_count) == ("h200 matmul", "ok", 141)
    samples = session.samples()
    assert len(samples) == 130 and not samples.attrs["unavailable"]
    assert samples["gpu0_busy_percent"].max() == 100.0
    assert samples["gpu0_power_w"].max() > 300
    assert samples["gpu_proc_mem_bytes"].max() > 2**30
