"""Verdicts of the summary on recorded sessions with a known answer: pairs, interference,
parameter counts, wall clock, order and notes, the adaptive rounds and GPU busy with few samples."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from advice_records import set_column
from export_records import synthetic_run, synthetic_session

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.compare.rounds import RoundPlanner
from fwprof.stats.pair_policy import MAX_REPEATS, PRECISE, TIME_BUDGET


def _busy(run: RunResult) -> None:
    """Other processes kept one whole core busy while the run, with a thread per core, was
    measured (2 cores): they competed for its cores."""
    run.spec = replace(run.run_spec, threads=2, interop_threads=2)
    set_column(run, "sys_cpu_percent", lambda own: (own + 100.0) / 2)


def test_four_pairs_decide_and_say_how_many_pairs_and_what_stopped_them() -> None:
    summary = build_summary(synthetic_session(run_seconds=2.0, repeats=4)).to_json()
    (comp,) = summary["comparisons"]
    assert comp["decision"] == "faster" and comp["winner"] == "torch"
    assert comp["pairs"] == comp["pairs_run"] == 4 and comp["left_out"] == {}
    assert comp["verdict"].startswith("PyTorch 4.") and "95% CI" in comp["verdict"]
    assert 0 < comp["noise_floor"] < 0.05 and summary["noise_floor"]["dof"] == 6
    group = next(g for g in summary["groups"] if g["framework"] == "torch")
    assert group["throughput"]["processes"] == 4 and group["throughput"]["ci95"] is not None


def test_a_pair_with_interference_is_left_out_and_the_verdict_says_so() -> None:
    record = synthetic_session(run_seconds=2.0, repeats=4)
    _busy(record.runs[2])  # repeat 1's first run
    document = build_summary(record)
    summary = document.to_json()
    (comp,) = summary["comparisons"]
    assert comp["pairs"] == 3 and comp["pairs_run"] == 4 and comp["left_out"] == {"interference": 1}
    assert comp["verdict"].endswith("1 pair(s) left out: other processes were busy")
    assert [r["interfered"] for r in summary["runs"]] == [False, False, True, False, False, False,
                                                         False, False]
    text = render_summary(document)
    assert "1 run(s) left out of the figures and verdicts" in text and "3 of 4 pairs usable" in text


def test_interference_in_too_many_pairs_leaves_the_verdict_undecided() -> None:
    record = synthetic_session(run_seconds=2.0, repeats=3)
    _busy(record.runs[0])
    (comp,) = build_summary(record).to_json()["comparisons"]
    assert comp["decision"] == "undecided" and comp["reason"] == "too-few-pairs"
    assert comp["verdict"].startswith("not decided: other processes were busy during 1 of 3 pair(s)")


def test_models_of_different_size_get_no_verdict() -> None:
    record = synthetic_session(run_seconds=2.0, repeats=3)
    for run in record.runs:
        run.info["model_parameters"] = 269_322 if run.run_spec.framework == "torch" else 269_312
    (comp,) = build_summary(record).to_json()["comparisons"]
    assert comp["decision"] == "none" and comp["parameters"] == {"torch": 269_322, "tensorflow": 269_312}
    assert comp["verdict"] == "no verdict: the models differ (PyTorch 269,322 parameters, TensorFlow 269,312)"


def test_a_run_whose_wall_clock_disagrees_with_its_median_step_is_flagged() -> None:
    record = synthetic_session(run_seconds=2.0, repeats=3)
    measure = record.runs[1].phase("measure")
    assert measure is not None and measure.end is not None
    measure.end += 0.5 * (measure.end - measure.start)  # a stall the median step does not see
    document = build_summary(record)
    flagged = [r for r in document.to_json()["runs"] if r["wall_flag"]]
    assert [r["run_id"] for r in flagged] == ["r002"] and flagged[0]["wall_gap"] < -0.3
    assert "wall-clock throughput differs from the median-step figure by more than 10 %" in (
        render_summary(document))


def test_graph_verdicts_come_first_with_what_each_side_compiles() -> None:
    config = SessionConfig(modes=("eager", "graph"), repeats=3, max_repeats=3)
    rng = np.random.default_rng(0)
    runs = [synthetic_run(f"r{i + 1:03d}", spec, 1000.0 + 3 * i, 2.0, 0.005, rng)
            for i, spec in enumerate(plan_runs(config))]
    summary = build_summary(SessionRecord(config=config, environment={"cores_available": 2},
                                          runs=runs)).to_json()
    eager, graph = sorted(summary["comparisons"], key=lambda c: c["mode"])
    assert [c["mode"] for c in summary["comparisons"]] == ["graph", "eager"]
    assert graph["coverage"] == {"torch": "model only", "tensorflow": "whole step"}
    assert graph["notes"][0].startswith("graph is not like for like: PyTorch: TorchScript trace")
    assert any("Keras fit()" in note for note in eager["notes"])
    assert eager["decision"] == "equivalent" and eager["verdict"].startswith("no meaningful difference")


def _record_of(config: SessionConfig, ratios: list[float]) -> SessionRecord:
    """Pairs whose TF / PyTorch throughput ratio is each of ``ratios`` (steps of 5 ms for torch)."""
    rng = np.random.default_rng(1)
    runs, start = [], 1000.0
    for index, spec in enumerate(plan_runs(replace(config, repeats=len(ratios)))):
        step = 0.005 if spec.framework == "torch" else 0.005 / ratios[spec.repeat]
        runs.append(synthetic_run(f"r{index + 1:03d}", spec, start, 2.0, step, rng))
        start += 2.2
    return SessionRecord(config=config, environment={"cores_available": 2}, runs=runs)


@pytest.mark.parametrize(("ratios", "added"), [([1.0, 1.3, 0.8], 2), ([1.2, 1.21, 1.19], 0)])
def test_rounds_add_a_pair_to_undecided_configurations_only(ratios: list[float], added: int) -> None:
    config = SessionConfig(modes=("eager",), repeats=3, max_repeats=4)
    record = _record_of(config, ratios)
    planner = RoundPlanner(config, cores=2)
    specs = planner.next_round(record.runs)
    assert len(specs) == added
    if added:
        assert [s.framework for s in specs] == ["tensorflow", "torch"]  # pair 4 runs B A
        assert {s.repeat for s in specs} == {3} and planner.stopped == {}
        assert specs[0].min_time_s >= 1.1  # 10 samples at 10 Hz
    else:
        assert planner.stopped == {("mlp", "train", "eager", "cpu"): PRECISE}
    notes = planner.notes()
    assert notes["configs"][0]["pairs_run"] == 3 and notes["policy"]["max_pairs"] == 4


def test_rounds_stop_at_the_most_pairs_and_at_the_time_budget() -> None:
    noisy = [1.0, 1.3, 0.8, 1.1]
    most = RoundPlanner(SessionConfig(modes=("eager",), repeats=3, max_repeats=4), cores=2)
    assert most.next_round(_record_of(most.config, noisy).runs) == []
    assert most.stopped == {("mlp", "train", "eager", "cpu"): MAX_REPEATS}
    config = SessionConfig(modes=("eager",), repeats=3, max_repeats=10, max_time_s=1.0)
    budget = RoundPlanner(config, cores=2)
    assert budget.next_round(_record_of(config, noisy[:3]).runs) == []
    assert budget.stopped == {("mlp", "train", "eager", "cpu"): TIME_BUDGET}
    assert "time budget" in render_summary(build_summary(replace(
        _record_of(config, noisy[:3]), adaptive=budget.notes())))


def test_gpu_busy_over_too_few_samples_is_not_a_figure() -> None:
    record = synthetic_session(run_seconds=0.4, repeats=3, rate_hz=10.0, gpus=1)
    document = build_summary(record)
    group = document.to_json()["groups"][0]
    assert group["gpu_busy_percent"] is None and group["gpu_busy_too_few_samples"]
    assert "too few samples" in render_summary(document)


def test_a_busy_core_the_run_left_free_is_not_interference() -> None:
    """One thread on 2 cores beside one busy core: measured on the 2-core VM, nothing slowed
    by more than 1 % (docs/deciding.md), so nothing is left out."""
    record = synthetic_session(run_seconds=2.0, repeats=3)
    for run in record.runs:
        run.spec = replace(run.run_spec, threads=1, interop_threads=1)
        set_column(run, "sys_cpu_percent", lambda own: (own + 100.0) / 2)
    summary = build_summary(record).to_json()
    assert all(0.99 <= r["other_load_cores"] <= 1.1 and not r["interfered"] for r in summary["runs"])
    assert summary["comparisons"][0]["decision"] == "faster"
