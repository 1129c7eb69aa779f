"""What one deploy run is: a :class:`~fwprof.config.RunSpec` with a format and a stage.

A deploy run is a built-in run (same framework, workload, threads, batch and seed fields, so
views that show built-in runs show it too) whose ``task`` is ``deploy`` and whose ``mode``
names the artifact format (``onnx``, ``tflite``, ...): a run's ``config_key`` then pairs the two
frameworks on a format, as it pairs them on a mode elsewhere. In snapshots its spec carries
``kind: deploy``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from fwprof.catalog import BUILTIN_WORKLOADS, DEPLOY_TASK, DEVICES, FRAMEWORKS, PRECISIONS
from fwprof.config import ConfigError, RunSpec
from fwprof.deploy_formats import FORMATS, STAGES, formats_for

#: ``kind`` of a deploy run's spec in snapshots.
DEPLOY_SPEC_KIND = "deploy"


@dataclass(frozen=True)
class DeploySpec(RunSpec):
    """One stage of one (framework, workload, format).

    ``batch_size`` is the batch the stage runs: 1 for ``latency``, the throughput batch for the
    others (the export saves reference inputs at batch 1 and at that batch). ``steps`` is the
    number of timed queries (latency) or batches (throughput). ``artifact_dir`` is the folder
    of this format's artifact and reference data, set by the session when the stage starts.
    """

    stage: str = STAGES[0]
    artifact_dir: str = ""

    @property
    def format(self) -> str:
        """The artifact format (kept in ``mode``)."""
        return self.mode

    @property
    def label(self) -> str:
        """E.g. ``torch mlp deploy onnx latency``."""
        return f"{self.framework} {self.workload} {DEPLOY_TASK} {self.format} {self.stage}"

    @property
    def format_key(self) -> tuple[str, str, str, str]:
        """What the stages of one format share: (framework, workload, format, device)."""
        return (self.framework, self.workload, self.format, self.device)

    def resolved(self) -> DeploySpec:
        """The same spec with defaults (0) replaced by concrete values."""
        spec = super().resolved()
        assert isinstance(spec, DeploySpec)
        return spec

    def to_dict(self) -> dict[str, Any]:
        """Plain data for snapshots, marked ``kind: deploy``."""
        return {"kind": DEPLOY_SPEC_KIND, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeploySpec:
        """The spec from :meth:`to_dict`'s data (unknown keys, such as ``kind``, are ignored)."""
        spec = super().from_dict(data)
        assert isinstance(spec, DeploySpec)
        return spec

    def validate(self) -> None:
        """Raise :class:`ConfigError` naming the first bad value."""
        for name, value, allowed in (
            ("framework", self.framework, FRAMEWORKS), ("workload", self.workload, BUILTIN_WORKLOADS),
            ("deploy stage", self.stage, STAGES), ("device", self.device, DEVICES),
            ("precision", self.precision, PRECISIONS),
        ):
            if value not in allowed:
                raise ConfigError(f"unknown {name} {value!r}; choose from {', '.join(allowed)}")
        if self.task != DEPLOY_TASK:
            raise ConfigError(f"a deploy run's task is {DEPLOY_TASK!r}, not {self.task!r}")
        if (self.framework, self.format) not in FORMATS:
            known = ", ".join(f.name for f in formats_for(self.framework))
            raise ConfigError(f"no deploy format {self.format!r} for {self.framework}; choose from {known}")
        for label, number, low in (("batch size", self.batch_size, 0), ("steps", self.steps, 1),
                                   ("warm-up steps", self.warmup, 0), ("threads", self.threads, 0),
                                   ("inter-op threads", self.interop_threads, 0)):
            if not isinstance(number, int) or isinstance(number, bool) or not low <= number <= 10_000_000:
                raise ConfigError(f"{label} {number!r} is out of range")


def is_deploy_spec(data: dict[str, Any]) -> bool:
    """Whether a spec dict from a snapshot describes a deploy run."""
    return data.get("kind") == DEPLOY_SPEC_KIND


def is_deploy_run(spec: object) -> bool:
    """Whether a run's spec is a deploy stage."""
    return isinstance(spec, DeploySpec)
