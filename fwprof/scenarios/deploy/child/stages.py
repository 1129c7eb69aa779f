"""The four stages of a deploy run, each in its own child process.

Phases (reported as ``phase_start`` / ``phase_end``): every stage starts with ``import`` (the
framework where the stage needs it, and the exporter or runtime); ``export`` adds ``build``
(eager model and reference data) and ``export``; ``load`` adds ``load`` and
``first_inference``; ``latency`` and ``throughput`` add ``load``, ``warmup`` and ``measure``,
where each query is one step. ``info`` events carry versions, the artifact's size and
warnings, and the parity check.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fwprof.child.backend import load_backend
from fwprof.child.emitter import EventEmitter, StepRecorder
from fwprof.child.loop import measure_steps
from fwprof.deploy_formats import format_info
from fwprof.scenarios.deploy.child.capture import WarningCapture
from fwprof.scenarios.deploy.child.eager import build_eager
from fwprof.scenarios.deploy.child.reference import Reference, parity
from fwprof.scenarios.deploy.formats import load_format
from fwprof.scenarios.deploy.formats.base import DeployFormat
from fwprof.specs.deploy import DeploySpec

ARTIFACT_FOLDER = "artifact"
Stage = Callable[[DeploySpec, DeployFormat, Path, EventEmitter], None]


class ParityError(RuntimeError):
    """The artifact's outputs differ from the eager model's beyond the tolerance."""


def run_stage(spec: DeploySpec, emitter: EventEmitter) -> None:
    """Run the stage of ``spec``, then report ``done``."""
    emitter.emit("hello", pid=os.getpid(), framework=spec.framework, python=sys.version.split()[0])
    folder = Path(spec.artifact_dir)
    if not folder.is_dir():
        raise RuntimeError(f"the artifact folder {folder} does not exist")
    artifact = folder / ARTIFACT_FOLDER / format_info(spec.framework, spec.format).artifact
    STAGE_FUNCTIONS[spec.stage](spec, load_format(spec.framework, spec.format), artifact, emitter)
    emitter.emit("done")


def export_stage(spec: DeploySpec, fmt: DeployFormat, artifact: Path, emitter: EventEmitter) -> None:
    """Eager model and reference data, then the export: time, size on disk, warnings."""
    with emitter.phase("import"):
        framework = load_backend(spec.framework).configure(spec)
        versions = fmt.prepare_export()
    emitter.emit("info", info=framework)
    emitter.emit("info", info={"exporter": versions})
    with emitter.phase("build"):
        eager = build_eager(spec)
        eager.reference.save(artifact.parent.parent)
    artifact.parent.mkdir(exist_ok=True)
    capture = WarningCapture()
    try:
        with emitter.phase("export"), capture:
            fmt.export(eager.model, eager.reference.example, artifact)
    finally:
        emitter.emit("info", info={"warnings": capture.warnings, "warning_count": capture.count})
    emitter.emit("info", info={"artifact_bytes": size_on_disk(artifact.parent),
                               "artifact_files": sorted(p.name for p in artifact.parent.iterdir())})


def load_stage(spec: DeploySpec, fmt: DeployFormat, artifact: Path, emitter: EventEmitter) -> None:
    """Load the artifact, answer a first query, and check both batches against the eager model."""
    _import_runtime(spec, fmt, emitter)
    reference = Reference.load(artifact.parent.parent)
    with emitter.phase("load"):
        predictor = fmt.load(artifact, spec)
    with emitter.phase("first_inference"):
        single = predictor.run(predictor.prepare(reference.single))
    batch = predictor.run(predictor.prepare(reference.batch))
    result = parity([(reference.single_out, single), (reference.batch_out, batch)])
    emitter.emit("info", info={"parity": {**result, "against": f"eager {spec.framework}"}})
    if not result["ok"]:
        detail = result["problem"] or (f"max abs diff {result['max_abs_diff']:.3g} is "
                                       f"{result['max_rel_diff']:.3g} of max |output|")
        raise ParityError(f"parity check failed: {detail} (tolerance {result['tolerance_rel']:g} relative)")


def timed_stage(spec: DeploySpec, fmt: DeployFormat, artifact: Path, emitter: EventEmitter) -> None:
    """Latency (batch 1) or throughput (the throughput batch): warm up, then time each query."""
    _import_runtime(spec, fmt, emitter)
    reference = Reference.load(artifact.parent.parent)
    inputs = reference.single if spec.stage == "latency" else reference.batch
    if len(inputs) != spec.batch_size:
        raise RuntimeError(f"the reference batch has {len(inputs)} rows, the stage wants {spec.batch_size}")
    with emitter.phase("load"):
        predictor = fmt.load(artifact, spec)
        prepared = predictor.prepare(inputs)

    def query() -> None:
        predictor.run(prepared)

    with emitter.phase("warmup"):
        for _ in range(spec.warmup):
            query()
    with emitter.phase("measure"):
        measure_steps(query, spec.steps, StepRecorder(emitter))


def _import_runtime(spec: DeploySpec, fmt: DeployFormat, emitter: EventEmitter) -> None:
    infos: list[dict[str, Any]] = []
    with emitter.phase("import"):
        if fmt.runtime_needs_framework:
            infos.append(load_backend(spec.framework).configure(spec))
        infos.append(fmt.prepare_runtime(spec))
    for info in infos:
        emitter.emit("info", info=info)


def size_on_disk(path: Path) -> int:
    """Bytes of a file, or of every file under a folder."""
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


STAGE_FUNCTIONS: dict[str, Stage] = {
    "export": export_stage, "load": load_stage, "latency": timed_stage, "throughput": timed_stage,
}
