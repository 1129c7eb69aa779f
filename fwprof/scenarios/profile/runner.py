"""Runs the user's script as ``__main__`` inside the child, as plain ``python`` would.

``sys.argv``, ``sys.path[0]`` (the script's folder, or the current folder for ``-m``),
``__name__ == "__main__"`` and the ``__main__`` module that ``multiprocessing``'s spawn start
method re-imports are those of ``python script.py args`` / ``python -m module args``. The exit
status is Python's: 0, the ``SystemExit`` code, or 1 after an uncaught exception, whose
traceback (without fwprof's frames) goes to stderr and, as an ``error`` event, to fwprof.
"""

from __future__ import annotations

import builtins
import importlib.util
import os
import runpy
import sys
import traceback
import types
from dataclasses import dataclass
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import TracebackType

from fwprof.child.parent_watch import die_with_parent
from fwprof.protocol import now
from fwprof.scenarios.profile import api
from fwprof.scenarios.profile.frameworks import install_framework_hooks
from fwprof.scenarios.profile.recorder import ScriptRecorder
from fwprof.scenarios.profile.shared_pipe import SharedPipeEmitter
from fwprof.scenarios.profile.workers import flush_at_process_exit, pass_to_spawned_children

#: The folder that holds the ``fwprof`` package.
PACKAGE_ROOT = str(Path(__file__).resolve().parents[3])
#: Exit status when the target cannot be started (no such module).
EXIT_BAD_TARGET = 2
USAGE = "usage: bootstrap --event-fd N (--script PATH | --module NAME) [-- ARGS ...]"


@dataclass(frozen=True)
class Target:
    """What to run and where to report."""

    event_fd: int
    script: str
    module: str
    args: tuple[str, ...]


def parse_target(argv: list[str]) -> Target:
    """``--event-fd N (--script PATH | --module NAME) [-- ARGS ...]``; ValueError if malformed."""
    head, _, rest = _split_at_double_dash(argv)
    options = dict(zip(head[::2], head[1::2], strict=False))
    if len(head) % 2 or set(options) - {"--event-fd", "--script", "--module"}:
        raise ValueError(USAGE)
    fd, script, module = options.get("--event-fd", ""), options.get("--script", ""), options.get(
        "--module", "")
    if not fd.isdigit() or bool(script) == bool(module):
        raise ValueError(USAGE)
    return Target(int(fd), script, module, tuple(rest))


def main(argv: list[str]) -> int:
    """Run the target with fwprof's hooks installed; return its exit status."""
    die_with_parent()
    try:
        target = parse_target(argv)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_TARGET
    started = now()
    os.set_inheritable(target.event_fd, False)  # programs the script execs do not hold the pipe
    recorder = ScriptRecorder(SharedPipeEmitter(target.event_fd), started)
    api.install(recorder, target.event_fd)  # forked workers inherit the pipe, spawned ones open it
    flush_at_process_exit(recorder)
    pass_to_spawned_children()
    recorder.emit("hello", pid=os.getpid(), framework=None, python=sys.version.split()[0],
                  argv=[*([target.script] if target.script else ["-m", target.module]), *target.args])
    install_framework_hooks(recorder)
    code = run_target(target, recorder)
    recorder.close(exit_code=code)
    return code


def run_target(target: Target, recorder: ScriptRecorder) -> int:
    """Execute the script or module as ``__main__``; report how it ended."""
    if target.module and not _module_exists(target.module, recorder):
        return EXIT_BAD_TARGET
    _prepare_sys(target)
    try:
        if target.module:
            runpy.run_module(target.module, run_name="__main__", alter_sys=True)
        else:
            run_file(target.script)
    except SystemExit as exc:
        return _exit_status(exc, recorder)
    except BaseException as exc:  # report everything Python would print, then fail like Python
        _report_exception(exc, recorder)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1
    return 0


def run_file(script: str) -> None:
    """Execute a file as the ``__main__`` module, as ``python script.py`` does.

    As with plain ``python`` (3.9+), ``__file__`` and the code's file name are absolute while
    ``sys.argv[0]`` stays as typed; ``runpy.run_path`` would make both what was typed.
    """
    path = os.path.abspath(script)
    with open(path, "rb") as handle:
        code = compile(handle.read(), path, "exec", dont_inherit=True)
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=path, __cached__=None, __builtins__=builtins,
                         __loader__=SourceFileLoader("__main__", path))
    sys.modules["__main__"] = main
    exec(code, main.__dict__)


def _prepare_sys(target: Target) -> None:
    sys.argv = [target.script or target.module, *target.args]
    first = os.getcwd() if target.module else os.path.dirname(os.path.realpath(target.script))
    sys.path[0] = first  # was fwprof's folder (bootstrap run as a file) or the current folder
    if PACKAGE_ROOT not in sys.path:  # last, so it shadows nothing; spawned children find fwprof
        sys.path.append(PACKAGE_ROOT)


def _module_exists(name: str, recorder: ScriptRecorder) -> bool:
    sys.path[0] = os.getcwd()
    try:
        found = importlib.util.find_spec(name) is not None
    except (ImportError, ValueError) as exc:
        found, reason = False, str(exc)
    else:
        reason = f"No module named {name!r}"
    if not found:
        print(f"{sys.executable}: {reason}", file=sys.stderr)
        recorder.emit("error", message=reason, traceback="")
    return found


def _exit_status(exc: SystemExit, recorder: ScriptRecorder) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF  # what the operating system keeps of it, as with plain python
    print(code, file=sys.stderr)
    recorder.emit("error", message=str(code), traceback="")
    return 1


def _report_exception(exc: BaseException, recorder: ScriptRecorder) -> None:
    exc = exc.with_traceback(_user_frames(exc.__traceback__))
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    recorder.emit("error", message=f"{type(exc).__name__}: {exc}", traceback=text)
    sys.excepthook(type(exc), exc, exc.__traceback__)


def _user_frames(tb: TracebackType | None) -> TracebackType | None:
    """The traceback without the leading frames of fwprof and runpy."""
    own = {__file__, runpy.__file__}
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name not in own and not name.startswith("<frozen runpy"):
            break
        tb = tb.tb_next
    return tb


def _split_at_double_dash(argv: list[str]) -> tuple[list[str], bool, list[str]]:
    if "--" in argv:
        index = argv.index("--")
        return argv[:index], True, argv[index + 1:]
    return argv, False, []
