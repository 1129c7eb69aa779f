"""``fwprof profile`` as a command in a terminal: Ctrl-C reaches the script as under plain python,
the script sees a terminal when fwprof has one, and a closed pipe ends everything cleanly."""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from cli_runner import ROOT

from fwprof.snapshot import load_snapshot

HANDLES_CTRL_C = """
    import atexit, sys, time, fwprof
    atexit.register(lambda: open(sys.argv[1] + ".atexit", "w").write("atexit ran"))
    try:
        for i in range(100000):
            fwprof.step()
            time.sleep(0.01)
            if i == 5:
                open(sys.argv[1] + ".ready", "w").write("ready")
    except KeyboardInterrupt:
        print("Exiting from training early")
        open(sys.argv[1], "w").write("handled")
    finally:
        print("finally ran")
"""

IGNORES_CTRL_C = """
    import signal, sys, time
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    open(sys.argv[1] + ".ready", "w").write("ready")
    time.sleep(120)
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text))
    return path


def _start(tmp_path: Path, body: str, *options: str,
           new_group: bool = False) -> tuple[subprocess.Popen[str], Path]:
    script, flag = _write(tmp_path / "train.py", body), tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-m", "fwprof", "profile", "-o", str(tmp_path / "run.fwprof"),
                             *options, str(script), str(flag)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=new_group)
    _wait_for(lambda: Path(f"{flag}.ready").exists() or proc.poll() is not None, timeout=60)
    assert proc.poll() is None, proc.communicate()
    time.sleep(0.5)  # steps reach fwprof (flushed every 0.25 s)
    return proc, flag


@pytest.mark.parametrize("to_group", [False, True], ids=["fwprof-only", "foreground-group"])
def test_ctrl_c_runs_the_scripts_own_handler_finally_and_atexit(tmp_path: Path, to_group: bool) -> None:
    proc, flag = _start(tmp_path, HANDLES_CTRL_C, new_group=to_group)
    if to_group:  # what a terminal does: SIGINT to every process of its foreground group
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert flag.read_text() == "handled" and Path(f"{flag}.atexit").read_text() == "atexit ran"
    assert "Exiting from training early\nfinally ran\n" in stdout
    assert "waiting up to 10 s for it to finish (Ctrl-C again to stop it now)" in stderr
    assert proc.returncode == 0, stderr  # as plain python: the script handled it and exited 0
    (run,) = load_snapshot(tmp_path / "run.fwprof").runs
    assert run.status == "stopped" and run.exit_code == 0
    assert run.error == "stopped by user (Ctrl-C): the script exited with code 0"
    assert len(run.steps) > 5
    assert "Traceback" not in stderr


def test_ctrl_c_typed_on_a_terminal_reaches_the_script(tmp_path: Path) -> None:
    """fwprof in the foreground of a real (pseudo-)terminal; the Ctrl-C key, not a kill."""
    import pty

    script, flag = _write(tmp_path / "train.py", HANDLES_CTRL_C), tmp_path / "flag"
    pid, terminal = pty.fork()
    if pid == 0:  # the child: session leader on the new terminal, as a shell's foreground job
        try:
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "fwprof", "profile", "-o",
                                      str(tmp_path / "run.fwprof"), str(script), str(flag)])
        finally:
            os._exit(127)
    screen = _Screen(terminal)
    screen.read_until(lambda: Path(f"{flag}.ready").exists())
    screen.read_for(0.5)
    os.write(terminal, b"\x03")  # the terminal turns it into SIGINT for its foreground group
    screen.read_until(lambda: os.waitpid(pid, os.WNOHANG)[0] == pid)
    text = screen.text()
    assert flag.read_text() == "handled" and Path(f"{flag}.atexit").exists()
    assert "\r\x1b[Kfwprof: Ctrl-C passed to the script; waiting up to 10 s" in text
    lines = screen.lines()  # the live line may be redrawn between the script's two lines
    at = lines.index("Exiting from training early")
    assert lines[at + 1] == "finally ran", lines
    assert "train.py: stopped, exit 0" in text
    (run,) = load_snapshot(tmp_path / "run.fwprof").runs
    assert run.status == "stopped" and run.exit_code == 0


RESIZES = """
    import os, signal, sys, time
    signal.signal(signal.SIGWINCH, lambda *_: print("resized to", *os.get_terminal_size(), flush=True))
    print("size", *os.get_terminal_size(), flush=True)
    open(sys.argv[1] + ".ready", "w").write("ready")
    while not os.path.exists(sys.argv[1] + ".stop"):
        time.sleep(0.05)
"""


def test_resizing_the_terminal_resizes_the_scripts(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    script, flag = _write(tmp_path / "resize.py", RESIZES), tmp_path / "flag"
    pid, terminal = pty.fork()
    if pid == 0:
        try:
            os.execv(sys.executable, [sys.executable, "-m", "fwprof", "profile", "--quiet",
                                      str(script), str(flag)])
        finally:
            os._exit(127)
    screen = _Screen(terminal)
    screen.read_until(lambda: Path(f"{flag}.ready").exists())
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 132, 0, 0))
    screen.read_until(lambda: "resized to 132 40" in screen.text(), timeout=30)
    Path(f"{flag}.stop").write_text("stop")
    screen.read_until(lambda: os.waitpid(pid, os.WNOHANG)[0] == pid)


class _Screen:
    """What a program wrote to the terminal whose master end is ``fd``."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._data = b""

    def read_for(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self._read(0.05):
            pass

    def read_until(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, self.text()
            self._read(0.05)

    def text(self) -> str:
        return self._data.decode(errors="replace")

    def lines(self) -> list[str]:
        """The lines as the terminal shows them in the end: a carriage return moves to the
        line's start, ESC[K erases to its end (how fwprof redraws its live line)."""
        shown: list[str] = []
        line, cursor = "", 0
        for part in self.text().replace("\x1b[K", "\0").split("\n"):
            for char in part:
                if char == "\r":
                    cursor = 0
                elif char == "\0":
                    line = line[:cursor]
                else:
                    line = line[:cursor] + char + line[cursor + 1:]
                    cursor += 1
            shown.append(line)
            line, cursor = "", 0
        return shown

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self._fd], [], [], wait)
        if ready:
            try:
                self._data += os.read(self._fd, 65536)
            except OSError:  # the program closed the terminal
                return False
        return True


def test_a_script_that_ignores_ctrl_c_is_ended_after_the_grace_period(tmp_path: Path) -> None:
    proc, _ = _start(tmp_path, IGNORES_CTRL_C, "--grace", "1")
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert 1.0 <= time.monotonic() - sent < 15
    assert "waiting up to 1 s" in stderr
    assert proc.returncode == 130, stderr
    (run,) = load_snapshot(tmp_path / "run.fwprof").runs
    assert run.status == "stopped" and run.exit_code == -signal.SIGTERM
    assert run.error == "stopped by user: still running 1 s after Ctrl-C, ended with SIGTERM, then SIGKILL"


def test_a_second_ctrl_c_ends_the_script_at_once(tmp_path: Path) -> None:
    proc, _ = _start(tmp_path, IGNORES_CTRL_C, "--grace", "100")
    proc.send_signal(signal.SIGINT)
    time.sleep(0.5)
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - sent < 15
    assert "stopping the script now" in stderr and proc.returncode == 130
    (run,) = load_snapshot(tmp_path / "run.fwprof").runs
    assert run.status == "stopped" and run.exit_code == -signal.SIGTERM
    assert run.error == "stopped by user: Ctrl-C pressed again, ended with SIGTERM, then SIGKILL"


SEES_A_TERMINAL = """
    import os, sys
    print(json.dumps({"stdout": sys.stdout.isatty(), "stderr": sys.stderr.isatty(),
                      "size": tuple(os.get_terminal_size()) if sys.stdout.isatty() else None}))
    sys.stderr.write("\\rprogress 1/2")
    sys.stderr.write("\\rprogress 2/2")
    sys.stderr.flush()
""".replace("import os, sys", "import json, os, sys")


def test_the_script_sees_a_terminal_when_fwprof_runs_on_one(tmp_path: Path) -> None:
    script = _write(tmp_path / "tty.py", SEES_A_TERMINAL)
    output = _run_on_a_terminal([sys.executable, "-m", "fwprof", "profile", str(script)], cols=97, rows=31)
    seen = json.loads(re.search(r'\{"stdout".*\}', output).group(0))  # type: ignore[union-attr]
    assert seen == {"stdout": True, "stderr": True, "size": [97, 31]}
    # the unfinished progress line is left as the script drew it, then ended before fwprof's line
    assert "\rprogress 1/2\rprogress 2/2\n[1/1] tty.py: ok, 0 steps" in output
    plain = subprocess.run([sys.executable, "-m", "fwprof", "profile", str(script)], cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert json.loads(plain.stdout.splitlines()[0]) == {"stdout": False, "stderr": False, "size": None}


def test_a_closed_pipe_ends_fwprof_cleanly_and_leaves_no_session_behind(tmp_path: Path) -> None:
    script = _write(tmp_path / "chatty.py", """
        import fwprof
        for i in range(200000):
            print(f"line {i}")
            if i % 1000 == 0:
                fwprof.step()
    """)
    recovery = tmp_path / "recovery"
    env = {**os.environ, "FWPROF_RECOVERY_DIR": str(recovery)}
    command = f"{sys.executable} -m fwprof profile -o {tmp_path / 'run.fwprof'} {script} | head -1"
    result = subprocess.run(["bash", "-c", command + "; echo \"fwprof ${PIPESTATUS[0]}\" >&2"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert result.stdout == "line 0\n"
    fwprof_lines = [line for line in result.stderr.splitlines() if "fwprof" in line.lower()]
    assert not any("Traceback" in line or "fwprof/" in line for line in fwprof_lines), result.stderr
    assert "Exception ignored" not in result.stderr
    (run,) = load_snapshot(tmp_path / "run.fwprof").runs  # the script failed as under python
    assert run.status == "failed" and "BrokenPipeError" in str(run.error)
    assert result.stderr.rstrip().endswith(f"fwprof {run.exit_code}")
    listing = subprocess.run([sys.executable, "-m", "fwprof", "recover"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0 and "No sessions to recover" in listing.stdout, listing.stdout


def _run_on_a_terminal(argv: list[str], cols: int, rows: int) -> str:
    """Run ``argv`` with a pseudo-terminal as stdout and stderr; everything it wrote there."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


def _wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_json_leaves_the_scripts_stdout_alone(tmp_path: Path) -> None:
    script = _write(tmp_path / "talks.py", """
        import sys
        print("to stdout", end="")  # an unfinished line: the JSON starts on a line of its own
        print("to stderr", file=sys.stderr)
    """)
    run = partial(subprocess.run, cwd=ROOT, capture_output=True, text=True, timeout=60)
    printed = run([sys.executable, "-m", "fwprof", "profile", "--json", str(script)])
    assert printed.returncode == 0, printed.stderr
    head, _, document = printed.stdout.partition("\n")
    assert head == "to stdout" and json.loads(document)["scripts"][0]["status"] == "ok"
    assert "to stderr\n" in printed.stderr
    apart = tmp_path / "summary.json"
    written = run([sys.executable, "-m", "fwprof", "profile", "--json-file", str(apart), str(script)])
    assert written.stdout.startswith("to stdout\n") and "{" not in written.stdout
    assert json.loads(apart.read_text())["scripts"][0]["status"] == "ok"


def test_a_crash_is_printed_once(tmp_path: Path) -> None:
    script = _write(tmp_path / "boom.py", "raise ValueError('boom at step 3')\n")
    result = subprocess.run([sys.executable, "-m", "fwprof", "profile", str(script)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    both = result.stdout + result.stderr
    assert both.count("Traceback") == 1  # the script's own, as plain python prints it
    assert result.stderr.count("ValueError: boom at step 3") == 1
    assert "boom.py: failed, exit 1\n" in result.stderr
    assert result.stdout.count("ValueError: boom at step 3") == 1  # the summary's error line


def test_the_script_reads_fwprofs_stdin_a_pipe_or_the_terminal(tmp_path: Path) -> None:
    import pty

    script = _write(tmp_path / "ask.py", """
        import sys
        name = input("name? ")
        print("hello", name, "from a terminal" if sys.stdin.isatty() else "from a pipe")
    """)
    piped = subprocess.run([sys.executable, "-m", "fwprof", "profile", "--quiet", str(script)],
                           cwd=ROOT, input="Ada\n", capture_output=True, text=True, timeout=60)
    assert piped.returncode == 0 and "hello Ada from a pipe" in piped.stdout, piped.stderr
    pid, terminal = pty.fork()
    if pid == 0:
        try:
            os.execv(sys.executable, [sys.executable, "-m", "fwprof", "profile", "--quiet", str(script)])
        finally:
            os._exit(127)
    screen = _Screen(terminal)
    screen.read_until(lambda: "name? " in screen.text())
    os.write(terminal, b"Grace\n")  # typed on the terminal, as under plain python
    screen.read_until(lambda: os.waitpid(pid, os.WNOHANG)[0] == pid)
    assert "hello Grace from a terminal" in screen.text()
