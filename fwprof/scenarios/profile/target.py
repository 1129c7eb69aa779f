"""Checking what ``fwprof profile`` was asked to run, before anything starts.

Each check raises :class:`~fwprof.config.ConfigError` with one message for the user.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import psutil

from fwprof.config import ConfigError

#: A script larger than this is refused without reading it.
MAX_SCRIPT_BYTES = 64 << 20


def check_script(script: str, cwd: str = "") -> None:
    """The script exists (relative to ``cwd``), is a readable file, and compiles as Python."""
    path = Path(cwd or ".") / script
    if not path.exists():
        raise ConfigError(f"script {script} does not exist")
    if path.is_dir():
        raise ConfigError(f"{script} is a directory, not a Python script")
    if not path.is_file():  # a FIFO or a device would block or never end
        raise ConfigError(f"{script} is not a regular file")
    try:
        if path.stat().st_size > MAX_SCRIPT_BYTES:
            raise ConfigError(f"{script} is larger than {MAX_SCRIPT_BYTES >> 20} MiB: not a Python script")
        source = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {script}: {exc.strerror or exc}") from exc
    if b"\0" in source:
        raise ConfigError(f"{script} is not a Python script (it holds binary data)")
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        raise ConfigError(_syntax_message(script, path, exc)) from exc
    except ValueError as exc:  # e.g. undecodable source
        raise ConfigError(f"{script} is not a Python script ({exc})") from exc


def check_cwd(cwd: str) -> None:
    """The folder to run in exists."""
    if cwd and not Path(cwd).is_dir():
        raise ConfigError(f"folder {cwd} does not exist")


def find_python(python: str) -> str:
    """The interpreter's path (``python`` may be a name on PATH); ConfigError if not found."""
    found = shutil.which(python) if os.sep not in python else python
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        raise ConfigError(f"Python interpreter {python} not found or not executable")
    return str(Path(found).absolute())


def check_pid(pid: int) -> None:
    """A running process other than this one."""
    if pid <= 0 or not psutil.pid_exists(pid):
        raise ConfigError(f"no process with pid {pid}")
    if pid == os.getpid():
        raise ConfigError("fwprof cannot attach to itself")
    try:
        if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            raise ConfigError(f"process {pid} has already exited")
    except psutil.Error as exc:
        raise ConfigError(f"cannot read process {pid}: {exc}") from exc


def parse_env(pairs: list[str]) -> tuple[tuple[str, str], ...]:
    """``["K=V", ...]`` as pairs; ConfigError for an entry without a name."""
    parsed = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--env {pair!r} is not NAME=VALUE")
        parsed.append((key, value))
    return tuple(parsed)


def _syntax_message(script: str, path: Path, exc: SyntaxError) -> str:
    where = f"line {exc.lineno}: " if exc.lineno else ""
    if path.suffix not in (".py", ".pyw", ""):
        return f"{script} does not look like a Python script ({where}{exc.msg})"
    return f"{script} has a syntax error ({where}{exc.msg})"
