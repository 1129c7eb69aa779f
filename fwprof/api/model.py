"""The typed objects of the Python API: a :class:`Session` of :class:`Run` objects, its
:class:`Verdict` objects and its :class:`Environment`.

They are frozen views over a :class:`~fwprof.results.SessionRecord` (what a snapshot holds) and
its summary document (:func:`fwprof.outputs.summary.build_summary`); step times and samples come
as pandas DataFrames from :meth:`Run.steps`, :meth:`Run.samples`, :meth:`Session.steps` and
:meth:`Session.samples` (columns in :mod:`fwprof.api.frames`; pandas is imported only there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from fwprof.config import RunSpec
from fwprof.export.timeline import SCRIPT, run_framework, run_label, session_origin
from fwprof.results import RunResult, SessionRecord

if TYPE_CHECKING:
    import pandas as pd


def _frozen(mapping: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """A read-only view of ``mapping`` (the objects stay immutable from outside)."""
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Run:
    """One run of a session: a built-in (framework, workload, task, mode) or a script.

    ``framework`` is ``"torch"`` or ``"tensorflow"`` for built-in runs and ``"script"`` for a
    user's script (``fwprof profile``) or a :func:`fwprof.sample` block; ``workload``, ``task``
    and ``mode`` are None for those. ``info`` is what the run's child reported (versions,
    threads, precision, ...). ``step_count`` counts training steps (:meth:`steps` also has the
    evaluation and prediction batches of scripts). ``result`` is the underlying
    :class:`~fwprof.results.RunResult`.
    """

    run_id: str
    framework: str
    workload: str | None
    task: str | None
    mode: str | None
    scenario: str
    status: str
    label: str
    error: str | None
    info: Mapping[str, Any] = field(repr=False)
    step_count: int
    origin: float = field(repr=False)
    result: RunResult = field(repr=False, compare=False)

    @classmethod
    def from_result(cls, result: RunResult, origin: float) -> Run:
        """The typed view of ``result``; times are counted from ``origin`` (session start)."""
        spec = result.spec if isinstance(result.spec, RunSpec) else None
        return cls(
            run_id=result.run_id, framework=run_framework(result),
            workload=spec.workload if spec else None, task=spec.task if spec else None,
            mode=spec.mode if spec else None, scenario=result.scenario, status=result.status,
            label=run_label(result), error=result.error, info=_frozen(result.info),
            step_count=len(result.steps), origin=origin, result=result,
        )

    @property
    def is_script(self) -> bool:
        """True for a user's script or a :func:`fwprof.sample` block."""
        return self.framework == SCRIPT

    def steps(self) -> pd.DataFrame:
        """Measured steps, one row each (columns: :data:`fwprof.api.frames.STEP_COLUMNS`)."""
        from fwprof.api.frames import steps_frame

        return steps_frame([self])

    def samples(self) -> pd.DataFrame:
        """Sampled resources, one row per sample, one column per metric
        (:func:`fwprof.api.frames.samples_frame`)."""
        from fwprof.api.frames import samples_frame

        return samples_frame([self])

    def _repr_html_(self) -> str:
        from fwprof.api.display import run_html

        return run_html(self)


@dataclass(frozen=True)
class Verdict:
    """The comparison of PyTorch and TensorFlow on one configuration.

    ``ratio``: TensorFlow's throughput over PyTorch's (the summary's convention); ``ci95``: its
    95 % interval; ``decision``: ``faster``, ``equivalent``, ``undecided``, ...; ``winner``: the
    faster framework or None; ``text``: the verdict in words, as the report prints it.
    """

    workload: str
    task: str
    mode: str
    device: str
    precision: str
    decision: str
    winner: str | None
    ratio: float | None
    ci95: tuple[float, float] | None
    pairs: int
    text: str
    notes: tuple[str, ...] = ()

    @classmethod
    def from_summary(cls, entry: Mapping[str, Any]) -> Verdict:
        """One entry of the summary's ``comparisons`` list."""
        ci = entry.get("ci95")
        ratio = entry.get("ratio")
        return cls(
            workload=str(entry.get("workload", "")), task=str(entry.get("task", "")),
            mode=str(entry.get("mode", "")), device=str(entry.get("device", "")),
            precision=str(entry.get("precision", "")), decision=str(entry.get("decision", "")),
            winner=entry.get("winner"), ratio=float(ratio) if ratio is not None else None,
            ci95=(float(ci[0]), float(ci[1])) if ci and None not in ci[:2] else None,
            pairs=int(entry.get("pairs") or 0), text=str(entry.get("verdict", "")),
            notes=tuple(str(n) for n in entry.get("notes") or ()),
        )


@dataclass(frozen=True)
class Environment:
    """Where the session ran (``raw`` holds everything recorded, e.g. env vars and GPUs)."""

    cpu_model: str | None
    cores_logical: int | None
    memory_total_bytes: int | None
    os: str | None
    python: str | None
    frameworks: Mapping[str, str | None]
    gpus: tuple[str, ...]
    raw: Mapping[str, Any] = field(repr=False)

    @classmethod
    def from_record(cls, environment: Mapping[str, Any]) -> Environment:
        """From a record's ``environment`` dict (keys missing in older snapshots read as None)."""
        gpu = environment.get("gpu") if isinstance(environment.get("gpu"), Mapping) else {}
        assert isinstance(gpu, Mapping)
        devices = gpu.get("devices") or []
        return cls(
            cpu_model=environment.get("cpu_model"), cores_logical=environment.get("cores_logical"),
            memory_total_bytes=environment.get("memory_total_bytes"), os=environment.get("os"),
            python=environment.get("python"), frameworks=_frozen(environment.get("installed")),
            gpus=tuple(str(d.get("name", d)) if isinstance(d, Mapping) else str(d) for d in devices),
            raw=_frozen(environment),
        )


@dataclass(frozen=True)
class Session:
    """A recorded session: its runs, the verdicts and where it ran.

    ``summary`` is the summary document (:func:`fwprof.outputs.summary.build_summary`) exactly
    as the reports use it; ``record`` the underlying :class:`~fwprof.results.SessionRecord`.
    """

    path: Path | None
    created: str
    status: str
    runs: tuple[Run, ...]
    verdicts: tuple[Verdict, ...]
    environment: Environment
    summary: Mapping[str, Any] = field(repr=False, compare=False)
    record: SessionRecord = field(repr=False, compare=False)

    @classmethod
    def from_record(cls, record: SessionRecord, path: Path | None = None) -> Session:
        """The typed view of a recorded session (the summary is built here)."""
        from fwprof.outputs.summary import build_summary

        summary = build_summary(record).to_json()
        origin = session_origin(record)
        return cls(
            path=path, created=record.created, status=record.status,
            runs=tuple(Run.from_result(run, origin) for run in record.runs),
            verdicts=tuple(Verdict.from_summary(c) for c in summary.get("comparisons") or ()),
            environment=Environment.from_record(record.environment),
            summary=summary, record=record,
        )

    def run(self, run_id: str) -> Run:
        """The run with this id; KeyError if there is none."""
        for run in self.runs:
            if run.run_id == run_id:
                return run
        raise KeyError(run_id)

    def steps(self) -> pd.DataFrame:
        """Every run's measured steps (columns: :data:`fwprof.api.frames.STEP_COLUMNS`)."""
        from fwprof.api.frames import steps_frame

        return steps_frame(self.runs)

    def samples(self) -> pd.DataFrame:
        """Every run's samples, one row per sample (:func:`fwprof.api.frames.samples_frame`)."""
        from fwprof.api.frames import samples_frame

        return samples_frame(self.runs)

    def save(self, path: str | Path) -> Path:
        """Write the session as a snapshot that ``fwprof show`` and the app open."""
        from fwprof.outputs.snapshot import save_snapshot

        return save_snapshot(self.record, path)

    def _repr_html_(self) -> str:
        from fwprof.api.display import session_html

        return session_html(self)



def load(path: str | Path) -> Session:
    """Open a ``.fwprof`` snapshot (any version fwprof ever wrote) as a :class:`Session`.

    Raises :class:`fwprof.snapshot.SnapshotError` naming the problem when it cannot be read.
    """
    from fwprof.snapshot import load_snapshot

    source = Path(path)
    return Session.from_record(load_snapshot(source), source)
