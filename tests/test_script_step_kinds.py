"""Kinds of script steps (train / eval / predict), backward passes as steps, rounds of optimizers."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from script_helpers import read_events

import fwprof
from fwprof.child.emitter import EventEmitter
from fwprof.launch.queue import apply_event
from fwprof.outputs.snapshot import save_snapshot
from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.protocol import Event
from fwprof.results import RunResult, SessionRecord, StepLog
from fwprof.scenarios.profile.recorder import BACKWARD, ScriptRecorder
from fwprof.scenarios.profile.rounds import OptimizerRounds
from fwprof.scenarios.profile.session import _accept_steps
from fwprof.snapshot import SnapshotError, load_snapshot
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec


@pytest.fixture
def recorder_and_events() -> Iterator[tuple[ScriptRecorder, int]]:
    read_fd, write_fd = os.pipe()
    yield ScriptRecorder(EventEmitter(write_fd), started=10.0, flush_s=60.0), read_fd
    os.close(read_fd)
    os.close(write_fd)


def blocks(events: list[Event]) -> list[tuple[str, str, list[float], list[float]]]:
    return [(e["src"], e["step_kind"], e["end"], e["dur"]) for e in events if e["k"] == "steps"]


def test_steps_carry_their_kind_and_eval_time_is_not_in_the_next_train_step(
        recorder_and_events: tuple[ScriptRecorder, int]) -> None:
    recorder, read_fd = recorder_and_events
    recorder.step("keras", end=11.0)
    recorder.step("keras", end=12.0)
    recorder.step("keras", count=2, end=14.0, kind="eval")  # validation: 2 batches, 1 s each
    recorder.step("keras", end=14.5)
    recorder.step("keras", end=15.0, kind="predict")
    recorder.flush()
    assert blocks(read_events(read_fd)) == [
        ("keras", "train", [11.0, 12.0, 14.5], [1.0, 1.0, 0.5]),
        ("keras", "eval", [13.0, 14.0], [1.0, 1.0]),
        ("keras", "predict", [15.0], [0.5]),
    ]


def test_backward_passes_count_until_another_source_steps(
        recorder_and_events: tuple[ScriptRecorder, int]) -> None:
    recorder, read_fd = recorder_and_events
    recorder.step(BACKWARD, end=11.0)
    recorder.step(BACKWARD, end=12.0)
    recorder.flush()  # these reached the parent: it drops them (see the session test below)
    recorder.step(BACKWARD, end=13.0)
    recorder.step("torch", end=14.0)  # an optimizer stepped: backward passes are not steps
    recorder.step(BACKWARD, end=15.0)
    recorder.step("torch", end=16.0)
    recorder.flush()
    assert blocks(read_events(read_fd)) == [
        (BACKWARD, "train", [11.0, 12.0], [1.0, 1.0]),
        ("torch", "train", [14.0, 16.0], [4.0, 2.0]),  # the first from the script's start
    ]


def test_a_manual_step_of_any_kind_replaces_automatic_steps(
        recorder_and_events: tuple[ScriptRecorder, int]) -> None:
    recorder, read_fd = recorder_and_events
    recorder.step("torch", end=11.0)
    recorder.step("manual", end=12.0, kind="eval")
    recorder.step("torch", end=13.0)
    recorder.step("manual", end=14.0)
    recorder.flush()
    assert blocks(read_events(read_fd)) == [
        ("manual", "eval", [12.0], [2.0]), ("manual", "train", [14.0], [2.0]),
    ]


def test_unknown_kinds_are_rejected_with_or_without_fwprof(
        recorder_and_events: tuple[ScriptRecorder, int]) -> None:
    recorder, _ = recorder_and_events
    with pytest.raises(ValueError, match="unknown kind of step 'test'"):
        recorder.step("manual", kind="test")
    assert not fwprof.is_profiling()
    with pytest.raises(ValueError, match=r"fwprof.step\(kind='validation'\): kind must be one of "
                                         r"'train', 'eval', 'predict'"):
        fwprof.step(kind="validation")
    fwprof.step(kind="eval")  # a known kind without fwprof: nothing happens


@pytest.mark.parametrize(("order", "steps"), [
    ("AAAA", [1, 1, 1, 1]),  # one optimizer: every update
    ("DGDGDG", [1, 0, 1, 0, 1, 0]),  # a GAN: one step per iteration
    ("GDGD", [1, 0, 1, 0]),
    ("ABCABC", [1, 0, 0, 1, 0, 0]),
    ("DDGDDG", [1, 1, 0, 1, 1, 0]),  # a critic stepped twice per round: two steps (documented)
    ("AAABBB", [1, 1, 1, 0, 1, 1]),  # a second training stage with a new optimizer
])
def test_optimizer_rounds(order: str, steps: list[int]) -> None:
    rounds = OptimizerRounds()
    optimizers = {name: object() for name in set(order)}
    assert [int(rounds.is_step(optimizers[name])) for name in order] == steps


def script_run() -> RunResult:
    return RunResult(run_id="r001", spec=ScriptSpec(script="train.py", python="/py", cwd="/w"),
                     status="ok", exit_code=0, started_at=9.0, ended_at=40.0)


def steps_event(src: str, ends: list[float], kind: str | None = None) -> Event:
    event: Event = {"v": 1, "k": "steps", "t": ends[-1], "end": ends, "dur": [1.0] * len(ends),
                    "src": src}
    if kind is not None:
        event["step_kind"] = kind
    return event


def receive(run: RunResult, event: Event) -> None:
    if _accept_steps(run, event):
        apply_event(run, event)


def test_the_parent_drops_backward_passes_once_an_optimizer_steps() -> None:
    run = script_run()
    receive(run, steps_event(BACKWARD, [11.0, 12.0]))
    assert len(run.steps) == 2 and run.info["step_source"] == "backward"
    receive(run, steps_event("torch", [14.0]))
    receive(run, steps_event(BACKWARD, [15.0]))
    assert run.step_ends.tolist() == [14.0] and run.info["step_sources"] == ["torch"]
    assert run.info["step_source"] == "auto"


def test_the_parent_keeps_kinds_apart_and_reads_old_blocks_as_train() -> None:
    run = script_run()
    receive(run, steps_event("keras", [11.0, 12.0]))  # an event of an older fwprof: no kind
    receive(run, steps_event("keras", [13.0, 14.0, 15.0], "eval"))
    receive(run, steps_event("keras", [16.0], "predict"))
    assert len(run.steps) == 2
    assert {kind: len(log) for kind, log in run.other_steps.items()} == {"eval": 3, "predict": 1}
    receive(run, steps_event("manual", [20.0]))  # fwprof.step(): automatic steps are dropped
    assert len(run.steps) == 1 and run.other_steps == {}


def kinds_record() -> SessionRecord:
    """Train steps 1 s apart with 10 s of validation (5 eval steps) between the 3rd and 4th, then
    3 predict steps."""
    run = script_run()
    train_ends = np.array([10.0, 11.0, 12.0, 23.0, 24.0])
    run.steps = StepLog(train_ends, np.array([1.0, 1.0, 1.0, 1.0, 1.0]))
    eval_ends = 12.0 + 2.0 * np.arange(1, 6)
    run.other_steps = {"eval": StepLog(eval_ends, np.full(5, 2.0)),
                       "predict": StepLog(np.array([29.0, 29.5, 30.0]), np.array([5.0, 0.5, 0.5]))}
    run.info = {"step_sources": ["keras"], "step_source": "auto"}
    return SessionRecord(config=ScriptSessionConfig(), runs=[run], status="finished",
                         created="2026-12-04T00:00:00+00:00")


def test_the_headline_is_training_only_and_eval_steps_are_shown_apart() -> None:
    summary = build_summary(kinds_record())
    (script,) = summary.profile.scripts
    assert script.steps == 5
    assert script.steps_per_s == pytest.approx(4 / 4.0)  # 14 s from first to last, 10 in eval
    assert script.other_steps["eval"].steps == 5
    assert script.other_steps["eval"].steps_per_s == pytest.approx(0.5)  # first left out
    assert script.other_steps["eval"].first_step_s == pytest.approx(2.0)
    assert script.other_steps["predict"].to_json() == {
        "steps": 3, "first_step_s": 5.0, "steps_per_s": 2.0,  # the first (tracing) left out
        "step_ms": {"p50": 500.0, "p90": 500.0, "p99": 500.0, "mean": 500.0}}
    assert script.step_marker is None
    text = render_summary(summary)
    assert "5 train (keras); 1 steps/s" in text
    assert "other      eval 5 (0.5 steps/s, p50 2,000 ms); predict 3 (2 steps/s, p50 500 ms)" in text


def test_backward_passes_are_named_in_the_result() -> None:
    record = kinds_record()
    record.runs[0].info = {"step_sources": [BACKWARD], "step_source": "backward"}
    (script,) = build_summary(record).profile.scripts
    assert script.step_marker == "backward passes"
    assert "5 train = backward passes (torch-backward)" in render_summary(build_summary(record))


def test_snapshots_keep_kinds_and_old_snapshots_load_as_train(tmp_path: Path) -> None:
    record = kinds_record()
    loaded = load_snapshot(save_snapshot(record, tmp_path / "k.fwprof"))
    before, after = record.runs[0].other_steps["eval"], loaded.runs[0].other_steps["eval"]
    assert after.ends.tolist() == before.ends.tolist()
    assert (build_summary(loaded).profile.to_json()["scripts"]
            == json.loads(json.dumps(build_summary(record).profile.to_json()["scripts"])))
    document = json.loads(gzip.decompress((tmp_path / "k.fwprof").read_bytes()))
    del document["runs"][0]["other_steps"]  # as written before steps had kinds
    (tmp_path / "old.fwprof").write_bytes(gzip.compress(json.dumps(document).encode()))
    old = load_snapshot(tmp_path / "old.fwprof")
    assert len(old.runs[0].steps) == 5 and old.runs[0].other_steps == {}
    document["runs"][0]["other_steps"] = {"train": document["runs"][0]["steps"]}
    (tmp_path / "bad.fwprof").write_bytes(gzip.compress(json.dumps(document).encode()))
    with pytest.raises(SnapshotError, match=r"runs\[0\].other_steps: 'train' is not a kind of step"):
        load_snapshot(tmp_path / "bad.fwprof")
