"""A fake session that plays a whole comparison on its observers without child processes."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from fwprof.config import SessionConfig
from fwprof.launch.observer import SessionObserver
from fwprof.launch.plan import plan_runs
from fwprof.protocol import PHASES, now
from fwprof.results import PhaseSpan, RunResult, SessionRecord
from fwprof.sampling.store import TimeSeriesStore

FAKE_ENVIRONMENT: dict[str, Any] = {
    "cpu_model": "Fake CPU 9000", "cores_logical": 2, "cores_physical": 2, "cores_available": 2,
    "memory_total_bytes": 24 * 2**30, "os": "Linux-fake", "hostname": "fakehost",
    "python": "3.11.7", "installed": {"torch": "2.13.0", "tensorflow": "2.21.0"},
    "env": {"OMP_NUM_THREADS": "2"},
    "gpu": {"available": False, "reason": "NVML could not start: fake", "devices": []},
}
#: Median step seconds per framework: PyTorch clearly faster unless ``same_speed``.
STEP_S = {"torch": 0.002, "tensorflow": 0.003}


class FakeSession:
    """Plays ``plan_runs(config)`` in virtual time: phases, step blocks, samples, results.

    ``hold``: after the first run starts, wait until it is set (or the session is stopped).
    ``fail``: frameworks whose runs fail. ``missing``: frameworks not installed (runs skipped,
    as the real session does). ``gpu``: also report GPU metrics.
    """

    def __init__(self, config: SessionConfig, observers: tuple[SessionObserver, ...],
                 hold: threading.Event | None = None, fail: frozenset[str] = frozenset(),
                 missing: frozenset[str] = frozenset(), gpu: bool = False,
                 same_speed: bool = False, seed: int = 0) -> None:
        config.validate()
        self.config, self.observers = config, observers
        self.hold, self.fail, self.gpu, self.same_speed = hold, fail, gpu, same_speed
        self.missing = missing
        self.rng = np.random.default_rng(seed)
        self.record = SessionRecord(config=config)
        self.record.runs = [RunResult(run_id=f"r{i + 1:03d}", spec=spec)
                            for i, spec in enumerate(plan_runs(config))]
        self.stopped = threading.Event()
        self.clock = 0.0

    def stop(self) -> None:
        self.stopped.set()

    def run(self) -> SessionRecord:
        record = self.record
        record.created, record.status = "2026-11-26T10:00:00+00:00", "running"
        record.environment = {**FAKE_ENVIRONMENT, "frameworks": {}}
        self.clock = now()
        self._notify("session_started", record)
        for index, run in enumerate(record.runs):
            if self.stopped.is_set():
                run.status, run.error = "stopped", "session stopped before this run"
                continue
            if run.spec.framework in self.missing:
                run.status = "skipped"
                run.error = f"{run.spec.framework} is not installed here (pip install ...)"
                self._notify("run_finished", run)
                continue
            self._play(run, first=index == 0)
        record.status = "stopped" if self.stopped.is_set() else "finished"
        self._notify("session_finished", record)
        return record

    def _play(self, run: RunResult, first: bool) -> None:
        run.status, run.started_at, run.pid = "running", self._tick(0.05), 4242
        self._notify("run_started", run)
        store = TimeSeriesStore()
        self._event(run, "info", info={"version": "9.9", "threads": 2})
        for phase in PHASES:
            self._event(run, "phase_start", phase=phase)
            if phase == "measure":
                if first and self.hold is not None:
                    self._hold()
                self._steps(run)
            self._sample(run, store)
            self._event(run, "phase_end", phase=phase, dt=0.2)
        self._finish(run, store)

    def _hold(self) -> None:
        while not (self.hold.is_set() or self.stopped.is_set()):  # type: ignore[union-attr]
            self.stopped.wait(0.01)

    def _steps(self, run: RunResult) -> None:
        median = 0.0025 if self.same_speed else STEP_S[run.spec.framework]
        durations = median * (1 + 0.03 * self.rng.standard_normal(run.spec.steps))
        ends = self.clock + np.cumsum(durations)
        for block in range(0, durations.size, 25):
            if self.stopped.is_set():
                return
            part = slice(block, block + 25)
            self._event(run, "steps", end=ends[part].tolist(), dur=durations[part].tolist(),
                        t=float(ends[part][-1]))
        self.clock = float(ends[-1])

    def _sample(self, run: RunResult, store: TimeSeriesStore) -> None:
        for _ in range(4):
            values = {"cpu_percent": 150.0 + 10 * self.rng.random(),
                      "rss_bytes": 3e8 if run.spec.framework == "torch" else 5e8}
            if self.gpu:
                values.update(gpu_busy_percent=60.0, gpu_mem_used_bytes=2e9, gpu_power_w=120.0)
            t = self._tick(0.05)
            store.append(t, values)
            self._notify("run_sample", run, t, values)

    def _finish(self, run: RunResult, store: TimeSeriesStore) -> None:
        run.ended_at = self._tick(0.1)
        run.series = store.to_dict()
        run.resources = {"peak_rss_bytes": store.stats("rss_bytes").peak}
        if self.stopped.is_set():
            run.status, run.error = "stopped", "stopped by the user"
        elif run.spec.framework in self.fail:
            run.status, run.error = "failed", "the child exited with code 1 (fake failure)"
            run.stderr_tail = "Traceback (most recent call last):\nRuntimeError: fake failure"
        else:
            run.status, run.exit_code = "ok", 0
        for span in run.phases:
            span.end = span.end if span.end is not None else run.ended_at
        self._notify("run_finished", run)

    def _event(self, run: RunResult, kind: str, dt: float = 0.0, **fields: Any) -> None:
        t = fields.pop("t", None) or self._tick(dt)
        event = {"v": 1, "k": kind, "t": t, **fields}
        if kind == "steps":
            run.steps.append(fields["end"], fields["dur"])
        else:
            run.events.append(event)
        if kind == "phase_start":
            run.phases.append(PhaseSpan(fields["phase"], t))
        elif kind == "phase_end":
            span = next(p for p in reversed(run.phases) if p.name == fields["phase"])
            span.end = t
        elif kind == "info":
            run.info.update(fields["info"])
            self.record.environment["frameworks"].setdefault(run.spec.framework, fields["info"])
        self._notify("run_event", run, event)

    def _tick(self, dt: float) -> float:
        self.clock += dt
        return self.clock

    def _notify(self, method: str, *args: Any) -> None:
        for observer in self.observers:
            getattr(observer, method)(*args)


def fake_factory(**options: Any) -> Any:
    """A session factory for :class:`ui.app.main_window.Services` that builds fake sessions."""
    made: list[FakeSession] = []

    def factory(config: SessionConfig, observers: tuple[SessionObserver, ...]) -> FakeSession:
        session = FakeSession(config, observers, **options)
        made.append(session)
        return session

    factory.made = made  # type: ignore[attr-defined]
    return factory


def finished_record(config: SessionConfig | None = None, **options: Any) -> SessionRecord:
    """A complete fake session record (no GUI involved)."""
    config = config or SessionConfig(modes=("eager",), repeats=2, max_repeats=2, steps=60, warmup=2)
    return FakeSession(config, (), **options).run()
