"""``fwprof run ARGS`` for callers other than the command line (the app's setup panel).

The app does not know scenarios: it shows each scenario's own options of ``fwprof run`` as
form fields (:func:`scenario_forms`, read from the argument group the scenario's
``add_arguments`` makes), turns the panel into the argument list the CLI would take
(:func:`config_argv` plus the scenario's options) and asks :func:`plan_arguments` which
scenario runs it; the registry's ``selected`` and ``plan`` do the rest, as for ``fwprof run``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any, cast

from fwprof.cli.run_cmd import add_parser, base_config, config_from_args
from fwprof.config import SessionConfig
from fwprof.deploy_formats import FORMAT_NAMES
from fwprof.results import RunResult
from fwprof.scenarios.base import Launch, PlannedSession, Scenario
from fwprof.scenarios.registry import DEFAULT, SCENARIOS, builtin_session, selected_scenario
from fwprof.usage import UsageError

#: Options given as a comma list of known names (shown as one checkbox per name).
COMMA_CHOICES: dict[str, tuple[str, ...]] = {"deploy_format": FORMAT_NAMES}


@dataclass(frozen=True)
class FormField:
    """One option of a scenario, as a form shows it."""

    flag: str  # "--epochs"
    dest: str  # "epochs"
    kind: str  # "int", "float", "text", "flag" or "choices" (a comma list of ``choices``)
    default: Any
    help: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioForm:
    """A scenario ``fwprof run`` can start: its task, title, what it does and its own options."""

    name: str
    title: str
    description: str
    fields: tuple[FormField, ...]


class _Parser(argparse.ArgumentParser):
    """Raises UsageError instead of printing and exiting."""

    def error(self, message: str) -> Any:
        raise UsageError(message)


def run_parser() -> argparse.ArgumentParser:
    """The parser of ``fwprof run``, every scenario's options included."""
    root = _Parser(prog="fwprof")
    subparsers = root.add_subparsers(dest="command", parser_class=_Parser)
    add_parser(cast("argparse._SubParsersAction[argparse.ArgumentParser]", subparsers))
    return root


def scenario_forms() -> list[ScenarioForm]:
    """The scenarios ``fwprof run`` starts, in registry order: the default comparison (its task
    list is the shared ``--task``) and every scenario with options of its own."""
    forms = [ScenarioForm(DEFAULT.name, DEFAULT.title, "", ())]
    for scenario in SCENARIOS:
        parser = argparse.ArgumentParser(add_help=False)
        scenario.add_arguments(parser)
        for group in parser._action_groups[2:]:  # after argparse's positional and optional groups
            fields = tuple(_field(action) for action in group._group_actions)
            forms.append(ScenarioForm(scenario.name, scenario.title, group.description or "", fields))
    return forms


def config_argv(config: SessionConfig, task: str | None = None) -> list[str]:
    """The shared options of ``fwprof run`` that make ``config`` (``task`` replaces its tasks)."""
    tasks = task or ",".join(config.tasks)
    argv = ["--workload", ",".join(config.workloads), "--framework", ",".join(config.frameworks),
            "--task", tasks, "--mode", ",".join(config.modes), "--device", config.device,
            "--precision", config.precision, "--size", config.size, "--data", config.data]
    numbers: dict[str, Any] = {
        "--batch-size": config.batch_size, "--steps": config.steps, "--warmup": config.warmup,
        "--repeats": config.repeats, "--max-repeats": config.max_repeats,
        "--max-time": config.max_time_s, "--margin": config.margin * 100,
        "--min-time": config.min_time_s, "--warmup-max": config.warmup_max_s,
        "--interference-share": config.interference_share * 100, "--threads": config.threads,
        "--interop-threads": config.interop_threads, "--seed": config.seed,
        "--rate": config.sample_rate_hz, "--busy-measure-rate": config.busy_measure_rate_hz,
        "--trace": config.trace_steps, "--seq-len": config.seq_len,
        "--loader-workers": config.loader_workers, "--queries": config.deploy_queries,
    }
    for flag, value in numbers.items():
        argv += [flag, f"{value:.12g}"]
    if config.channels_last:
        argv.append("--channels-last")
    if config.deploy_formats:
        argv += ["--deploy-format", ",".join(config.deploy_formats)]
    if config.model_file:
        argv += ["--model", config.model_file]
    return argv


def plan_arguments(argv: list[str]) -> tuple[Scenario | None, argparse.Namespace]:
    """The scenario that runs ``fwprof run ARGV`` in a session of its own (None: the built-in
    session) and the parsed arguments; UsageError names a bad value or mix."""
    args = run_parser().parse_args(["run", *argv])
    return selected_scenario(args), args


def check_arguments(argv: list[str]) -> SessionConfig | Any:
    """The validated configuration ``fwprof run ARGV`` would run (UsageError says why not),
    without making its session."""
    scenario, args = plan_arguments(argv)
    if scenario is None:
        return config_from_args(args)
    return scenario.plan(args, base_config, Launch(sys.executable)).config


def planned_runs(argv: list[str]) -> list[RunResult]:
    """The runs ``fwprof run ARGV`` would start, as its session plans them (none is started;
    UsageError says why the arguments cannot run)."""
    scenario, args = plan_arguments(argv)
    if scenario is None:
        return builtin_session(config_from_args(args)).record.runs
    planned = scenario.plan(args, base_config, Launch(sys.executable))
    return planned.make_session((), None).record.runs


def plan_scenario(argv: list[str], python: str) -> PlannedSession | None:
    """The planned session of a scenario with a session of its own, its children on
    ``python``; None when ``argv`` runs the built-in session (the caller's own path)."""
    scenario, args = plan_arguments(argv)
    if scenario is None:
        return None
    if python != sys.executable and not scenario.runs_other_interpreters:
        raise UsageError(f"the {scenario.title.lower()} scenario runs on fwprof's own interpreter "
                         f"({sys.executable}), not {python}: choose it in Settings")
    return scenario.plan(args, base_config, Launch(python))


def _field(action: argparse.Action) -> FormField:
    flag = max(action.option_strings, key=len)
    if isinstance(action, argparse._StoreTrueAction):
        kind = "flag"
    elif action.dest in COMMA_CHOICES:
        kind = "choices"
    else:
        kind = {int: "int", float: "float"}.get(action.type, "text")  # type: ignore[call-overload]
    return FormField(flag, action.dest, kind, action.default, action.help or "",
                     COMMA_CHOICES.get(action.dest, ()))
