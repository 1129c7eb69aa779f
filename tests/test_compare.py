"""``fwprof compare`` on synthetic sessions: deltas, CIs, significance and exit status."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from export_records import synthetic_session

from fwprof.cli.main import main
from fwprof.diff import compare_sessions
from fwprof.outputs.snapshot import save_snapshot
from fwprof.results import SessionRecord

BASE_STEPS = {"torch": 0.005, "tensorflow": 0.02}


def _session(scale_torch: float = 1.0, seed: int = 1) -> SessionRecord:
    steps = {"torch": BASE_STEPS["torch"] * scale_torch, "tensorflow": BASE_STEPS["tensorflow"]}
    return synthetic_session(run_seconds=2.0, repeats=2, step_s=steps, seed=seed)


def _save(record: SessionRecord, path: Path) -> str:
    return str(save_snapshot(record, path))


def test_same_configuration_gives_no_significant_change() -> None:
    comparison = compare_sessions(_session(seed=1), _session(seed=2))
    assert [m.name for m in comparison.matches] == [
        "torch mlp train eager (cpu)", "tensorflow mlp train eager (cpu)"]
    tput = comparison.matches[0].metric("throughput")
    assert tput is not None and tput.ci95 is not None
    assert abs(tput.relative or 0) < 0.02 and tput.ci95[0] < 0 < tput.ci95[1]
    assert not tput.significant and not comparison.regressions


def test_slower_steps_are_a_significant_regression() -> None:
    comparison = compare_sessions(_session(), _session(scale_torch=1.25, seed=2))
    torch = comparison.matches[0]
    tput, p50 = torch.metric("throughput"), torch.metric("step_ms_p50")
    assert tput is not None and p50 is not None and tput.ci95 is not None
    assert tput.relative == pytest.approx(1 / 1.25 - 1, abs=0.02)
    assert tput.significant and tput.ci95[1] < 0
    assert p50.relative == pytest.approx(0.25, abs=0.03) and p50.significant
    assert [m.name for m in comparison.regressions] == ["torch mlp train eager (cpu)"]
    assert comparison.matches[1].metric("throughput").significant is False  # type: ignore[union-attr]
    single = torch.metric("peak_rss_bytes")
    assert single is not None and single.ci95 is None and single.significant is None


def test_exit_status_follows_direction_and_threshold(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fast = _save(_session(), tmp_path / "fast.fwprof")
    slow = _save(_session(scale_torch=1.25, seed=2), tmp_path / "slow.fwprof")
    assert main(["compare", fast, slow]) == 1
    out = capsys.readouterr().out
    assert "REGRESSION" in out and "1 throughput regression" in out
    assert main(["compare", slow, fast]) == 0
    assert "better" in capsys.readouterr().out
    assert main(["compare", fast, slow, "--threshold", "30"]) == 0  # a 20 % drop is under 30 %


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fast = _save(_session(), tmp_path / "fast.fwprof")
    slow = _save(_session(scale_torch=1.25, seed=2), tmp_path / "slow.fwprof")
    assert main(["compare", fast, slow, "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "fwprof.diff/1" and doc["threshold_percent"] == 5.0
    assert doc["regressions"] == ["torch mlp train eager (cpu)"]
    metrics = {m["name"]: m for m in doc["matches"][0]["metrics"]}
    assert set(metrics) == {"throughput", "step_ms_p50", "step_ms_p99", "first_step_s",
                            "peak_rss_bytes", "mean_cpu_percent"}
    assert metrics["throughput"]["significant"] is True and len(metrics["throughput"]["ci95_relative"]) == 2


def test_failed_side_unmatched_configs_and_settings_are_reported(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = _session()
    new = _session(seed=2)
    for run in new.runs:
        if run.spec.framework == "tensorflow":
            run.status, run.error = "failed", "out of memory"
    threads = new.runs[0].spec.threads + 1
    new.runs[0].spec = type(new.runs[0].spec)(**{**new.runs[0].spec.to_dict(), "threads": threads})
    extra = synthetic_session(run_seconds=1.0).runs[0]
    extra.spec = type(extra.spec)(**{**extra.spec.to_dict(), "mode": "graph"})
    new.runs.append(extra)
    assert main(["compare", _save(base, tmp_path / "a.fwprof"), _save(new, tmp_path / "b.fwprof")]) == 0
    out = capsys.readouterr().out
    assert "not compared: new: no successful run (failed)" in out
    assert "Only in new: torch mlp train graph (cpu)" in out
    assert "settings differ: threads" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "/nonexistent.fwprof", "{a}"], "cannot read"),
        (["compare", "{a}", "{a}", "--threshold", "-3"], "threshold -3 is out of range"),
        (["compare", "{a}", "{other}"], "no configuration in common"),
    ],
)
def test_bad_input_gets_one_message_and_status_2(tmp_path: Path, args: list[str], message: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    a = _save(_session(), tmp_path / "a.fwprof")
    other_record = _session()
    for run in other_record.runs:
        run.spec = type(run.spec)(**{**run.spec.to_dict(), "workload": "cnn"})
    other = _save(other_record, tmp_path / "o.fwprof")
    assert main([x.format(a=a, other=other) for x in args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bootstrap_is_reproducible() -> None:
    first = compare_sessions(_session(), _session(scale_torch=1.1, seed=2))
    second = compare_sessions(_session(), _session(scale_torch=1.1, seed=2))
    a, b = first.matches[0].metric("step_ms_p99"), second.matches[0].metric("step_ms_p99")
    assert a is not None and b is not None and a.ci95 is not None
    assert a.ci95 == b.ci95 and np.isfinite(a.ci95).all()
