"""Snapshot files: round trip, atomic writes, and clear errors for bad files."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import numpy as np
import pytest

from fwprof.config import SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.snapshot import SnapshotError, load_snapshot


def make_record(steps: int = 50) -> SessionRecord:
    config = SessionConfig(repeats=1, max_repeats=1, modes=("eager",))
    rng = np.random.default_rng(1)
    runs = []
    for index, spec in enumerate(plan_runs(config)):
        durations = 0.01 * (1 + index) * (1 + 0.02 * rng.standard_normal(steps))
        ends = 100.0 + np.cumsum(durations)
        runs.append(RunResult(
            run_id=f"r{index + 1:03d}", spec=spec, status="ok", exit_code=0,
            phases=[PhaseSpan("import", 99.0, 99.5), PhaseSpan("measure", 100.0, float(ends[-1]))],
            steps=StepLog(ends, durations), info={"version": "x"}, counters={"traces": 1},
            resources={"peak_rss_bytes": 1e8, "gpu": {"available": False, "reason": "no NVML"}},
            series={"t": [1.0, 2.0], "cpu_percent": [50.0, float("nan")]},
        ))
    return SessionRecord(config=config, environment={"cpu_model": "test"}, runs=runs,
                         created="2026-11-26T00:00:00+00:00", status="finished")


def test_round_trip_reproduces_the_summary(tmp_path: Path) -> None:
    record = make_record()
    path = save_snapshot(record, tmp_path / "s.fwprof")
    loaded = load_snapshot(path)
    assert build_summary(loaded).to_json() == json.loads(json.dumps(build_summary(record).to_json()))
    assert np.array_equal(loaded.runs[1].step_durations, record.runs[1].step_durations)
    assert loaded.runs[0].phases == record.runs[0].phases
    assert loaded.runs[0].series["cpu_percent"] == [50.0, None]  # NaN stored as null


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "s.fwprof"
    target.write_bytes(b"old")
    save_snapshot(make_record(), target)
    assert target.read_bytes()[:2] == b"\x1f\x8b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.fwprof"]


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(SnapshotError, match="cannot write"):
            save_snapshot(make_record(), folder / "s.fwprof")
    finally:
        folder.chmod(0o700)


def _write_doc(path: Path, doc: object) -> Path:
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    return path


def _valid_doc(tmp_path: Path) -> dict:
    save_snapshot(make_record(), tmp_path / "good.fwprof")
    return json.loads(gzip.decompress((tmp_path / "good.fwprof").read_bytes()))


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=99), "newer than this fwprof reads"),
        (lambda d: d.update(version="1"), "not a number"),
        (lambda d: d.update(format="other"), "not an fwprof snapshot"),
        (lambda d: d.update(runs={}), "runs: expected list"),
        (lambda d: d["runs"][0].update(status="exploded"), "unknown status 'exploded'"),
        (lambda d: d["runs"][0]["spec"].update(workload="resnet"), r"runs\[0\].spec: unknown workload"),
        (lambda d: d["runs"][0]["steps"]["dur"].update(n=3), r"runs\[0\].steps.dur: .* bytes do not hold"),
        (lambda d: d["runs"][0]["steps"]["dur"].update(dtype="|O"), "dtype '|O' is not allowed"),
        (lambda d: d["runs"][0].update(phases=[["x", "a", None]]), r"phases\[0\]"),
        (lambda d: d["config"].update(steps=-5), "config: steps -5"),
    ],
)
def test_invalid_documents_name_the_problem(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    doc = _valid_doc(tmp_path)
    mutate(doc)
    with pytest.raises(SnapshotError, match=message):
        load_snapshot(_write_doc(tmp_path / "bad.fwprof", doc))


def test_damaged_files_give_clear_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.fwprof"
    save_snapshot(make_record(), good)
    truncated = tmp_path / "t.fwprof"
    truncated.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(SnapshotError, match="damaged or truncated"):
        load_snapshot(truncated)
    plain = tmp_path / "p.fwprof"
    plain.write_text("{}")
    with pytest.raises(SnapshotError, match="not a gzip"):
        load_snapshot(plain)
    nan = tmp_path / "n.fwprof"
    nan.write_bytes(gzip.compress(b'{"format": NaN}'))
    with pytest.raises(SnapshotError, match="NaN"):
        load_snapshot(nan)
    deep = tmp_path / "d.fwprof"
    deep.write_bytes(gzip.compress(b"[" * 100_000 + b"]" * 100_000))
    with pytest.raises(SnapshotError, match="invalid snapshot"):
        load_snapshot(deep)
    with pytest.raises(SnapshotError, match="cannot read"):
        load_snapshot(tmp_path / "missing.fwprof")


def test_decompression_bomb_is_refused_without_reading_it_all(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import fwprof.snapshot.io as snapshot_io

    monkeypatch.setattr(snapshot_io, "MAX_UNCOMPRESSED_BYTES", 10 << 20)
    bomb = tmp_path / "bomb.fwprof"
    with gzip.open(bomb, "wb") as handle:
        for _ in range(20):
            handle.write(b" " * (1 << 20))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(SnapshotError, match="decompresses to more than 10 MiB"):
        load_snapshot(bomb)
