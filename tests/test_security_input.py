"""Bad input on the command line: one message naming the bad value, exit status 2, no traceback,
and nothing started. (More ``fwprof profile`` cases: test_script_cli.py; ``recover``:
test_recover_cli.py.)"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from export_records import script_session

from fwprof.cli.main import main
from fwprof.outputs.snapshot import save_snapshot

Make = Callable[[Path], list[str]]


def _fails_with(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    try:
        status = main(args)
    except SystemExit as exc:  # argparse's own checks (types, choices)
        status = int(exc.code or 0)
    err = capsys.readouterr().err
    assert status == 2, err
    assert message in err and "Traceback" not in err


RUN_CASES = [
    (["--steps", "0"], "steps 0 is out of range (1-10000000)"),
    (["--steps", "-5"], "steps -5 is out of range"),
    (["--steps", "abc"], "argument --steps: invalid int value: 'abc'"),
    (["--warmup", "-1"], "warm-up steps -1 is out of range (0-10000000)"),
    (["--repeats", "0"], "repeats 0 is out of range (1-1000)"),
    (["--repeats", "1001"], "repeats 1001 is out of range (1-1000)"),
    (["--threads", "-1"], "threads -1 is out of range (1-4096)"),
    (["--threads", "99999"], "threads 99999 is out of range (1-4096)"),
    (["--interop-threads", "-2"], "inter-op threads -2 is out of range"),
    (["--batch-size", "-1"], "batch size -1 is out of range"),
    (["--batch-size", "1.5"], "argument --batch-size: invalid int value: '1.5'"),
    (["--rate", "0"], "sample rate 0.0 Hz is outside 1-100 Hz"),
    (["--rate", "nan"], "sample rate nan Hz is outside 1-100 Hz"),
    (["--rate", "inf"], "sample rate inf Hz is outside 1-100 Hz"),
    (["--rate", "fast"], "argument --rate: invalid float value: 'fast'"),
    (["--seed", "-1"], "seed -1 is out of range (0-4294967295)"),
    (["--seed", str(2**32)], f"seed {2**32} is out of range"),
    (["--device", "tpu"], "argument --device: invalid choice: 'tpu' (choose from 'cpu', 'cuda')"),
    (["--precision", "fp8"], "invalid choice: 'fp8' (choose from 'fp32', 'tf32', 'bf16', 'fp16')"),
    (["--workload", "nope"], "unknown workload 'nope'; choose from mlp"),
    (["--framework", "jax"], "unknown framework 'jax'; choose from torch, tensorflow"),
    (["--task", "fly"], "unknown task 'fly'; choose from train, infer"),
    (["--mode", "turbo"], "unknown mode 'turbo'; choose from eager, graph, compiled"),
    (["--workload", ","], "no workload chosen"),
    (["-o", "/no/such/folder/x.fwprof"], "output folder /no/such/folder does not exist"),
]


@pytest.mark.parametrize(("args", "message"), RUN_CASES, ids=[" ".join(a) for a, _ in RUN_CASES])
def test_run_options(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    _fails_with(capsys, ["run", *args], message)


def test_run_output_that_is_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _fails_with(capsys, ["run", "-o", str(tmp_path)], f"output {tmp_path} is a directory")


def _unreadable(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = tmp / "secret.py"
    script.write_text("print('hi')\n")
    if os.geteuid() != 0:
        script.chmod(0)
    else:  # root reads anything: make the read fail as it would for anyone else
        real = Path.read_bytes

        def read_bytes(self: Path) -> bytes:
            if self.name == "secret.py":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    return script


def test_an_unreadable_script(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    script = _unreadable(tmp_path, monkeypatch)
    _fails_with(capsys, ["profile", str(script)], f"cannot read {script}: Permission denied")


def test_a_fifo_or_device_as_script_is_refused_without_blocking(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.py")
    _fails_with(capsys, ["profile", str(tmp_path / "pipe.py")], "pipe.py is not a regular file")
    _fails_with(capsys, ["profile", "/dev/zero"], "/dev/zero is not a regular file")


def test_a_huge_file_as_script_is_refused_without_reading_it(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    huge = tmp_path / "huge.py"
    with huge.open("wb") as handle:
        handle.truncate(1 << 30)  # sparse
    _fails_with(capsys, ["profile", str(huge)], "huge.py is larger than 64 MiB: not a Python script")


PROFILE_CASES = [
    (["--rate", "abc", "x.py"], "argument --rate: invalid float value: 'abc'"),
    (["--rate", "0.5", "x.py"], "sample rate 0.5 Hz is outside 1-100 Hz"),
    (["--pid", "abc"], "argument --pid: invalid int value: 'abc'"),
    (["--pid", "-5"], "no process with pid -5"),
    (["--pid", str(os.getpid())], "fwprof cannot attach to itself"),
    (["--env", "=x", "x.py"], "--env '=x' is not NAME=VALUE"),
    (["-o", "/no/such/folder/x.fwprof", "--pid", "1"], "output folder /no/such/folder does not exist"),
]


@pytest.mark.parametrize(("args", "message"), PROFILE_CASES, ids=[" ".join(a) for a, _ in PROFILE_CASES])
def test_profile_options(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    _fails_with(capsys, ["profile", *args], message)


def _empty(tmp: Path) -> Path:
    (tmp / "empty.fwprof").write_bytes(b"")
    return tmp / "empty.fwprof"


def _text(tmp: Path) -> Path:
    (tmp / "notes.fwprof").write_text("hello")
    return tmp / "notes.fwprof"


def _truncated(tmp: Path) -> Path:
    data = save_snapshot(script_session(), tmp / "whole.fwprof").read_bytes()
    (tmp / "cut.fwprof").write_bytes(data[: len(data) // 2])
    return tmp / "cut.fwprof"


def _json_not_ours(tmp: Path) -> Path:
    (tmp / "other.fwprof").write_bytes(gzip.compress(b'{"hello": "world"}'))
    return tmp / "other.fwprof"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe.fwprof")
    return tmp / "pipe.fwprof"


SNAPSHOT_CASES: list[tuple[Callable[[Path], Path], str]] = [
    (lambda tmp: tmp / "missing.fwprof", "missing.fwprof: cannot read: No such file or directory"),
    (lambda tmp: tmp, "cannot read: Is a directory"),
    (_fifo, "invalid snapshot: not a regular file"),
    (lambda tmp: Path("/dev/zero"), "invalid snapshot: not a regular file"),
    (_empty, "not a gzip-compressed fwprof snapshot"),
    (_text, "not a gzip-compressed fwprof snapshot"),
    (_truncated, "compressed data is damaged or truncated"),
    (_json_not_ours, "not an fwprof snapshot"),
]


@pytest.mark.parametrize(("make", "message"), SNAPSHOT_CASES)
@pytest.mark.parametrize("command", [["show"], ["export", "-f", "json", "-o", "-"]])
def test_bad_snapshot_files_for_show_and_export(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                make: Callable[[Path], Path], message: str,
                                                command: list[str]) -> None:
    _fails_with(capsys, [command[0], str(make(tmp_path)), *command[1:]], message)


def test_export_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    snapshot = str(save_snapshot(script_session(), tmp_path / "s.fwprof"))
    _fails_with(capsys, ["export", snapshot, "-f", "pdf"], "argument -f/--format: invalid choice: 'pdf'")
    _fails_with(capsys, ["export", snapshot], "the following arguments are required: -f/--format")
    _fails_with(capsys, ["export", snapshot, "-f", "csv", "-o", "-"], "format csv writes several files")
    _fails_with(capsys, ["export", snapshot, "-f", "html", "-o", "/no/such/dir/x.html"],
                "output folder /no/such/dir does not exist")
