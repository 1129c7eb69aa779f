"""``fwprof profile --compare`` in a terminal, as ``fwprof profile`` runs one script: each run
gets the pseudo-terminal, Ctrl-C reaches the running script (ended after ``--grace`` when it
ignores it) and ends the rounds, ``--json`` leaves the scripts' stdout on stdout, and a closed
pipe ends everything cleanly."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from cli_runner import ROOT
from test_script_terminal import _Screen

from fwprof.outputs.summary import build_summary
from fwprof.outputs.text import render_summary
from fwprof.snapshot import load_snapshot

#: Prints what it sees (a terminal or not) and makes a few steps.
SEES = """
    import json, sys, time, fwprof
    print(json.dumps({"script": sys.argv[0], "stdout": sys.stdout.isatty(),
                      "stderr": sys.stderr.isatty()}))
    for _ in range(20):
        time.sleep(0.002)
        fwprof.step()
"""

#: Runs until Ctrl-C, which it handles (writes ``argv[1]``), as word_language_model does.
HANDLES_CTRL_C = """
    import sys, time, fwprof
    try:
        for i in range(100000):
            fwprof.step()
            time.sleep(0.01)
            if i == 5:
                open(sys.argv[1] + ".ready", "w").write("ready")
    except KeyboardInterrupt:
        print("Exiting from training early")
        open(sys.argv[1], "w").write("handled")
"""

#: Says it was started (``argv[1]``), so a test can tell that it never was.
STARTED = """
    import sys
    open(sys.argv[1], "a").write("started\\n")
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def _fork_fwprof(*args: str) -> tuple[int, int, _Screen]:
    """fwprof in the foreground of a new pseudo-terminal (its session leader, as a shell's job)."""
    import pty

    pid, terminal = pty.fork()
    if pid == 0:
        try:
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "fwprof", "profile", *args])
        finally:
            os._exit(127)
    return pid, terminal, _Screen(terminal)


def _exit_status(pid: int, screen: _Screen) -> int:
    status = 0

    def ended() -> bool:
        nonlocal status
        done, status = os.waitpid(pid, os.WNOHANG)
        return done == pid

    screen.read_until(ended)
    return os.waitstatus_to_exitcode(status)


def test_each_compared_script_sees_the_terminal(tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.py", SEES), _write(tmp_path / "b.py", SEES)
    pid, _, screen = _fork_fwprof("--repeats", "2", "--compare", str(a), "--", str(b))
    assert _exit_status(pid, screen) == 0, screen.text()
    text = screen.text()
    seen = [json.loads(found) for found in re.findall(r'\{"script".*?\}', text)]
    assert [s["script"].rsplit("/", 1)[-1] for s in seen] == ["a.py", "b.py", "b.py", "a.py"]
    assert all(s["stdout"] and s["stderr"] for s in seen), seen
    # the live line is cleared before a script's line and fwprof's lines start a line of their own
    assert '\r\x1b[K{"script"' in text
    assert "}\r\n\r\x1b[K[1/4] a.py: running" in text
    assert "\r\x1b[K[4/4] a.py: ok, 20 steps\r\n" in text
    assert "b.py vs a.py: " in text


def test_ctrl_c_reaches_the_running_script_and_no_round_follows(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.py", HANDLES_CTRL_C)
    b = _write(tmp_path / "b.py", STARTED)
    flag, started, out = tmp_path / "flag", tmp_path / "b-started", tmp_path / "cmp.fwprof"
    pid, terminal, screen = _fork_fwprof("--quiet", "--grace", "5", "-o", str(out), "--compare",
                               str(a), str(flag), "--", str(b), str(started))
    screen.read_until(lambda: Path(f"{flag}.ready").exists())
    screen.read_for(0.5)
    os.write(terminal, b"\x03")  # the terminal turns it into SIGINT for its foreground group
    assert _exit_status(pid, screen) == 130, screen.text()
    text = screen.text()
    assert flag.read_text() == "handled" and "Exiting from training early" in text
    assert "fwprof: Ctrl-C passed to the script; waiting up to 5 s for it to finish" in text
    assert not started.exists()  # b.py never ran: no run starts after Ctrl-C
    record = load_snapshot(out)
    assert record.status == "stopped"
    assert [(r.spec.label, r.status) for r in record.runs] == [
        ("a.py", "stopped"), ("b.py", "stopped"), ("b.py", "stopped"), ("a.py", "stopped"),
        ("a.py", "stopped"), ("b.py", "stopped")]
    assert record.runs[0].error == "stopped by user (Ctrl-C): the script exited with code 0"
    assert record.runs[1].error == "session stopped before this run"
    assert record.adaptive["configs"] == [{"config": ["a.py", "b.py"], "pairs_run": 0,
                                           "stopped_by": "stopped"}]
    [entry] = build_summary(record).to_json()["script_comparison"]
    assert entry["stopped_by"] == "stopped" and entry["pairs_run"] == 0
    assert "(stopped: the session was stopped)" in render_summary(build_summary(record))
    assert "(stopped: the session was stopped)" in text  # the report printed at the end


def test_json_follows_the_scripts_stdout_and_json_file_keeps_it_apart(tmp_path: Path) -> None:
    a, b = _write(tmp_path / "a.py", SEES), _write(tmp_path / "b.py", SEES)
    command = [sys.executable, "-m", "fwprof", "profile", "--quiet", "--repeats", "1"]
    printed = subprocess.run([*command, "--json", "--compare", str(a), "--", str(b)], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr
    lines = printed.stdout.splitlines(keepends=True)
    scripts = [json.loads(line)["script"].rsplit("/", 1)[-1] for line in lines[:2]]
    assert scripts == ["a.py", "b.py"]  # the scripts' stdout stays on stdout, a pipe here
    document = json.loads("".join(lines[2:]))
    assert [s["status"] for s in document["scripts"]] == ["ok", "ok"]
    assert document["script_comparison"][0]["script"] == "b.py"
    apart = tmp_path / "summary.json"
    written = subprocess.run([*command, "--json-file", str(apart), "--compare", str(a), "--", str(b)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith('{"script"') and "b.py vs a.py: " in written.stdout
    assert json.loads(apart.read_text())["script_comparison"][0]["baseline"] == "a.py"


def test_a_closed_pipe_ends_the_comparison_cleanly(tmp_path: Path) -> None:
    chatty = """
        import fwprof
        for i in range(200000):
            print(f"line {i}")
            if i % 1000 == 0:
                fwprof.step()
    """
    a, b = _write(tmp_path / "a.py", chatty), _write(tmp_path / "b.py", chatty)
    recovery = tmp_path / "recovery"
    env = {**os.environ, "FWPROF_RECOVERY_DIR": str(recovery)}
    command = (f"{sys.executable} -m fwprof profile -o {tmp_path / 'cmp.fwprof'} --repeats 1 "
               f"--compare {a} -- {b} | head -1")
    result = subprocess.run(["bash", "-c", command + "; echo \"fwprof ${PIPESTATUS[0]}\" >&2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.stdout == "line 0\n"
    fwprof_lines = [line for line in result.stderr.splitlines() if "fwprof" in line.lower()]
    assert not any("Traceback" in line or "fwprof/" in line for line in fwprof_lines), result.stderr
    assert "Exception ignored" not in result.stderr
    assert result.stderr.rstrip().endswith("fwprof 3")  # the runs failed, as under python
    record = load_snapshot(tmp_path / "cmp.fwprof")
    assert record.status == "finished"
    assert [r.status for r in record.runs] == ["failed", "failed"]
    assert all("BrokenPipeError" in str(r.error) for r in record.runs)
    listing = subprocess.run([sys.executable, "-m", "fwprof", "recover"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0 and "No sessions to recover" in listing.stdout, listing.stdout


def test_a_script_that_ignores_ctrl_c_is_ended_after_the_grace_period(tmp_path: Path) -> None:
    ignores = _write(tmp_path / "a.py", """
        import signal, sys, time
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        open(sys.argv[1], "w").write("ready")
        time.sleep(120)
    """)
    b, ready, out = _write(tmp_path / "b.py", SEES), tmp_path / "ready", tmp_path / "cmp.fwprof"
    proc = subprocess.Popen([sys.executable, "-m", "fwprof", "profile", "--quiet", "--grace", "1",
                             "-o", str(out), "--compare", str(ignores), str(ready), "--", str(b)],
                            cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert 1.0 <= time.monotonic() - sent < 15 and proc.returncode == 130, stderr
    assert "waiting up to 1 s" in stderr and '{"script"' not in stdout  # b.py never ran
    first, *rest = load_snapshot(out).runs
    assert first.error == "stopped by user: still running 1 s after Ctrl-C, ended with SIGTERM, then SIGKILL"
    assert {run.error for run in rest} == {"session stopped before this run"}
