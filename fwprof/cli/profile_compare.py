"""``fwprof profile --compare a.py [args] -- b.py [args] [-- c.py ...]``: which script is faster.

Each script runs as fresh processes in alternating rounds (A B, B A, ...), as many rounds as
the built-in comparison would run pairs (``--repeats``, ``--max-repeats``, ``--margin``), and
each later script's steady-state step rate is compared with the first's (see
:mod:`fwprof.scenarios.profile.compare_session` and :mod:`fwprof.scenarios.profile.script_verdict`).
``--`` separates the scripts, so a script's own arguments cannot contain ``--`` here.
Each run has fwprof's terminal as a single-script ``fwprof profile`` has it
(:func:`fwprof.cli.profile_cmd.run_in_console`): a pseudo-terminal on a TTY, output passed
through live, ``--json`` after the scripts' own stdout, ``--json-file``, a closed pipe ending
cleanly. Ctrl-C goes to the running script as SIGINT, with ``--grace`` seconds to finish (a
second Ctrl-C ends it at once); no run starts after it, and the verdict says it was stopped.

Exit status: 0 when every run succeeded, 3 when one failed, 130 when stopped, 2 for bad input.
"""

from __future__ import annotations

import argparse
from functools import partial

from fwprof.cli.profile_cmd import ScriptProgress, run_in_console, spec_from_args
from fwprof.cli.saving import RUNS_FELL_SHORT, runs_fell_short
from fwprof.config import SessionConfig
from fwprof.results import RunResult
from fwprof.scenarios.profile.compare_session import ScriptCompareSession, distinct_labels
from fwprof.specs.script import ScriptSpec
from fwprof.stats.pair_policy import PairPolicy
from fwprof.usage import UsageError

DEFAULTS = SessionConfig()
EXIT_STOPPED = 130


def add_compare_arguments(parser: argparse.ArgumentParser) -> None:
    """``--compare`` and the pairs options of the built-in comparison."""
    parser.add_argument("--compare", action="store_true",
                        help="compare scripts separated by --: fresh processes in alternating "
                             "rounds, a verdict on their steady-state step rates")
    parser.add_argument("--repeats", type=int, default=None, metavar="N",
                        help=f"with --compare: runs of each script (pairs); default {DEFAULTS.repeats}, "
                             "then more until the verdict's interval is within the margin")
    parser.add_argument("--max-repeats", type=int, default=None, metavar="N",
                        help=f"with --compare: add rounds up to this many (default {DEFAULTS.max_repeats}; "
                             "with --repeats: no more than --repeats)")
    parser.add_argument("--margin", type=float, default=DEFAULTS.margin * 100, metavar="PERCENT",
                        help="with --compare: differences within this are 'no meaningful "
                             f"difference' (default {DEFAULTS.margin * 100:g})")


def split_scripts(target: list[str]) -> list[list[str]]:
    """The target's words split at each ``--`` into one command per script."""
    commands: list[list[str]] = [[]]
    for word in target:
        if word == "--":
            commands.append([])
        else:
            commands[-1].append(word)
    return [command for command in commands if command]


def compare_policy(args: argparse.Namespace) -> PairPolicy:
    """The pairs policy from ``--repeats``, ``--max-repeats`` and ``--margin`` (as ``fwprof run``)."""
    repeats = DEFAULTS.repeats if args.repeats is None else args.repeats
    if args.max_repeats is not None:
        most = args.max_repeats
    else:
        most = DEFAULTS.max_repeats if args.repeats is None else repeats
    if not 1 <= repeats <= 1000 or not 1 <= most <= 1000:
        raise UsageError("--repeats and --max-repeats must be 1-1000")
    if not 0 < args.margin < 100:
        raise UsageError(f"--margin {args.margin:g} is outside 0-100 %")
    return PairPolicy(min_pairs=repeats, max_pairs=max(repeats, most), margin=args.margin / 100.0)


def compare_specs(args: argparse.Namespace) -> list[ScriptSpec]:
    """One checked spec per script; duplicate labels are told apart."""
    if args.pid is not None:
        raise UsageError("--compare runs scripts; it cannot attach to a process (--pid)")
    words = [*(["-m", *args.module] if args.module else []), *(args.target or [])]
    commands = split_scripts(words)  # -m takes the rest of the line: it may hold every script
    if len(commands) < 2:
        raise UsageError("--compare needs two or more scripts: --compare a.py [args] -- b.py [args]")
    specs = []
    for command in commands:
        module = command if command[0] == "-m" else []
        one = argparse.Namespace(**{**vars(args), "module": module[1:] or None,
                                    "target": [] if module else command})
        specs.append(spec_from_args(one))
    return distinct_labels(specs)


def run_compare(args: argparse.Namespace) -> int:
    """Run the comparison in fwprof's terminal, as ``fwprof profile`` runs one script; save
    ``-o``, print the report (see the module docstring)."""
    specs, policy = compare_specs(args), compare_policy(args)
    record = run_in_console(args, partial(ScriptCompareSession, specs, policy), CompareProgress)
    if record is None:
        return 1
    if record.status != "finished":
        return EXIT_STOPPED
    return RUNS_FELL_SHORT if runs_fell_short(record) else 0


class CompareProgress(ScriptProgress):
    """The script progress line; an added round is announced with its scripts."""

    def runs_added(self, runs: list[RunResult]) -> None:
        self._total += len(runs)
        labels = ", ".join(dict.fromkeys(run.spec.label for run in runs))
        with self._out_lock:
            self._clear()
            self._write(f"fwprof: {len(runs)} more runs: another round of {labels} (not decided yet)\n")
