"""``fwprof profile``: run a script (or attach to a process), show live figures, then a summary.

    fwprof profile [options] script.py [args ...]
    fwprof profile [options] -m package.module [args ...]
    fwprof profile [options] --pid PID
    fwprof profile [options] --compare a.py [args] -- b.py [args] [-- ...]   (see profile_compare)

Ctrl-C is passed to the script as SIGINT (its ``except KeyboardInterrupt``, ``finally`` and
atexit run); if it still runs ``--grace`` seconds later, or at a second Ctrl-C, its whole process
tree is ended (SIGTERM, then SIGKILL). An attached process is left running. On a terminal the
script gets a pseudo-terminal for each of stdout and stderr that is one, so it sees a terminal as
under plain python; it reads fwprof's stdin; its output stays on the stream it wrote to,
``--json`` too (the JSON follows on stdout once the script has ended; ``--json-file`` keeps it
apart).
Exit status: the script's own (0 when it succeeded, 128 + signal when a signal killed it, what it
exited with after Ctrl-C), 130 when fwprof had to end it, 2 for bad input (nothing was started).
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TextIO

from fwprof.cli.common import json_plain
from fwprof.cli.saving import check_writable, save_results, start_autosave
from fwprof.cli.script_console import DEFAULT_GRACE_S, ScriptConsole, ctrl_c_passed_on
from fwprof.config import ConfigError
from fwprof.launch.progress import ProgressPrinter
from fwprof.outputs.summary import SummaryDocument, build_summary
from fwprof.outputs.text import render_summary
from fwprof.protocol import Event, now
from fwprof.results import RunResult, SessionRecord
from fwprof.scenarios.profile.section import ProfileSection
from fwprof.scenarios.profile.session import ScriptSession
from fwprof.scenarios.profile.target import check_cwd, check_pid, check_script, find_python, parse_env
from fwprof.scenarios.registry import PROFILE
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec
from fwprof.usage import UsageError

EXIT_STOPPED = 130


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "profile", help="profile any Python script: steps, phases, CPU, memory, GPU",
        usage="fwprof profile [options] (script.py [args ...] | -m module [args ...] | --pid PID |\n"
              "                              --compare a.py [args] -- b.py [args] ...)",
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
    parser.add_argument("--json", action="store_true",
                        help="print the summary as JSON on stdout, after the script's own output")
    parser.add_argument("--json-file", metavar="FILE.json", help="write the summary as JSON here")
    parser.add_argument("--grace", type=float, default=DEFAULT_GRACE_S, metavar="SECONDS",
                        help="after Ctrl-C, how long the script may take to finish before it is "
                             f"ended (default {DEFAULT_GRACE_S:g})")
    parser.add_argument("--quiet", action="store_true", help="no live progress line on stderr")
    compare_arguments(parser)
    parser.add_argument("-m", dest="module", nargs=argparse.REMAINDER, metavar="MODULE",
                        help="run a module as `python -m` does; the rest are its arguments")
    parser.add_argument("target", nargs=argparse.REMAINDER, metavar="script.py [args ...]",
                        help="the script and its arguments")
    parser.set_defaults(handler=run)


def compare_arguments(parser: argparse.ArgumentParser) -> None:
    from fwprof.cli.profile_compare import add_compare_arguments

    add_compare_arguments(parser)


def spec_from_args(args: argparse.Namespace) -> ScriptSpec:
    """The checked script spec; UsageError names what is wrong."""
    module, target = args.module or [], args.target or []
    chosen = [bool(module), bool(target), args.pid is not None]
    if sum(chosen) != 1:
        raise UsageError("give one of: a script (script.py [args]), -m module [args], or --pid PID")
    try:
        if not 1.0 <= args.rate <= 100.0:
            raise ConfigError(f"sample rate {args.rate:g} Hz is outside 1-100 Hz")
        if not 0.0 <= getattr(args, "grace", 0.0) < float("inf"):
            raise ConfigError(f"--grace {args.grace:g} is not a number of seconds, 0 or more")
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
    if args.compare:
        from fwprof.cli.profile_compare import run_compare

        return run_compare(args)
    record = run_in_console(args, partial(ScriptSession, [spec_from_args(args)]))
    return 1 if record is None else exit_status(record)


def run_in_console(args: argparse.Namespace, make_session: Callable[..., ScriptSession],
                   progress: type[ScriptProgress] | None = None) -> SessionRecord | None:
    """Run the session ``make_session(**options)`` makes with fwprof's terminal (the scripts'
    output passed through, a pseudo-terminal on a TTY, fwprof's stdin) and Ctrl-C passed on;
    save ``-o``, print the report or ``--json``, write ``--json-file``. None when saving failed."""
    output = Path(args.output) if args.output else None
    for path in (output, Path(args.json_file) if args.json_file else None):
        if path is not None:
            check_writable(path)
    console = ScriptConsole()
    printer = (progress or ScriptProgress)(live=not args.quiet, console=console)
    session = make_session(observers=(printer,), sample_rate_hz=args.rate,
                           on_chunk=printer.script_chunk, terminal=console.terminal(),
                           own_stdin=True, autosave=start_autosave())
    with ctrl_c_passed_on(session, console, args.grace):
        record = session.run()
    summary = build_summary(record)
    if save_results(record, output, session.autosave):
        return None
    report(console, summary, args, output)
    return record


def report(console: ScriptConsole, summary: SummaryDocument, args: argparse.Namespace,
           output: Path | None) -> None:
    """The text report (tracebacks left out: the script printed them) or the JSON."""
    as_json = json.dumps(summary.to_json(), indent=2, default=json_plain)
    if args.json_file:
        Path(args.json_file).write_text(as_json + "\n")
    if args.json:
        console.print_report(as_json)
        return
    console.print_report(render_summary(without_tracebacks(summary)))
    if output is not None:
        console.print_report(f"\nSaved {output}")


def without_tracebacks(summary: SummaryDocument) -> SummaryDocument:
    """The document with the scripts' tracebacks left out (the scripts printed them already)."""
    section = summary.sections.get(PROFILE.name)
    if not isinstance(section, ProfileSection):
        return summary
    return replace(summary, sections={**summary.sections, PROFILE.name: section.without_tracebacks()})


def exit_status(record: SessionRecord) -> int:
    """0, the script's own failure status, or 130 when stopped (see the module docstring)."""
    run = record.runs[0]
    interrupt = run.info.get("interrupt") or {}
    if run.status == "stopped" and interrupt and not interrupt.get("escalated") and run.exit_code is not None:
        return run.exit_code if run.exit_code >= 0 else 128 - run.exit_code  # as plain python
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
                 script_stdout: TextIO = sys.stdout, window_s: float = 3.0,
                 console: ScriptConsole | None = None) -> None:
        """With a ``console``, the script's output comes in chunks (:meth:`script_chunk`) and
        every line is written through it; else in lines (:meth:`script_output`)."""
        super().__init__(console.streams["stderr"] if console is not None else stream)
        self._live = self._live and live
        self._script_streams = {"stdout": script_stdout, "stderr": self._stream}
        self._window_s = window_s
        self._marks: deque[tuple[float, int]] = deque()
        self._console = console
        self._out_lock = console.lock if console is not None else threading.RLock()
        self._drawn = False  # the live line is on the terminal
        self._run: RunResult | None = None
        if console is not None:
            console.before_own_line = self._clear_live

    def run_started(self, run: RunResult) -> None:
        self._marks.clear()
        self._run = run
        super().run_started(run)
        self._phase = "running"

    def run_finished(self, run: RunResult) -> None:
        """The run's outcome on a line of its own; its error only if the script did not print it."""
        with self._out_lock:
            self._clear()
            if run.status == "skipped":
                self._index += 1
            outcome = f"ok, {len(run.steps)} steps" if run.status == "ok" else run.status
            if run.status != "ok" and run.exit_code is not None:
                outcome += f", exit {run.exit_code}"
            shown = run.error is None or run.error.strip() in run.stderr_tail + run.stdout_tail
            detail = "" if shown else f" ({run.error})"
            self._write(f"[{self._index}/{self._total}] {run.spec.label}: {outcome}{detail}\n")

    def script_chunk(self, stream: str, data: bytes) -> bool:
        """Output of the script as it comes: the live line makes way for it and comes back once
        the script's line is finished. False once fwprof's own stream is closed."""
        assert self._console is not None, "script_chunk needs a console"
        with self._out_lock:
            self._clear_live()
            shown = self._console.script_output(stream, data)
            if self._live and self._run is not None:
                self._draw(self._run)
            return shown

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
            if self._console is not None and self._console.line_open():
                return  # the script's own progress line is there: leave it
            super()._draw(run)
            self._drawn = self._live

    def _clear(self) -> None:
        """Take the live line away, and end the script's unfinished lines."""
        with self._out_lock:
            self._clear_live()
            if self._console is not None:
                self._console.end_lines()

    def _clear_live(self) -> None:
        if self._drawn:
            self._write("\r\x1b[K")
            self._drawn = False

    def _write(self, text: str) -> None:
        if self._console is None:
            super()._write(text)
        else:
            self._console.write("stderr", text)
