"""``fwprof completion bash|zsh|fish``: each script parses in its shell and completes fwprof's
commands, options, choices and files (the real shells where installed)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import fwprof

from fwprof.cli.completion import Command, commands_of, completion_script
from fwprof.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
needs = {shell: pytest.mark.skipif(shutil.which(shell) is None, reason=f"{shell} is not installed")
         for shell in ("bash", "zsh", "fish")}


def _script(shell: str, tmp_path: Path) -> Path:
    path = tmp_path / f"fwprof.{shell}"
    path.write_text(completion_script(shell, build_parser()))
    return path


def _commands() -> dict[str, Command]:
    return {command.name: command for command in commands_of(build_parser())}


def test_the_parser_is_read_into_commands_options_and_choices() -> None:
    commands = _commands()
    assert {"run", "show", "export", "compare", "profile", "completion"} <= set(commands)
    run = {name: option for option in commands["run"].options for name in option.names}
    assert run["--data"].choices == ("memory", "pipeline")
    assert run["--device"].choices == ("cpu", "cuda")
    assert run["--output"].files and run["--model"].files and not run["--steps"].files
    assert run["--steps"].takes_value and not run["--json"].takes_value
    assert commands["show"].files and not commands["list"].files
    assert commands["completion"].words == ("bash", "zsh", "fish")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_command_prints_the_script(shell: str) -> None:
    result = fwprof("completion", shell)
    assert result.returncode == 0, result.stderr
    assert result.stdout == completion_script(shell, build_parser())
    assert "precision" in result.stdout and "framework-trace" in result.stdout


def test_an_unknown_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["completion", "tcsh"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'tcsh'" in capsys.readouterr().err


@needs["bash"]
def test_the_bash_script_parses_and_completes(tmp_path: Path) -> None:
    script = _script("bash", tmp_path)
    subprocess.run(["bash", "-n", str(script)], check=True)
    probe = f"""source {script}
t() {{ COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); _fwprof; echo "${{COMPREPLY[*]}}"; }}
t fwprof ru; t fwprof run --da; t fwprof run --data ""; t fwprof run --device ""
t fwprof completion ""; t fwprof run --steps ""; t fwprof show v3-comp; t fwprof export -f cs
"""
    lines = subprocess.run(["bash", "-c", probe], cwd=DATA, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert lines == ["run", "--data", "memory pipeline", "cpu cuda", "bash zsh fish", "",
                     "v3-compare-synthetic.fwprof v3-compare.fwprof", "csv"]


@needs["zsh"]
def test_the_zsh_script_parses_and_registers(tmp_path: Path) -> None:
    script = _script("zsh", tmp_path)
    subprocess.run(["zsh", "-n", str(script)], check=True)
    probe = (f"autoload -U compinit; compinit -u -d {tmp_path}/zcompdump; source {script}; "
             "print -- $_comps[fwprof]")
    out = subprocess.run(["zsh", "-f", "-c", probe], capture_output=True, text=True, check=True,
                         env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}).stdout
    assert out.strip() == "_fwprof"


@needs["fish"]
def test_the_fish_script_parses_and_completes(tmp_path: Path) -> None:
    script = _script("fish", tmp_path)
    subprocess.run(["fish", "--no-config", "-n", str(script)], check=True)
    probe = (f"source {script}; complete -C 'fwprof ru'; complete -C 'fwprof run --data '; "
             "complete -C 'fwprof completion '; complete -C 'fwprof show v3-de'")
    out = subprocess.run(["fish", "--no-config", "-c", probe], cwd=DATA, capture_output=True,
                         text=True, check=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    words = [line.split("\t")[0] for line in out.stdout.splitlines()]
    assert words == ["run", "memory", "pipeline", "bash", "fish", "zsh", "v3-deploy.fwprof"]


def test_every_script_names_every_command_and_long_option() -> None:
    commands = _commands()
    longs = {name[2:] for c in commands.values() for o in c.options for name in o.names
             if name.startswith("--")}
    for shell, spelling in (("bash", "--{}"), ("zsh", "--{}"), ("fish", "-l {}")):
        text = completion_script(shell, build_parser())
        assert not {name for name in longs if spelling.format(name) not in text}, shell
        assert all(name in text for name in commands if name), shell
