"""``with fwprof.sample() as s:``: sample this process and its children from Python.

Inside the block, the sampler of ``fwprof run`` and ``fwprof profile``
(:class:`~fwprof.sampling.RunSampler`) reads CPU, memory and threads of this process tree, the
system's CPU and memory and the NVIDIA GPUs (NVML) on a background thread. Steps are marked
as ``fwprof profile`` marks them in a script: every ``optimizer.step()`` of PyTorch, every batch
of a Keras ``fit``/``evaluate``/``predict`` and every Keras ``optimizer.apply`` (hooks installed
when the framework is imported, or at once if it already is), and every :meth:`Sampling.step`
call, which then replaces the automatic ones. ``fwprof.step()`` reports only under
``fwprof profile``; inside a block call ``s.step()``.

After the block, :attr:`Sampling.session` is a :class:`~fwprof.api.model.Session` with one run
(framework ``script``, scenario ``profile``): ``s.samples()``, ``s.steps()``, ``s.save(path)``
(a snapshot that ``fwprof show`` and the app open).

The PyTorch hook stays registered after the block (torch offers no way to remove a global
optimizer hook without the handle fwprof's hook installer keeps to itself); it then does nothing.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from fwprof.api.model import Session
from fwprof.child.emitter import EventEmitter
from fwprof.environment import capture_host
from fwprof.launch.queue import apply_event
from fwprof.protocol import STEP_KINDS, TRAIN, now
from fwprof.results import RunResult, SessionRecord
from fwprof.sampling import GpuContext, RunSampler
from fwprof.scenarios.profile.frameworks import install_framework_hooks
from fwprof.scenarios.profile.recorder import MANUAL, ScriptRecorder
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec

if TYPE_CHECKING:
    import pandas as pd


#: The recorder's fallback source (backward passes): counted only when no other source has steps.
FALLBACK_SOURCE = "torch-backward"


class _RunEmitter(EventEmitter):
    """Applies the recorder's events to the run in this process instead of writing a pipe.

    Step blocks are kept by source and applied when the block ends, from the sources that count
    (as ``fwprof profile``: manual steps replace automatic ones, backward passes count only
    when nothing else marked steps).
    """

    def __init__(self, run: RunResult) -> None:
        super().__init__(-1)
        self._run = run
        self._lock = threading.Lock()
        self._steps: list[dict[str, Any]] = []
        self.closed = False

    def emit(self, kind: str, **fields: Any) -> None:
        event = {"k": kind, "t": fields.pop("t", None) or now(), **fields}
        with self._lock:
            if self.closed:
                return
            if kind == "steps":
                self._steps.append(event)
                return
            frameworks = _merged_frameworks(self._run, event)
            apply_event(self._run, event)
            if frameworks is not None:
                self._run.info["frameworks"] = frameworks

    def close(self) -> None:
        """Stop taking events; apply the steps of the sources that count."""
        with self._lock:
            self.closed = True
            counted = _counted_sources({str(e.get("src", "")) for e in self._steps})
            for event in self._steps:
                if str(event.get("src", "")) in counted:
                    apply_event(self._run, event)
            if counted:
                self._run.info["step_sources"] = sorted(counted)


def _counted_sources(sources: set[str]) -> set[str]:
    if MANUAL in sources:
        return {MANUAL}
    return (sources - {FALLBACK_SOURCE}) or sources


def _merged_frameworks(run: RunResult, event: dict[str, Any]) -> dict[str, Any] | None:
    """Frameworks reported so far plus this ``info`` event's (one event names one framework)."""
    info = event.get("info")
    if event["k"] != "info" or not isinstance(info, dict) or not isinstance(info.get("frameworks"), dict):
        return None
    return {**run.info.get("frameworks", {}), **info["frameworks"]}


class Sampling:
    """One ``with fwprof.sample():`` block (see the module docstring)."""

    def __init__(self, rate_hz: float = 10.0, name: str = "", hooks: bool = True) -> None:
        config = ScriptSessionConfig(sample_rate_hz=rate_hz)
        config.validate()
        spec = ScriptSpec(pid=os.getpid(), name=name or _default_name())
        self.record = SessionRecord(config=config, runs=[RunResult(run_id="r001", spec=spec)])
        self._hooks = hooks
        self._sampler: RunSampler | None = None
        self._gpu: GpuContext | None = None
        self._emitter = _RunEmitter(self.record.runs[0])
        self._recorder: ScriptRecorder | None = None
        self._finder: Any = None
        self._session: Session | None = None

    @property
    def run(self) -> RunResult:
        """The run being recorded (filled while the block runs)."""
        return self.record.runs[0]

    def __enter__(self) -> Sampling:
        record, run = self.record, self.run
        record.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        record.environment = capture_host()
        record.status = run.status = "running"
        self._gpu = GpuContext.open()
        record.environment["gpu"] = self._gpu.to_dict()
        run.started_at = now()
        run.pid = os.getpid()
        self._recorder = ScriptRecorder(self._emitter, started=run.started_at)
        if self._hooks:
            self._finder = install_framework_hooks(self._recorder)
        self._sampler = RunSampler(os.getpid(), self.record.config.sample_rate_hz, self._gpu)
        self._sampler.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._finish(exc)

    def step(self, kind: str = TRAIN) -> None:
        """Mark the end of one step: ``kind`` ``train`` (the default), ``eval`` or ``predict``.
        Manual steps replace the automatic ones from then on."""
        if kind not in STEP_KINDS:
            raise ValueError(f"step kind {kind!r}: use one of {', '.join(STEP_KINDS)}")
        if self._recorder is not None:
            self._recorder.step(MANUAL, kind=kind)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """A named span of the run's timeline: ``with s.phase("eval"): ...``."""
        recorder = self._recorder
        if recorder is not None:
            recorder.phase_start(name)
        try:
            yield
        finally:
            if recorder is not None:
                recorder.phase_end(name)

    def _finish(self, exc: BaseException | None) -> None:
        try:
            self._stop_marking()
        finally:
            self._stop_sampling()
            run = self.run
            run.ended_at = now()
            run.status = "ok" if exc is None else "failed"
            run.error = None if exc is None else f"{type(exc).__name__}: {exc}"
            known = self.record.environment.setdefault("frameworks", {})
            for name, info in run.info.get("frameworks", {}).items():
                known.setdefault(name, info)
            self.record.status = "finished"
            self._session = Session.from_record(self.record)

    def _stop_marking(self) -> None:
        """Remove the import hook, send the buffered steps and apply them to the run."""
        if self._finder is not None and self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        try:
            if self._recorder is not None:
                self._recorder.close()
        finally:
            self._emitter.close()

    def _stop_sampling(self) -> None:
        sampler, run = self._sampler, self.run
        if sampler is not None:
            sampler.stop()
            run.series = sampler.to_dict()
            run.resources = run.series.pop("summary")
        if self._gpu is not None:
            self._gpu.close()

    @property
    def session(self) -> Session:
        """The recorded session (after the block); RuntimeError while it runs."""
        if self._session is None:
            raise RuntimeError("the sampling block has not ended yet")
        return self._session

    def samples(self) -> pd.DataFrame:
        """The samples (see :func:`fwprof.api.frames.samples_frame`)."""
        return self.session.samples()

    def steps(self) -> pd.DataFrame:
        """The steps marked in the block (see :func:`fwprof.api.frames.steps_frame`)."""
        return self.session.steps()

    def save(self, path: str | Path) -> Path:
        """Write the session as a snapshot (``fwprof show PATH`` opens it)."""
        return self.session.save(path)

    def _repr_html_(self) -> str:
        if self._session is None:
            return "<p>fwprof: sampling…</p>"
        return self._session._repr_html_()


def _default_name() -> str:
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None)
    return f"python ({Path(script).name})" if script else "python"


def sample(rate_hz: float = 10.0, name: str = "", hooks: bool = True) -> Sampling:
    """Sample this process and its children while a ``with`` block runs.

    ``rate_hz``: samples per second (1-100); ``name``: the run's label (default: ``python``
    and the script's file name); ``hooks``: mark framework steps automatically. See
    :mod:`fwprof.api.live`.
    """
    return Sampling(rate_hz, name, hooks)
