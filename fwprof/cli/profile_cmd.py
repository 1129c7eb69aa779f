"""``fwprof profile``: run a script (or attach to a process), show live figures, then a summary.

    fwprof profile [options] script.py [args ...]
    fwprof profile [options] -m package.module [args ...]
    fwprof profile [options] --pid PID

Ctrl-C stops the script and its whole process tree (an attached process is left running).
Exit status: 0 when the script succeeded, the script's own non-zero status (128 + signal when a
signal killed it), 130 when stopped, 2 for bad input (nothing was started).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections import deque
from pathlib import Path
from typing import TextIO

from fwprof.cli.saving import check_writable, run_save_print, start_autosave
from fwprof.config import ConfigError
from fwprof.launch.progress import ProgressPrinter
from fwprof.protocol import Event, now
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.profile.session import ScriptSession
from fwprof.scenarios.profile.target import check_cwd, check_pid, check_script, find_python, parse_env
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec
from fwprof.usage import UsageError

EXIT_STOPPED = 130


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "profile", help="profile any Python script: steps, phases, CPU, memory, GPU",
        usage="fwprof profile [options] (script.py [args ...] | -m module [args ...] | --pid PID)",
        description="Run a Python script as `python script.py args` would, count its steps "
                    "(optimizer steps, Keras batches, fwprof.step()) and sample its process tree.")
    parser.add_argument("--rate", type=float, default=ScriptSessionConfig().sample_rate_hz,
                        help="resource samples per second, 1-100")
    parser.add_argument("-o", "--output", metavar="FILE.fwprof", help="save the run here")
    parser.add_argument("--python", default="", help="interpreter (default: fwprof's own)")
    parser.add_argument("--cwd", default="", help="folder to run in (default: the current one)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="set an environment variable for the script (repeatable)")
    parser.add_argument("--pid", type=int, help="attach to a running process (sampling only)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="no live progress line on stderr")
    parser.add_argument("-m", dest="module", nargs=argparse.REMAINDER, metavar="MODULE",
                        help="run a module as `python -m` does; the rest are its arguments")
    parser.add_argument("target", nargs=argparse.REMAINDER, metavar="script.py [args ...]",
                        help="the script and its arguments")
    parser.set_defaults(handler=run)


def spec_from_args(args: argparse.Namespace) -> ScriptSpec:
    """The checked script spec; UsageError names what is wrong."""
    module, target = args.module or [], args.target or []
    chosen = [bool(module), bool(target), args.pid is not None]
    if sum(chosen) != 1:
        raise UsageError("give one of: a script (script.py [args]), -m module [args], or --pid PID")
    try:
        if not 1.0 <= args.rate <= 100.0:
            raise ConfigError(f"sample rate {args.rate:g} Hz is outside 1-100 Hz")
        if args.pid is not None:
            check_pid(args.pid)
            return ScriptSpec(pid=args.pid)
        check_cwd(args.cwd)
        python = find_python(args.python) if args.python else sys.executable
        spec = ScriptSpec(script="" if module else target[0], module=module[0] if module else "",
                          args=tuple((module or target)[1:]), python=python,
                          cwd=str(Path(args.cwd or ".").resolve()), env=parse_env(args.env))
        spec.validate()
        if spec.script:
            check_script(spec.script, spec.cwd)
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    return spec


def run(args: argparse.Namespace) -> int:
    spec = spec_from_args(args)
    output = Path(args.output) if args.output else None
    if output is not None:
        check_writable(output)
    script_out = sys.stderr if args.json else sys.stdout
    printer = ScriptProgress(live=not args.quiet, script_stdout=script_out)
    session = ScriptSession([spec], observers=(printer,), sample_rate_hz=args.rate,
                            on_output=printer.script_output, autosave=start_autosave())
    record = run_save_print(session, output, args.json)
    return 1 if record is None else exit_status(record)


def exit_status(record: SessionRecord) -> int:
    """0, the script's own failure status, or 130 when stopped (see the module docstring)."""
    run = record.runs[0]
    if record.status == "stopped" or run.status == "stopped":
        return EXIT_STOPPED
    if run.status == "ok":
        return 0
    code = run.exit_code
    if code is None or code == 0:
        return 1
    return code if code > 0 else 128 - code


class ScriptProgress(ProgressPrinter):
    """The progress line plus steps and steps/s; the script's output passes through above it."""

    def __init__(self, live: bool = True, stream: TextIO = sys.stderr,
                 script_stdout: TextIO = sys.stdout, window_s: float = 3.0) -> None:
        super().__init__(stream)
        self._live = self._live and live
        self._script_streams = {"stdout": script_stdout, "stderr": stream}
        self._window_s = window_s
        self._marks: deque[tuple[float, int]] = deque()
        self._out_lock = threading.RLock()

    def run_started(self, run: RunResult) -> None:
        self._marks.clear()
        super().run_started(run)
        self._phase = "running"

    def run_event(self, run: RunResult, event: Event) -> None:
        if event["k"] == "steps":
            self._mark(len(run.steps))
            self._draw_throttled(run)
        elif event["k"] == "phase_end":
            self._phase = "running"
        super().run_event(run, event)

    def script_output(self, run: RunResult, stream: str, line: str) -> None:
        """A line the script printed: clear the live line, print it, draw the line again."""
        with self._out_lock:
            if self._live:
                self._write("\r\x1b[K")
            target = self._script_streams.get(stream, self._stream)
            target.write(line)
            target.flush()
            if self._live:
                self._draw(run)

    def _mark(self, steps: int) -> None:
        t = now()
        with self._lock:
            self._marks.append((t, steps))
            while len(self._marks) > 2 and t - self._marks[0][0] > self._window_s:
                self._marks.popleft()

    def _draw_throttled(self, run: RunResult) -> None:
        if self._live and now() - self._last_draw >= self._refresh_s:
            self._draw(run)

    def _figures(self) -> str:
        with self._lock:
            marks = list(self._marks)
        figures = super()._figures()
        if not marks:
            return figures
        t = now()  # the rate falls to 0 when steps stop coming
        since, before = next(((tm, n) for tm, n in marks if t - tm <= self._window_s), marks[-1])
        rate = (marks[-1][1] - before) / (t - since) if t > since else 0.0
        steps = f"{marks[-1][1]} steps, {rate:.1f} steps/s"
        return f"{steps} | {figures}" if figures else steps

    def _draw(self, run: RunResult) -> None:
        with self._out_lock:  # the sampler, event and output threads all draw
            super()._draw(run)
