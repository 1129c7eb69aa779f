"""The interpreter that runs children: found, probed, chosen, and used by the session."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from fwprof.config import SessionConfig
from fwprof.environment import installed_frameworks
from fwprof.launch.child_env import PACKAGE_ROOT
from fwprof.launch.interpreter import (
    InterpreterError,
    InterpreterInfo,
    candidate_interpreters,
    choose_interpreter,
    probe_interpreter,
)
from fwprof.scenarios.registry import builtin_session
from ui.controllers.interpreter_session import session_on_interpreter

BOTH = {"torch": "2.13.0", "tensorflow": "2.21.0"}


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def _wrapper(tmp_path: Path, name: str = "python") -> str:
    """Another interpreter path for this one (children really run through it)."""
    return _script(tmp_path / name, f'exec "{sys.executable}" "$@"')


def test_candidates_come_from_the_active_venv_and_path(tmp_path: Path) -> None:
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    venv_python = _wrapper(venv_bin)
    path_dir = tmp_path / "path"
    path_dir.mkdir()
    on_path = _wrapper(path_dir, "python3")
    env = {"VIRTUAL_ENV": str(tmp_path / "venv"), "PATH": str(path_dir)}
    assert candidate_interpreters(env, include_self=False) == [venv_python, on_path]
    assert candidate_interpreters(env, include_self=True)[0] == sys.executable
    assert candidate_interpreters({"PATH": str(tmp_path / "nowhere")}, include_self=False) == []


def test_the_probe_reports_versions_without_importing_a_framework() -> None:
    info = probe_interpreter(sys.executable)
    assert info.usable, info.error
    assert info.version == sys.version.split()[0]
    assert info.frameworks == installed_frameworks()
    assert info.fwprof_path.startswith(PACKAGE_ROOT)


def test_the_probe_says_what_is_wrong(tmp_path: Path) -> None:
    assert "not found" in probe_interpreter(str(tmp_path / "missing")).error
    broken = probe_interpreter(_script(tmp_path / "broken", "echo nonsense; exit 3"))
    assert "not a working Python interpreter" in broken.error
    base = Path(sys.base_prefix) / "bin" / "python3"  # outside this venv and its fwprof
    isolated = _script(tmp_path / "isolated", f'exec "{base}" -I "$@"')
    no_fwprof = probe_interpreter(isolated)  # -I ignores PYTHONPATH: fwprof is not importable
    assert "cannot import fwprof" in no_fwprof.error and not no_fwprof.usable
    slow = probe_interpreter(_script(tmp_path / "slow", "sleep 5"), timeout_s=0.5)
    assert "did not answer" in slow.error


def test_missing_frameworks_are_named() -> None:
    info = InterpreterInfo("/x/python", version="3.11.7", frameworks={"torch": "2.13.0"})
    assert info.missing() == ["tensorflow"]
    assert info.summary() == "Python 3.11.7 · PyTorch 2.13.0 · TensorFlow not installed"
    [problem] = info.problems()
    assert "TensorFlow is not installed in /x/python" in problem


def test_the_first_interpreter_with_both_frameworks_is_chosen() -> None:
    found = {"/a": InterpreterInfo("/a", frameworks={"torch": "1"}),
             "/b": InterpreterInfo("/b", error="broken"),
             "/c": InterpreterInfo("/c", frameworks=BOTH),
             "/d": InterpreterInfo("/d", frameworks=BOTH)}
    probed: list[str] = []

    def probe(path: str) -> InterpreterInfo:
        probed.append(path)
        return found[path]

    assert choose_interpreter("", ["/a", "/b", "/c", "/d"], probe).path == "/c"
    assert probed == ["/a", "/b", "/c"]  # stops at the first good one
    assert choose_interpreter("", ["/b", "/a"], probe).path == "/a"
    assert choose_interpreter("", ["/b"], probe).path == "/b"
    assert choose_interpreter("/d", ["/a"], probe).path == "/d"  # the saved choice wins
    assert not choose_interpreter("", [], probe).usable


def test_a_framework_the_interpreter_lacks_is_skipped_with_the_reason(tmp_path: Path) -> None:
    python = _wrapper(tmp_path)
    info = InterpreterInfo(python, version="3.0.0", executable=python,
                           frameworks={"torch": "2.13.0", "tensorflow": None})
    config = SessionConfig(workloads=("mlp",), frameworks=("tensorflow",), tasks=("train",),
                           modes=("eager",), steps=2, warmup=0, repeats=1, max_repeats=1)
    record = builtin_session(config, (), python=python, interpreter=info).run()
    [run] = record.runs
    assert run.status == "skipped"
    assert f"TensorFlow is not installed in {python}" in (run.error or "")
    assert record.environment["installed"] == {"torch": "2.13.0", "tensorflow": None}
    assert record.environment["python_executable"] == python


def test_an_unusable_interpreter_stops_the_session_before_it_starts(tmp_path: Path) -> None:
    config = SessionConfig(workloads=("mlp",), tasks=("train",), modes=("eager",), repeats=1, max_repeats=1)
    with pytest.raises(InterpreterError, match="not found"):
        session_on_interpreter(config, (), str(tmp_path / "nope"))
    with pytest.raises(InterpreterError, match="not found"):
        builtin_session(config, python=str(tmp_path / "nope"))


@pytest.mark.slow
@pytest.mark.skipif(not installed_frameworks()["torch"], reason="needs torch")
def test_children_run_on_the_chosen_interpreter(tmp_path: Path) -> None:
    log = tmp_path / "started"
    python = _script(tmp_path / "python", f'echo "$@" >> "{log}"\nexec "{sys.executable}" "$@"')
    config = SessionConfig(workloads=("mlp",), frameworks=("torch",), tasks=("train",),
                           modes=("eager",), steps=3, warmup=1, repeats=1, max_repeats=1)
    session = session_on_interpreter(config, (), python)
    assert session.interpreter is not None and session.interpreter.path == python
    record = session.run()
    assert [r.status for r in record.runs] == ["ok"], record.runs[0].error
    started = log.read_text().splitlines()
    assert started[0].startswith("-c ")  # the probe
    assert any("-m fwprof.child" in line for line in started[1:])  # then the child
