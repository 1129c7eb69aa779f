"""Recommendation rules firing on real runs: each session here is small (one repeat, few steps)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace

import pytest

from fwprof.config import SMALL_MACHINE_CORES, SessionConfig, available_cores
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import SessionRecord
from fwprof.scenarios.registry import builtin_session

pytestmark = pytest.mark.slow
pytest.importorskip("torch")
pytest.importorskip("tensorflow")

#: Short measure phases (100 Hz sampling, not slowed while measuring: 10 samples in 0.11 s),
#: so tracing outlasts measuring.
MLP = SessionConfig(workloads=("mlp",), repeats=1, max_repeats=1, warmup=3, threads=2, sample_rate_hz=100.0,
                    busy_measure_rate_hz=0.0, min_time_s=0.0, warmup_max_s=0.0)


def run_session(config: SessionConfig) -> SessionRecord:
    record = builtin_session(config).run()
    assert all(run.status == "ok" for run in record.runs), [(r.spec.label, r.error) for r in record.runs]
    return record


def fired(record: SessionRecord, rule: str) -> list[dict[str, str]]:
    return [f for f in build_summary(record).to_json()["recommendations"] if f["rule"] == rule]


@pytest.fixture(scope="module")
def tf_eager_and_graph() -> SessionRecord:
    return run_session(replace(MLP, frameworks=("tensorflow",), modes=("eager", "graph"), steps=40))


@pytest.fixture(scope="module")
def torch_oversubscribed() -> SessionRecord:
    return run_session(replace(MLP, frameworks=("torch",), modes=("eager",), steps=60,
                               threads=available_cores() + 2))


def test_tf_eager_is_slower_than_tf_function(tf_eager_and_graph: SessionRecord) -> None:
    (finding,) = fired(tf_eager_and_graph, "eager-slower")
    assert finding["title"].startswith("TensorFlow eager is") and "tf.function" in finding["title"]


def test_one_process_per_configuration_is_too_few(tf_eager_and_graph: SessionRecord) -> None:
    (finding,) = fired(tf_eager_and_graph, "few-repeats")
    assert finding["title"] == "only 1 fresh process(es) per configuration"


def test_tracing_takes_longer_than_a_short_measurement(tf_eager_and_graph: SessionRecord) -> None:
    scopes = [f["scope"] for f in fired(tf_eager_and_graph, "compile-exceeds-measure")]
    assert "mlp train graph (cpu), TensorFlow" in scopes


def test_torch_compile_takes_longer_than_the_measured_steps() -> None:
    record = run_session(replace(MLP, frameworks=("torch",), modes=("compiled",), steps=20, warmup=2))
    (finding,) = fired(record, "compile-exceeds-measure")
    assert finding["title"].startswith("torch.compile (Inductor) took longer to compile")
    assert "cold cache" in finding["evidence"]


def test_threads_above_the_cores_are_oversubscribed(torch_oversubscribed: SessionRecord) -> None:
    (finding,) = fired(torch_oversubscribed, "threads-oversubscribed")
    assert finding["title"] == f"{available_cores() + 2} threads on {available_cores()} cores: oversubscribed"


def test_runs_with_unequal_threads_are_flagged(tf_eager_and_graph: SessionRecord,
                                               torch_oversubscribed: SessionRecord) -> None:
    tf_eager = [r for r in tf_eager_and_graph.runs if r.run_spec.mode == "eager"]
    merged = SessionRecord(config=replace(MLP, modes=("eager",)), environment=tf_eager_and_graph.environment,
                           runs=[*torch_oversubscribed.runs, *tf_eager], status="finished")
    (finding,) = fired(merged, "threads-unequal")
    assert f"PyTorch {available_cores() + 2} intra-op" in finding["evidence"]
    assert "TensorFlow 2 intra-op" in finding["evidence"]


@pytest.fixture
def cpu_hogs() -> Iterator[list[subprocess.Popen[bytes]]]:
    """One busy process per core, ended by pid afterwards."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(available_cores())]
    try:
        yield hogs
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait(10)


def test_other_busy_processes_are_named_as_interference(cpu_hogs: list[subprocess.Popen[bytes]]) -> None:
    record = run_session(replace(MLP, frameworks=("torch",), modes=("eager",), steps=150))
    (finding,) = fired(record, "noisy-interference")
    assert "other processes used up to" in finding["evidence"], finding
    assert "Close or pause the other work" in finding["advice"]


def test_a_verdict_made_while_other_processes_are_busy_says_so(
        cpu_hogs: list[subprocess.Popen[bytes]]) -> None:
    """Every pair used every core beside a CPU-bound process per core (PyTorch ran up to 88x
    slower so on the 2-core VM): each run is marked, its pair left out, and the verdict is 'not
    decided' because of interference, whatever the ratio looked like."""
    config = replace(MLP, modes=("graph",), repeats=3, max_repeats=3, steps=5,
                     threads=available_cores())
    document = build_summary(run_session(config))
    summary = document.to_json()
    assert all(run["interfered"] and run["other_load_cores"] >= 0.5 for run in summary["runs"])
    (comparison,) = summary["comparisons"]
    assert comparison["decision"] == "none" and comparison["left_out"] == {"interference": 3}
    assert comparison["verdict"].startswith("not decided: other processes were busy during 3 of 3")
    text = render_summary(document)
    assert "left out of the figures and verdicts: other processes used up to" in text


def test_one_busy_process_gives_the_same_verdict_or_says_interference() -> None:
    """mlp train eager (PyTorch ~7x faster here), quiet and then beside one CPU-bound process.
    With the default threads a machine of 2-4 cores leaves a core free: the busy process takes
    it, nothing is marked and the verdict stands; on a larger machine the runs use every core,
    so they are marked and the verdict says it could not decide."""
    config = replace(MLP, modes=("eager",), repeats=3, max_repeats=3, steps=10, threads=0)
    quiet = build_summary(run_session(config)).to_json()["comparisons"][0]
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy_summary = build_summary(run_session(config)).to_json()
    finally:
        hog.kill()
        hog.wait(10)
    busy = busy_summary["comparisons"][0]
    assert quiet["decision"] == "faster" and quiet["winner"] == "torch", quiet["verdict"]
    if available_cores() <= SMALL_MACHINE_CORES:
        assert not any(run["interfered"] for run in busy_summary["runs"])
    if any(run["interfered"] for run in busy_summary["runs"]):
        assert busy["verdict"].startswith("not decided: other processes were busy")
    else:
        assert (busy["decision"], busy["winner"]) == (quiet["decision"], quiet["winner"]), busy["verdict"]
