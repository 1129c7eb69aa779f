"""Steps from the worker processes a script starts (``multiprocessing``, fork and spawn).

The script's process publishes its event pipe as ``FWPROF_EVENTS="<fd>:<pid>"``
(:data:`fwprof.scenarios.profile.api.EVENTS_ENV`), which every process it starts inherits.

- A forked child (``multiprocessing``'s fork, ``os.fork``) holds the pipe already: its copy of
  the recorder starts afresh at the fork (:meth:`ScriptRecorder._after_fork`) and reports the
  child's own steps, each block labelled with its pid.
- A spawned child (``multiprocessing``'s spawn, ``torch.multiprocessing.spawn``) runs a fresh
  interpreter: its command line (:func:`multiprocessing.spawn.get_command_line`) first calls
  :func:`start_worker`, which opens the pipe through ``/proc/<pid>/fd/<fd>`` (Linux; the
  script's process holds it) and installs the same framework hooks as the script's process.
  The fork server (``forkserver``, Python 3.14's default) starts the same way, and its forks
  are forked children of it.
- Any other Python process of the run that calls ``fwprof.step()`` opens the pipe the same way
  (:func:`worker_recorder`).

Steps buffered in a worker are sent when it ends: a ``multiprocessing`` worker leaves through
``os._exit`` after its finalizers (one sends them), any other Python process through atexit.
PyTorch ``DataLoader`` workers report nothing (:mod:`~fwprof.scenarios.profile.shared_pipe`).
"""

from __future__ import annotations

import atexit
import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fwprof.protocol import now
from fwprof.scenarios.profile.recorder import ScriptRecorder
from fwprof.scenarios.profile.shared_pipe import SharedPipeEmitter

#: ``"<event fd>:<pid>"`` of the process that owns the run's event pipe.
EVENTS_ENV = "FWPROF_EVENTS"
#: The folder that holds the ``fwprof`` package (spawned workers import fwprof from it).
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
_PRELUDE = (f"import sys; sys.path.append({PACKAGE_ROOT!r}); "
            "from fwprof.scenarios.profile.workers import start_worker; start_worker(); ")


def channel() -> tuple[int, int] | None:
    """``(fd, owner pid)`` from the environment, None when not under ``fwprof profile``."""
    fd, _, pid = os.environ.get(EVENTS_ENV, "").partition(":")
    return (int(fd), int(pid)) if fd.isdigit() and pid.isdigit() else None


def worker_recorder() -> ScriptRecorder | None:
    """A recorder for a process of the run other than the script's own; None if it cannot
    reach the event pipe (not under fwprof, the script's process is gone, not Linux)."""
    found = channel()
    if found is None or found[1] == os.getpid():
        return None
    fd, owner = found
    try:
        own_fd = os.open(f"/proc/{owner}/fd/{fd}", os.O_WRONLY | os.O_CLOEXEC)
    except OSError:
        return None
    recorder = ScriptRecorder(SharedPipeEmitter(own_fd, owner=owner), started=now())
    atexit.register(recorder.flush)  # a plain python process exits through atexit
    return recorder


def start_worker() -> None:
    """In a spawned worker, before ``multiprocessing`` runs its target: report its steps."""
    from fwprof.scenarios.profile import api
    from fwprof.scenarios.profile.frameworks import install_framework_hooks

    with contextlib.suppress(Exception):  # never break the script's worker
        recorder = worker_recorder()
        if recorder is None:
            return
        api.adopt(recorder)
        install_framework_hooks(recorder)
        _add_finalizer(recorder)  # a spawned process's bootstrap keeps finalizers (no fork)
        flush_at_process_exit(recorder)
        pass_to_spawned_children()


def flush_at_process_exit(recorder: ScriptRecorder) -> None:
    """Send the steps a ``multiprocessing`` worker buffered before it exits (``os._exit``
    skips atexit): a finalizer registered in each forked worker as it starts (a forked
    worker's bootstrap first drops the finalizers it inherited)."""
    from multiprocessing import util

    util.register_after_fork(recorder, _add_finalizer)


def pass_to_spawned_children() -> None:
    """Make the interpreters ``multiprocessing`` starts call :func:`start_worker` first: each
    spawned worker, and the fork server (whose forks, the workers, inherit its hooks)."""
    from multiprocessing import spawn, util

    if getattr(spawn.get_command_line, "fwprof", False):
        return
    command_line: Callable[..., list[str]] = spawn.get_command_line
    spawn_fds: Callable[..., int] = util.spawnv_passfds

    def get_command_line(**kwds: object) -> list[str]:
        return _with_prelude(list(command_line(**kwds)))

    def spawnv_passfds(path: Any, args: Sequence[Any], passfds: Sequence[int]) -> int:
        server = any("multiprocessing.forkserver" in str(arg) for arg in args)
        return spawn_fds(path, _with_prelude(list(args)) if server else args, passfds)

    get_command_line.fwprof = True  # type: ignore[attr-defined]
    spawn.get_command_line = get_command_line
    util.spawnv_passfds = spawnv_passfds


def _with_prelude(argv: list[Any]) -> list[Any]:
    """``python ... -c CODE ...`` with :func:`start_worker` called before CODE."""
    if "-c" in argv[:-1]:
        code = argv.index("-c") + 1
        argv[code] = _PRELUDE + argv[code]
    return argv


def _add_finalizer(recorder: ScriptRecorder) -> None:
    from multiprocessing import util

    util.Finalize(recorder, recorder.flush, exitpriority=100)
