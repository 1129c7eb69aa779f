"""Script runs in snapshots, the summary and the text report."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from fwprof.config import ConfigError
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.scenarios.profile.section import ProfileSection
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec

TRACEBACK = 'Traceback (most recent call last):\n  File "boom.py", line 3, in <module>\nValueError: boom\n'


def script_record() -> SessionRecord:
    ends = 100.0 + np.cumsum(np.full(40, 0.05))
    durations = np.diff(ends, prepend=99.0)
    ok = RunResult(
        run_id="r001", spec=ScriptSpec(script="train.py", args=("--epochs", "2"), python="/py",
                                       cwd="/w", env=(("A", "1"),)),
        status="ok", exit_code=0, pid=11, started_at=99.0, ended_at=102.5,
        phases=[PhaseSpan("import torch", 99.1, 99.8), PhaseSpan("eval", 101.0, 101.2)],
        steps=StepLog(ends, durations), info={"frameworks": {"torch": {"version": "2.13.0"}},
                                              "step_sources": ["torch"], "step_source": "auto"},
        resources={"cpu_percent_mean": 90.0, "rss_bytes_peak": 3e8},
    )
    failed = RunResult(
        run_id="r002", spec=ScriptSpec(module="pkg.boom"), status="failed", exit_code=1,
        error="ValueError: boom", started_at=103.0, ended_at=104.0,
        events=[{"v": 1, "k": "error", "t": 103.5, "message": "ValueError: boom",
                 "traceback": TRACEBACK}],
    )
    attached = RunResult(run_id="r003", spec=ScriptSpec(pid=4242), status="ok", pid=4242,
                         info={"attached": {"name": "python", "cmdline": ["python", "x.py"]}})
    return SessionRecord(config=ScriptSessionConfig(sample_rate_hz=20.0),
                         environment={"cpu_model": "test"}, runs=[ok, failed, attached],
                         created="2026-11-26T00:00:00+00:00", status="finished")


def test_script_session_round_trips_as_schema_version_2(tmp_path: Path) -> None:
    record = script_record()
    path = save_snapshot(record, tmp_path / "s.fwprof")
    assert json.loads(gzip.decompress(path.read_bytes()))["version"] == 2
    loaded = load_snapshot(path)
    assert [run.spec for run in loaded.runs] == [run.spec for run in record.runs]
    assert loaded.config == record.config
    assert build_summary(loaded).to_json() == json.loads(json.dumps(build_summary(record).to_json()))


def test_summary_of_script_runs(tmp_path: Path) -> None:
    scripts = build_summary(script_record()).to_json()["scripts"]
    ok, failed, attached = scripts
    assert ok["steps"] == 40 and ok["first_step_s"] == pytest.approx(1.05)
    assert ok["steps_per_s"] == pytest.approx(20.0)
    assert ok["step_ms"]["p50"] == pytest.approx(50.0)
    assert ok["argv"] == ["train.py", "--epochs", "2"] and ok["frameworks"]["torch"]["version"]
    assert sum(ok["step_rate"]["steps_per_s"]) > 0
    assert failed["traceback"] == TRACEBACK and failed["label"] == "-m pkg.boom"
    assert attached["kind"] == "attach" and attached["steps"] == 0


def test_the_typed_section_reads_back_from_its_json() -> None:
    section = build_summary(script_record()).profile
    stored = json.loads(json.dumps(section.to_json()))
    assert ProfileSection.from_json(stored) == section
    assert ProfileSection.from_json(stored).to_json() == stored
    old = {"scripts": [{"run_id": "r001", "label": "a.py", "status": "ok", "steps": 3}]}
    (row,) = ProfileSection.from_json(old).scripts  # an older document: missing keys as defaults
    assert row.command == "a.py" and row.step_ms is None and row.phases == () and row.other_steps == {}
    assert ProfileSection.from_json(old).comparisons == () and ProfileSection().has_runs() is False


def test_table_shows_scripts_with_their_errors() -> None:
    text = render_summary(build_summary(script_record()))
    assert "train.py --epochs 2: ok, exit 0" in text
    assert "40 train (torch); 20 steps/s" in text and "import torch 0.70 s; eval 0.20 s" in text
    assert "ValueError: boom" in text and 'File "boom.py", line 3' in text
    assert "attached   python x.py" in text
    assert "Verdict" not in text  # no comparison table for a session of scripts


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["runs"][0]["spec"].update(pid=5), r"runs\[0\].spec: .*exactly one of"),
        (lambda d: d["runs"][1]["spec"].update(module="no such"), "is not a module name"),
        (lambda d: d["runs"][0]["spec"].update(env=[["A"]]), "not a \\[name, value\\] pair"),
        (lambda d: d["config"].update(sample_rate_hz=1000), "config: sample rate 1000"),
    ],
)
def test_invalid_script_documents_name_the_problem(tmp_path: Path, mutate, message: str) -> None:  # type: ignore[no-untyped-def]
    save_snapshot(script_record(), tmp_path / "good.fwprof")
    doc = json.loads(gzip.decompress((tmp_path / "good.fwprof").read_bytes()))
    mutate(doc)
    bad = tmp_path / "bad.fwprof"
    bad.write_bytes(gzip.compress(json.dumps(doc).encode()))
    with pytest.raises(SnapshotError, match=message):
        load_snapshot(bad)


def test_script_spec_checks_and_labels() -> None:
    assert ScriptSpec(script="a/b/train.py").label == "train.py"
    assert ScriptSpec(module="pkg.main", args=("-v",)).argv == ["-m", "pkg.main", "-v"]
    assert ScriptSpec(pid=7, name="server").label == "server"
    for bad in (ScriptSpec(), ScriptSpec(script="x.py", pid=3), ScriptSpec(module="1x"),
                ScriptSpec(script="x.py", env=(("A=B", "1"),))):
        with pytest.raises(ConfigError):
            bad.validate()
