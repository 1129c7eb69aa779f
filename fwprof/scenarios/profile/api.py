"""The public API a script may call: ``fwprof.step()`` and ``with fwprof.phase("eval"):``.

Both are cheap no-ops unless the script runs under ``fwprof profile``: the bootstrap sets
:data:`EVENTS_ENV` to ``"<fd>:<pid>"``; the script's process reports every event, the worker
processes it starts (forked or spawned) their steps, labelled with their pid
(:mod:`fwprof.scenarios.profile.workers`). This module imports only the standard library and
:mod:`fwprof.protocol`, so ``import fwprof`` stays light.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import TYPE_CHECKING

from fwprof.protocol import STEP_KINDS

if TYPE_CHECKING:
    from fwprof.scenarios.profile.recorder import ScriptRecorder

#: ``"<event fd>:<pid>"`` of the process whose events fwprof reads.
EVENTS_ENV = "FWPROF_EVENTS"

_recorder: ScriptRecorder | None = None
_resolved = False


def step(kind: str = "train") -> None:
    """Mark the end of one step of the script: ``kind`` is ``"train"`` (one training
    iteration, the default), ``"eval"`` or ``"predict"`` (one evaluation or prediction batch).

    Training steps make the headline (steps/s, step times); the others are counted apart.
    Once a script calls it, fwprof counts exactly these calls and ignores the steps it would
    otherwise detect by itself (optimizer steps, backward passes, Keras batches). Any other
    ``kind`` raises ValueError, with or without fwprof.
    """
    if kind not in STEP_KINDS:
        raise ValueError(f"fwprof.step(kind={kind!r}): kind must be one of "
                         + ", ".join(repr(k) for k in STEP_KINDS))
    recorder = _recorder if _resolved else _resolve()
    if recorder is not None:
        recorder.step("manual", kind=kind)


def phase(name: str) -> AbstractContextManager[None]:
    """A named span of the script's timeline: ``with fwprof.phase("eval"): ...``."""
    recorder = _recorder if _resolved else _resolve()
    if recorder is None:
        return nullcontext()
    return _Phase(recorder, str(name))


def is_profiling() -> bool:
    """True when this process reports to fwprof."""
    return (_recorder if _resolved else _resolve()) is not None


def install(recorder: ScriptRecorder, fd: int) -> None:
    """Used by the bootstrap: report through ``recorder`` and tell the environment."""
    global _recorder, _resolved
    _recorder, _resolved = recorder, True
    os.environ[EVENTS_ENV] = f"{fd}:{os.getpid()}"


def adopt(recorder: ScriptRecorder) -> None:
    """Used in a worker process the script started: report through ``recorder``."""
    global _recorder, _resolved
    _recorder, _resolved = recorder, True


def _resolve() -> ScriptRecorder | None:
    """Find the event pipe through the environment (once per process); in a process the
    script started, the pipe is shared (:mod:`fwprof.scenarios.profile.workers`)."""
    global _recorder, _resolved
    _resolved = True
    fd, _, pid = os.environ.get(EVENTS_ENV, "").partition(":")
    if not (fd.isdigit() and pid.isdigit()):
        return None
    from fwprof.protocol import now
    from fwprof.scenarios.profile.recorder import ScriptRecorder
    from fwprof.scenarios.profile.shared_pipe import SharedPipeEmitter
    from fwprof.scenarios.profile.workers import worker_recorder

    if int(pid) != os.getpid():
        _recorder = worker_recorder()
    else:
        _recorder = ScriptRecorder(SharedPipeEmitter(int(fd)), started=now())
    return _recorder


def _forget_after_fork() -> None:
    """A forked child keeps its parent's recorder (which starts afresh in the child, see
    :meth:`ScriptRecorder._after_fork`); without one, it looks again on first use."""
    global _resolved
    _resolved = _recorder is not None


os.register_at_fork(after_in_child=_forget_after_fork)


class _Phase(AbstractContextManager[None]):
    def __init__(self, recorder: ScriptRecorder, name: str) -> None:
        self._recorder = recorder
        self._name = name

    def __enter__(self) -> None:
        self._recorder.phase_start(self._name)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._recorder.phase_end(self._name)
