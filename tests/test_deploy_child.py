"""The deploy child's stages in this process, with a fake format: parity, phases, steps."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from deploy_records import deploy_config

from fwprof import protocol
from fwprof.child.emitter import EventEmitter
from fwprof.scenarios.deploy.child.reference import Reference
from fwprof.scenarios.deploy.child.stages import ParityError, load_stage, size_on_disk, timed_stage
from fwprof.scenarios.deploy.formats.base import Array, DeployFormat, Predictor
from fwprof.scenarios.deploy.plan import plan_deploy_runs
from fwprof.specs.deploy import DeploySpec


class FakeFormat(DeployFormat):
    """Answers with the reference outputs plus ``error``; needs no framework."""

    runtime_needs_framework = False

    def __init__(self, reference: Reference, error: float) -> None:
        self._answers = {reference.single.tobytes(): reference.single_out,
                         reference.batch.tobytes(): reference.batch_out}
        self._error = error

    def prepare_export(self) -> dict[str, str]:
        return {}

    def export(self, model: Any, example: Array, artifact: Path) -> None:
        artifact.write_bytes(b"fake")

    def prepare_runtime(self, spec: DeploySpec) -> dict[str, Any]:
        return {"runtime": {"name": "fake"}}

    def load(self, artifact: Path, spec: DeploySpec) -> Predictor:
        return Predictor(prepare=lambda x: x, run=lambda x: self._answers[x.tobytes()] + self._error)


def _stage(tmp_path: Path, stage: str) -> tuple[DeploySpec, Reference, Path]:
    spec = next(s for s in plan_deploy_runs(deploy_config()) if s.stage == stage)
    spec = replace(spec, artifact_dir=str(tmp_path), steps=min(spec.steps, 25), warmup=2)
    rng = np.random.default_rng(0)
    reference = Reference(rng.random((1, 4)), rng.random((1, 2)), rng.random((128, 4)), rng.random((128, 2)))
    reference.save(tmp_path)
    artifact = tmp_path / "artifact" / "model.bin"
    artifact.parent.mkdir()
    artifact.write_bytes(b"x" * 10)
    return spec, reference, artifact


def _events(run: Any) -> list[protocol.Event]:
    read_fd, write_fd = os.pipe()
    try:
        run(EventEmitter(write_fd))
    finally:
        os.close(write_fd)
        with os.fdopen(read_fd, "rb") as pipe:
            data = pipe.read()
    return [protocol.decode(line) for line in data.splitlines() if line.strip()]


def test_load_stage_reports_parity_and_phases(tmp_path: Path) -> None:
    spec, reference, artifact = _stage(tmp_path, "load")
    events = _events(lambda emitter: load_stage(spec, FakeFormat(reference, 1e-7), artifact, emitter))
    phases = [e["phase"] for e in events if e["k"] == "phase_start"]
    assert phases == ["import", "load", "first_inference"]
    (result,) = [e["info"]["parity"] for e in events if e["k"] == "info" and "parity" in e["info"]]
    assert result["ok"] and result["max_abs_diff"] == pytest.approx(1e-7, rel=1e-3)


def test_load_stage_fails_beyond_the_tolerance_but_reports_the_figure(tmp_path: Path) -> None:
    spec, reference, artifact = _stage(tmp_path, "load")
    reported: list[protocol.Event] = []

    def run(emitter: EventEmitter) -> None:
        with pytest.raises(ParityError, match=r"parity check failed: max abs diff 0\.01"):
            load_stage(spec, FakeFormat(reference, 1e-2), artifact, emitter)

    reported = _events(run)
    (result,) = [e["info"]["parity"] for e in reported if e["k"] == "info" and "parity" in e["info"]]
    assert not result["ok"] and result["max_abs_diff"] == pytest.approx(1e-2)


def test_timed_stage_reports_one_step_per_query(tmp_path: Path) -> None:
    spec, reference, artifact = _stage(tmp_path, "throughput")
    events = _events(lambda emitter: timed_stage(spec, FakeFormat(reference, 0.0), artifact, emitter))
    durations = [d for e in events if e["k"] == "steps" for d in e["dur"]]
    assert len(durations) == spec.steps and all(d >= 0 for d in durations)
    assert [e["phase"] for e in events if e["k"] == "phase_start"] == ["import", "load", "warmup", "measure"]
    assert size_on_disk(artifact.parent) == 10
