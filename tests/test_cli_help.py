"""``fwprof ... --help`` shows defaults and choices; the live status line fits the terminal."""

from __future__ import annotations

import io
import re

import pytest
from cli_runner import fwprof

from fwprof.cli.main import build_parser
from fwprof.launch.progress import ProgressPrinter, line_width
from fwprof.results import RunResult
from fwprof.specs.script import ScriptSpec


def _help(*command: str) -> str:
    result = fwprof(*command, "--help", env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return " ".join(result.stdout.split())  # argparse wraps lines: compare words


def test_run_help_shows_defaults_choices_and_the_seed() -> None:
    text = _help("run")
    assert "--steps STEPS measured steps per run, at least (see --min-time) (default: 100)" in text
    assert "--device {cpu,cuda}" in text and "(default: cpu)" in text
    assert "--precision {fp32,tf32,bf16,fp16}" in text
    assert re.search(r"--seed SEED random seed .* \(default: 0\)", text)
    assert "--workload WORKLOAD comma list of" in text and "(default: mlp)" in text


def test_a_help_that_already_names_its_default_is_left_alone() -> None:
    text = _help("run")
    assert "intra-op threads, equal for both (default: all cores)" in text
    assert "(default: all cores) (default" not in text
    assert "--json print the summary as JSON (default" not in text  # a flag's False says nothing


@pytest.mark.parametrize("command", ["show", "export", "compare", "profile", "merge", "completion"])
def test_every_subcommand_uses_the_defaults_help(command: str) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict))
    formatter = sub.choices[command].formatter_class
    assert formatter.__name__.startswith("Defaults")


def test_the_completion_help_keeps_its_layout() -> None:
    result = fwprof("completion", "--help", env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert "\nbash: source <(fwprof completion bash)" in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("columns", [60, 100, 240])
def test_the_status_line_fits_the_terminal(columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    assert line_width(_Terminal()) == columns - 1
    stream = _Terminal()
    printer = ProgressPrinter(stream)
    run = RunResult("r001", ScriptSpec(script="x" * 300 + ".py"))
    printer.run_started(run)
    drawn = stream.getvalue().split("\r\x1b[K")[-1]
    assert len(drawn) == columns - 1
    assert drawn.startswith("[1/0] xxx")
