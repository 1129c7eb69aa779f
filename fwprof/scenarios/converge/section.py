"""The convergence scenario's section of the summary, typed: one entry per (workload, device),
each framework's figures (final accuracy over seeds, steps and seconds to the target, the
per-seed rows, the mean curve with its range) and the parity verdict.

Built once by :func:`fwprof.scenarios.converge.summary.converge_summary`; the text report, the
HTML and Markdown exports, the app's Convergence tab (through the cells of
:mod:`fwprof.scenarios.converge.cells`) and the recommendations
(:mod:`fwprof.advice.converge`, through the narrow views of :mod:`fwprof.advice.base`) read
these objects. They become JSON only at the edge: :meth:`ConvergeSection.to_json` writes the
``converge`` key of ``fwprof.summary/1`` exactly as it always was, and
:meth:`ConvergeSection.from_json` reads it back (keys missing in an older document read as
the defaults).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fwprof.scenarios.converge.parity import Parity

JsonDict = dict[str, Any]

#: The x axes a curve can be drawn against: steps, or the median seconds of training.
CURVE_AXES: tuple[str, ...] = ("step", "train_s")


@dataclass(frozen=True)
class AccuracySpread:
    """Final held-out accuracy (0-1) over the seeds of one framework: mean, sample SD
    (0 with one seed), lowest, highest and every seed's value."""

    mean: float
    sd: float
    min: float
    max: float
    values: tuple[float, ...] = ()

    def to_json(self) -> JsonDict:
        return {"mean": self.mean, "sd": self.sd, "min": self.min, "max": self.max,
                "values": list(self.values)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> AccuracySpread | None:
        if not data:
            return None
        return cls(data.get("mean", math.nan), data.get("sd", math.nan), data.get("min", math.nan),
                   data.get("max", math.nan), tuple(data.get("values") or ()))


@dataclass(frozen=True)
class CurveBand:
    """One framework's accuracy curve over its seeds, at each step every seed evaluated: the
    mean, lowest and highest accuracy (0-1) and the median seconds of training at that step."""

    step: tuple[float, ...] = ()
    mean: tuple[float, ...] = ()
    low: tuple[float, ...] = ()
    high: tuple[float, ...] = ()
    train_s: tuple[float, ...] = ()

    def xs(self, axis: str) -> tuple[float, ...]:
        """The x values against one of :data:`CURVE_AXES` (``step`` or ``train_s``)."""
        if axis not in CURVE_AXES:
            raise ValueError(f"unknown curve axis {axis!r}")
        values: tuple[float, ...] = getattr(self, axis)
        return values

    def to_json(self) -> JsonDict:
        return {"step": list(self.step), "mean": list(self.mean), "low": list(self.low),
                "high": list(self.high), "train_s": list(self.train_s)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CurveBand:
        data = data or {}
        return cls(*(tuple(data.get(key) or ()) for key in ("step", "mean", "low", "high", "train_s")))


@dataclass(frozen=True)
class SeedRow:
    """One seed's run: its final accuracy, the step and training seconds of its first
    evaluation at or above the target (None: never reached), its training seconds and the
    digest of its batch order (None when the child did not report one)."""

    run_id: str
    seed: int
    final_accuracy: float
    steps_to_target: int | None = None
    time_to_target_s: float | None = None
    train_s: float = math.nan
    batch_order: str | None = None

    def to_json(self) -> JsonDict:
        return {"run_id": self.run_id, "seed": self.seed, "final_accuracy": self.final_accuracy,
                "steps_to_target": self.steps_to_target, "time_to_target_s": self.time_to_target_s,
                "train_s": self.train_s, "batch_order": self.batch_order}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SeedRow:
        return cls(data.get("run_id", ""), data.get("seed", 0), data.get("final_accuracy", math.nan),
                   data.get("steps_to_target"), data.get("time_to_target_s"),
                   data.get("train_s", math.nan), data.get("batch_order"))


@dataclass(frozen=True)
class FrameworkFigures:
    """One framework's seeds of one (workload, device): how many ran and completed, the errors
    of those that did not, its trainable parameters, the final accuracy spread, the medians
    over the seeds that reached the target of steps and seconds to it, how many reached it,
    the median training seconds, each seed's row and the curve band."""

    mode: str
    runs: int
    runs_ok: int
    errors: tuple[str, ...] = ()
    parameters: int | None = None
    final_accuracy: AccuracySpread | None = None
    steps_to_target: float | None = None
    time_to_target_s: float | None = None
    reached: int = 0
    train_s: float | None = None
    per_seed: tuple[SeedRow, ...] = ()
    curve: CurveBand = field(default_factory=CurveBand)

    @property
    def failed(self) -> int:
        """Runs that did not complete."""
        return self.runs - self.runs_ok

    def to_json(self) -> JsonDict:
        return {
            "mode": self.mode, "runs": self.runs, "runs_ok": self.runs_ok, "errors": list(self.errors),
            "parameters": self.parameters,
            "final_accuracy": None if self.final_accuracy is None else self.final_accuracy.to_json(),
            "steps_to_target": self.steps_to_target, "time_to_target_s": self.time_to_target_s,
            "reached": self.reached, "train_s": self.train_s,
            "per_seed": [seed.to_json() for seed in self.per_seed], "curve": self.curve.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FrameworkFigures:
        return cls(
            data.get("mode", ""), data.get("runs", 0), data.get("runs_ok", 0),
            tuple(data.get("errors") or ()), data.get("parameters"),
            AccuracySpread.from_json(data.get("final_accuracy")), data.get("steps_to_target"),
            data.get("time_to_target_s"), data.get("reached", 0), data.get("train_s"),
            tuple(SeedRow.from_json(seed) for seed in data.get("per_seed") or ()),
            CurveBand.from_json(data.get("curve")),
        )


@dataclass(frozen=True)
class ConvergeEntry:
    """One (workload, device) of a convergence study: the training plan (with the target
    asked of it), each framework's figures (in catalog order), whether both frameworks saw the
    same batch order and had the same trainable parameters (None: cannot tell), and the parity
    verdict (None without both frameworks)."""

    workload: str
    device: str
    target: float
    steps: int
    epochs: int
    batch_size: int
    eval_every: int
    lr_schedule: str
    learning_rate: float
    test_size: int
    train_size: int
    frameworks: Mapping[str, FrameworkFigures] = field(default_factory=dict)
    same_batch_order: bool | None = None
    same_parameters: bool | None = None
    parity: Parity | None = None

    @property
    def parameter_counts(self) -> list[int]:
        """The distinct trainable parameter counts the frameworks reported, ascending."""
        return sorted({f.parameters for f in self.frameworks.values() if f.parameters is not None})

    def to_json(self) -> JsonDict:
        return {
            "workload": self.workload, "device": self.device, "target": self.target,
            "steps": self.steps, "epochs": self.epochs, "batch_size": self.batch_size,
            "eval_every": self.eval_every, "lr_schedule": self.lr_schedule,
            "learning_rate": self.learning_rate, "test_size": self.test_size,
            "train_size": self.train_size,
            "frameworks": {name: figures.to_json() for name, figures in self.frameworks.items()},
            "same_batch_order": self.same_batch_order, "same_parameters": self.same_parameters,
            "parity": None if self.parity is None else self.parity.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConvergeEntry:
        parity = data.get("parity")
        return cls(
            data.get("workload", ""), data.get("device", ""), data.get("target", 0.0),
            data.get("steps", 0), data.get("epochs", 0), data.get("batch_size", 0),
            data.get("eval_every", 0), data.get("lr_schedule", ""), data.get("learning_rate", 0.0),
            data.get("test_size", 0), data.get("train_size", 0),
            {name: FrameworkFigures.from_json(figures)
             for name, figures in (data.get("frameworks") or {}).items()},
            data.get("same_batch_order"), data.get("same_parameters"),
            Parity.from_json(parity) if parity else None,
        )


@dataclass(frozen=True)
class ConvergeSection:
    """The ``converge`` key of the summary: an entry per (workload, device) with convergence
    runs, in the order the runs were recorded."""

    entries: tuple[ConvergeEntry, ...] = ()

    def has_runs(self) -> bool:
        return bool(self.entries)

    def to_json(self) -> JsonDict:
        return {"converge": [entry.to_json() for entry in self.entries]}

    @classmethod
    def from_json(cls, summary: Mapping[str, Any]) -> ConvergeSection:
        """The section of a ``fwprof.summary/1`` document (empty without a ``converge`` key)."""
        return cls(tuple(ConvergeEntry.from_json(entry) for entry in summary.get("converge") or ()))

