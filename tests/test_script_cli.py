"""``fwprof profile``: bad input, failures, Python's semantics, stopping, attaching."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psutil
import pytest
from cli_runner import ROOT
from cli_runner import fwprof as run_fwprof

from fwprof.scenarios.profile.session import ScriptSession
from fwprof.snapshot import load_snapshot
from fwprof.specs.script import ScriptSpec

fwprof = partial(run_fwprof, timeout=120)


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def _missing(tmp: Path) -> list[str]:
    return ["profile", str(tmp / "nope.py")]


def _directory(tmp: Path) -> list[str]:
    return ["profile", str(tmp)]


def _binary(tmp: Path) -> list[str]:
    (tmp / "model.bin").write_bytes(b"\x7fELF\x00\x01")
    return ["profile", str(tmp / "model.bin")]


def _shell(tmp: Path) -> list[str]:
    return ["profile", str(write(tmp / "run.sh", "#!/bin/sh\necho hi && ls -l\n"))]


def _syntax(tmp: Path) -> list[str]:
    return ["profile", str(write(tmp / "bad.py", "x = 1\ndef f(:\n"))]


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (_missing, "nope.py does not exist"),
        (_directory, "is a directory, not a Python script"),
        (_binary, "is not a Python script (it holds binary data)"),
        (_shell, "run.sh does not look like a Python script (line 2"),
        (_syntax, "bad.py has a syntax error (line 2: "),
        (lambda tmp: ["profile"], "give one of: a script"),
        (lambda tmp: ["profile", "--pid", "1", "x.py"], "give one of"),
        (lambda tmp: ["profile", "--pid", "999999999"], "no process with pid 999999999"),
        (lambda tmp: ["profile", "-m", "not a module"], "is not a module name"),
        (lambda tmp: ["profile", "--env", "NOVALUE", "x.py"], "--env 'NOVALUE' is not NAME=VALUE"),
        (lambda tmp: ["profile", "--python", "/no/python", "x.py"], "/no/python not found"),
        (lambda tmp: ["profile", "--cwd", "/no/such/dir", "x.py"], "folder /no/such/dir does not exist"),
        (lambda tmp: ["profile", "--rate", "500", "x.py"], "sample rate 500 Hz"),
        (lambda tmp: ["profile", "--grace", "-1", "x.py"], "--grace -1 is not a number of seconds"),
    ],
)
def test_bad_input_gets_one_message_and_status_2(tmp_path: Path, make_args: Callable[[Path], list[str]],
                                                 message: str) -> None:
    result = fwprof(*make_args(tmp_path))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_script_that_raises_keeps_its_traceback_and_a_partial_snapshot(tmp_path: Path) -> None:
    script = write(tmp_path / "boom.py", """
        import fwprof

        def train():
            for _ in range(3):
                fwprof.step()
            raise ValueError("boom at step 3")

        train()
    """)
    out = tmp_path / "boom.fwprof"
    result = fwprof("profile", "-o", str(out), str(script))
    assert result.returncode == 1
    assert 'boom.py", line 7, in train' in result.stderr  # Python's traceback, as plain python prints it
    assert "runner.py" not in result.stderr and "runpy" not in result.stderr
    assert "error      ValueError: boom at step 3" in result.stdout
    (run,) = load_snapshot(out).runs
    assert run.status == "failed" and run.error == "ValueError: boom at step 3"
    assert len(run.steps) == 3 and run.exit_code == 1
    (error,) = [e for e in run.events if e["k"] == "error"]
    assert 'line 9, in <module>' in error["traceback"] and "runner.py" not in error["traceback"]


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ("import sys; sys.exit(3)", 3, "exited with code 3"),
        ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", 128 + 11, "killed by SIGSEGV"),
        ("import sys; sys.exit('bad config')", 1, "bad config"),
    ],
)
def test_exit_status_and_crashes_are_reported(tmp_path: Path, body: str, status: int, error: str) -> None:
    result = fwprof("profile", "--json", str(write(tmp_path / "s.py", body)))
    assert result.returncode == status, result.stderr
    (script,) = json.loads(result.stdout)["scripts"]
    assert script["status"] == "failed" and error in script["error"]


SEMANTICS = """
    import json, multiprocessing, os, sys
    from helper import double

    def work(x):
        return double(x)

    if __name__ == "__main__":
        with multiprocessing.get_context("spawn").Pool(2) as pool:
            doubled = pool.map(work, [1, 2, 3])
        print(json.dumps({"argv": sys.argv, "name": __name__, "path0": sys.path[0],
                          "cwd": os.getcwd(), "doubled": doubled,
                          "main_file": sys.modules["__main__"].__file__}))
"""


def test_script_sees_what_plain_python_gives_it_spawn_included(tmp_path: Path) -> None:
    folder = tmp_path / "proj"
    folder.mkdir()
    write(folder / "helper.py", "def double(x):\n    return 2 * x\n")
    script = write(folder / "main.py", SEMANTICS)
    args = ["proj/main.py", "--flag", "value with space"]
    plain = subprocess.run([sys.executable, *args], cwd=tmp_path, capture_output=True, text=True,
                           timeout=60, check=True)
    profiled = fwprof("profile", "--cwd", str(tmp_path), *args)
    assert profiled.returncode == 0, profiled.stderr
    expected = json.loads(plain.stdout)
    assert expected["doubled"] == [2, 4, 6] and expected["path0"] == str(folder)
    assert json.loads(profiled.stdout.splitlines()[0]) == expected
    assert script.exists()


def test_module_mode_runs_like_python_dash_m(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    write(tmp_path / "pkg" / "helper.py", "def double(x):\n    return 2 * x\n")
    write(tmp_path / "pkg" / "tool.py", SEMANTICS.replace("from helper", "from pkg.helper"))
    plain = subprocess.run([sys.executable, "-m", "pkg.tool", "a"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60, check=True)
    profiled = fwprof("profile", "--cwd", str(tmp_path), "-m", "pkg.tool", "a")
    assert profiled.returncode == 0, profiled.stderr
    assert json.loads(profiled.stdout.splitlines()[0]) == json.loads(plain.stdout)
    missing = fwprof("profile", "--cwd", str(tmp_path), "-m", "pkg.nothing")
    assert missing.returncode == 2 and "No module named 'pkg.nothing'" in missing.stderr


def test_manual_steps_example_counts_exactly_and_show_prints_it(tmp_path: Path) -> None:
    out = tmp_path / "manual.fwprof"
    result = fwprof("profile", "-o", str(out), "--env", "EXTRA=1", "examples/manual_steps.py",
                    "--steps", "30", "--size", "2000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("profiled")
    (run,) = load_snapshot(out).runs
    assert len(run.steps) == 30 and run.info["step_source"] == "manual"
    assert [p.name for p in run.phases] == ["train", "eval"]
    assert ("EXTRA", "1") in run.script_spec.env
    shown = fwprof("show", str(out))
    assert "examples/manual_steps.py --steps 30 --size 2000: ok, exit 0" in shown.stdout
    assert "30 train = fwprof.step() calls (manual)" in shown.stdout


def test_ctrl_c_stops_the_whole_tree_and_saves_what_was_recorded(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = write(tmp_path / "tree.py", f"""
        import subprocess, sys, time, fwprof
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
        open({str(pids)!r}, "w").write(f"{{child.pid}}")
        for _ in range(5):
            fwprof.step()
        time.sleep(120)
    """)
    out = tmp_path / "stopped.fwprof"
    proc = subprocess.Popen([sys.executable, "-m", "fwprof", "profile", "--quiet", "-o", str(out),
                             str(script)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    _wait_for(lambda: pids.exists() and pids.read_text() != "", timeout=30)
    time.sleep(0.5)  # the steps reach the parent (flushed every 0.25 s)
    grandchild = int(pids.read_text())
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    (run,) = load_snapshot(out).runs
    assert run.status == "stopped" and len(run.steps) == 5
    assert not _alive([run.pid or 0, grandchild])


def test_stop_from_another_thread_ends_a_script_session(tmp_path: Path) -> None:
    script = write(tmp_path / "sleep.py", "import time\ntime.sleep(120)\n")
    session = ScriptSession([ScriptSpec(script=str(script)), ScriptSpec(script=str(script))])
    threading.Timer(1.0, session.stop).start()
    record = session.run()
    assert record.status == "stopped"
    assert [run.status for run in record.runs] == ["stopped", "stopped"]
    assert not _alive([record.runs[0].pid or 0])


def test_attach_samples_a_process_until_it_exits(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(2)"])
    try:
        result = fwprof("profile", "--pid", str(sleeper.pid), "--rate", "20", "--json")
    finally:
        sleeper.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    (script,) = json.loads(result.stdout)["scripts"]
    assert script["kind"] == "attach" and script["status"] == "ok"
    assert script["attached"]["cmdline"][-1] == "import time; time.sleep(2)"
    assert script["resources"]["samples"] >= 5 and 0.5 < script["duration_s"] < 10


def test_stopping_an_attached_process_leaves_it_running() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        session = ScriptSession([ScriptSpec(pid=sleeper.pid)])
        threading.Timer(0.5, session.stop).start()
        (run,) = session.run().runs
        assert run.status == "stopped" and sleeper.poll() is None
    finally:
        sleeper.kill()
        sleeper.wait(timeout=30)


def _wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _alive(pids: list[int]) -> list[int]:
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.Error:
            pass
    return alive
