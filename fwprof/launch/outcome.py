"""Deciding a run's final status from how its child ended."""

from __future__ import annotations

import signal

from fwprof.launch.child_process import ChildOutcome
from fwprof.results import RunResult


def apply_outcome(run: RunResult, outcome: ChildOutcome, require_done: bool = True) -> None:
    """Set ``run.status``, ``run.error``, exit code and log tails from the child's outcome.

    ``require_done``: a run that exits with status 0 without its ``done`` event failed (built-in
    runs); a script run that exits with 0 succeeded however it got there (``os._exit(0)``).
    """
    run.exit_code = outcome.exit_code
    run.stdout_tail, run.stderr_tail = outcome.stdout_tail, outcome.stderr_tail
    if outcome.reason is not None and outcome.reason.startswith("stopped"):
        run.status, run.error = "stopped", outcome.reason
    elif outcome.reason is not None:
        run.status, run.error = "failed", outcome.reason
    elif run.error is not None:
        run.status = "failed"
    elif outcome.exit_code not in (0, None):
        run.status, run.error = "failed", describe_exit(outcome.exit_code)
    elif require_done and not outcome.saw_done:
        run.status, run.error = "failed", "the child exited before finishing its phases"
    else:
        run.status = "ok"
    _close_open_phases(run)


def describe_exit(code: int) -> str:
    """'exited with code 3' or 'killed by SIGSEGV (signal 11)'."""
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "an unknown signal"
        return f"killed by {name} (signal {-code})"
    return f"exited with code {code}"


def _close_open_phases(run: RunResult) -> None:
    """A failed run's last phase ends when the run ended, so the timeline shows where it died."""
    for span in run.phases:
        if span.end is None and run.ended_at is not None:
            span.end = run.ended_at
