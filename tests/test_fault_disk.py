"""The disk is full, or the output folder read-only, when fwprof saves.

The save fails with the system's reason and leaves no partial file; nothing recorded is lost:
the autosave stays in the recovery folder and ``fwprof recover`` restores it. A failing
autosave (recovery folder full or unusable) never stops a session.
"""

from __future__ import annotations

import errno
import os
import re
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_records import script_session
from test_fault_tools import FAULT_SCRIPT, cleanup, fwprof, start_fwprof, wait_for

from fwprof.outputs.snapshot import save_snapshot
from fwprof.snapshot import SnapshotError, load_snapshot

SLOW_SCRIPT = """
    import time, fwprof
    for _ in range(3):
        fwprof.step()
    time.sleep(2.5)
"""


@pytest.fixture
def tiny_fs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (skips where mounting is not allowed)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=755", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def _recover_from_message(stderr: str, tmp_path: Path) -> Path:
    (session_id,) = re.findall(r"fwprof recover (\S+) -o OTHER\.fwprof", stderr)
    out = tmp_path / "recovered.fwprof"
    result = fwprof("recover", session_id, "-o", str(out), recovery=tmp_path / "recovery")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "recovery").iterdir()) == []
    return out


def test_a_full_disk_at_save_time_loses_nothing(tmp_path: Path, tiny_fs: Path) -> None:
    _fill(tiny_fs)
    out = tiny_fs / "out.fwprof"
    result = fwprof("profile", "--quiet", "-o", str(out), str(FAULT_SCRIPT), "ok", str(tmp_path / "pids"),
                    recovery=tmp_path / "recovery")
    assert result.returncode == 1
    assert f"cannot write {out}: No space left on device" in result.stderr
    assert "nothing is lost" in result.stderr
    assert sorted(p.name for p in tiny_fs.iterdir()) == ["filler"]  # no partial file
    (run,) = load_snapshot(_recover_from_message(result.stderr, tmp_path)).runs
    assert run.status == "ok" and len(run.steps) == 5


def test_an_output_folder_made_read_only_mid_run_loses_nothing(tmp_path: Path, tiny_fs: Path) -> None:
    script = tmp_path / "slow.py"
    script.write_text(textwrap.dedent(SLOW_SCRIPT))
    out = tiny_fs / "out.fwprof"
    proc = start_fwprof("profile", "--quiet", "-o", str(out), str(script), recovery=tmp_path / "recovery")
    with cleanup(proc):
        wait_for(lambda: list((tmp_path / "recovery").glob("*.json")), what="the session to start")
        subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert f"cannot write {out}: Read-only file system" in stderr
    (run,) = load_snapshot(_recover_from_message(stderr, tmp_path)).runs
    assert run.status == "ok" and len(run.steps) == 3


def test_a_read_only_output_folder_is_refused_before_anything_runs(tmp_path: Path, tiny_fs: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    result = fwprof("profile", "-o", str(tiny_fs / "x.fwprof"), str(FAULT_SCRIPT), "ok", "pids",
                    recovery=tmp_path / "recovery")
    assert result.returncode == 2 and f"output folder {tiny_fs} is not writable" in result.stderr


def test_a_full_recovery_folder_does_not_stop_the_session(tmp_path: Path, tiny_fs: Path) -> None:
    _fill(tiny_fs)
    out = tmp_path / "out.fwprof"
    result = fwprof("profile", "--quiet", "-o", str(out), str(FAULT_SCRIPT), "ok", str(tmp_path / "pids"),
                    recovery=tiny_fs)
    assert result.returncode == 0, result.stderr
    assert "warning: the last autosave failed" in result.stderr and "No space left on device" in result.stderr
    assert load_snapshot(out).runs[0].status == "ok"


def test_an_unusable_recovery_folder_only_warns(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    result = fwprof("profile", "--quiet", str(FAULT_SCRIPT), "ok", str(tmp_path / "pids"), recovery=blocker)
    assert result.returncode == 0, result.stderr
    assert "this session is not autosaved" in result.stderr


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EIO])
@pytest.mark.parametrize("call", ["write", "replace"])
def test_a_failed_save_names_the_cause_and_leaves_no_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, call: str) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if call == "write":
        monkeypatch.setattr("fwprof.snapshot.io.os.fsync", fail)
    else:
        monkeypatch.setattr("fwprof.snapshot.io.os.replace", fail)
    message = f"cannot write {tmp_path / 's.fwprof'}: {os.strerror(code)}"
    with pytest.raises(SnapshotError, match=re.escape(message)):
        save_snapshot(script_session(), tmp_path / "s.fwprof")
    assert list(tmp_path.iterdir()) == []
