"""Accuracy curves from a run's evaluation events, and their mean and range over seeds."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from fwprof.results import RunResult
from fwprof.scenarios.converge.config import DATA_KEY, EVAL_KEY

_FIELDS = ("step", "train_s", "wall_s", "accuracy", "loss")


@dataclass(frozen=True)
class EvalPoint:
    """One held-out evaluation: after ``step`` steps and ``train_s`` seconds of training."""

    step: int
    train_s: float
    wall_s: float
    accuracy: float
    loss: float


@dataclass(frozen=True)
class RunCurve:
    """Every evaluation of one run, in step order."""

    run_id: str
    framework: str
    seed: int
    points: tuple[EvalPoint, ...]
    batch_order: str | None = None
    parameters: int | None = None

    @property
    def steps(self) -> np.ndarray:
        return np.array([p.step for p in self.points], dtype=float)

    @property
    def accuracy(self) -> np.ndarray:
        return np.array([p.accuracy for p in self.points], dtype=float)

    @property
    def final_accuracy(self) -> float:
        return self.points[-1].accuracy if self.points else math.nan

    @property
    def train_s(self) -> float:
        """Seconds of training steps in all (evaluations excluded)."""
        return self.points[-1].train_s if self.points else math.nan

    def first_reaching(self, target: float) -> EvalPoint | None:
        """The first evaluation at or above ``target`` accuracy (None: never reached)."""
        return next((p for p in self.points if p.accuracy >= target), None)


def run_curve(run: RunResult) -> RunCurve:
    """The curve of a convergence run (no points for a run that never evaluated)."""
    points = sorted((p for e in run.events if (p := _point(e)) is not None), key=lambda p: p.step)
    data = run.info.get(DATA_KEY)
    data = data if isinstance(data, dict) else {}
    order, params = data.get("batch_order_sha256"), data.get("parameters")
    spec = run.run_spec
    return RunCurve(run.run_id, spec.framework, spec.seed, tuple(points),
                    order if isinstance(order, str) else None,
                    params if isinstance(params, int) and not isinstance(params, bool) else None)


def curve_band(curves: list[RunCurve]) -> dict[str, list[float]]:
    """Mean, lowest and highest accuracy over seeds at each step every curve evaluated, and
    the median training seconds at that step (the x axis of curves against time)."""
    curves = [c for c in curves if c.points]
    if not curves:
        return {"step": [], "mean": [], "low": [], "high": [], "train_s": []}
    common = sorted(set.intersection(*({p.step for p in c.points} for c in curves)))
    by_step = [{p.step: p for p in c.points} for c in curves]
    acc = np.array([[points[s].accuracy for s in common] for points in by_step])
    times = np.array([[points[s].train_s for s in common] for points in by_step])
    return {"step": [float(s) for s in common], "mean": acc.mean(axis=0).tolist(),
            "low": acc.min(axis=0).tolist(), "high": acc.max(axis=0).tolist(),
            "train_s": np.median(times, axis=0).tolist()}


def _point(event: dict[str, Any]) -> EvalPoint | None:
    info = event.get("info") if event.get("k") == "info" else None
    value = info.get(EVAL_KEY) if isinstance(info, dict) else None
    if not isinstance(value, dict) or not all(_finite(value.get(k)) for k in _FIELDS):
        return None
    return EvalPoint(int(value["step"]), float(value["train_s"]), float(value["wall_s"]),
                     float(value["accuracy"]), float(value["loss"]))


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
