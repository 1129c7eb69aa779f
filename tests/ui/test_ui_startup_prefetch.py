"""Start-up read-ahead: a run records the files it used, the next start asks the kernel for
them ahead; the bench's cold start really empties the page cache of the app's files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.app import prefetch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import gui_startup  # noqa: E402  (bench/ is not a package)


def _app_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), **extra}


def test_a_start_records_what_it_used_for_the_next_one(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ui", "--measure-startup"], cwd=ROOT,
                            env=_app_env(tmp_path), capture_output=True, text=True, timeout=120,
                            check=True)
    assert "first paint" in result.stdout and "s CPU)" in result.stdout
    listed = prefetch.recorded_files(prefetch.list_path({"XDG_CACHE_HOME": str(tmp_path / "cache")}))
    names = [Path(p).name for p in listed]
    assert any(name.startswith("libQt6Core.so") for name in names)
    assert any(name.startswith("_multiarray_umath") for name in names)
    assert any(name.startswith("main_window.cpython") for name in names)
    libraries = [i for i, p in enumerate(listed) if ".so" in Path(p).name]
    compiled = [i for i, p in enumerate(listed) if p.endswith(".pyc")]
    assert max(libraries) < min(compiled)  # libraries first: they are the big reads


def test_read_ahead_asks_for_every_readable_file(tmp_path: Path) -> None:
    files = [tmp_path / f"f{i}" for i in range(3)]
    for path in files:
        path.write_bytes(b"x" * 8192)
    assert prefetch.read_ahead([*map(str, files), str(tmp_path / "missing")]) == 3
    thread = prefetch.start()
    assert thread is not None and thread.daemon
    thread.join(30)
    assert not thread.is_alive()


def test_without_a_recorded_list_the_libraries_are_read_ahead() -> None:
    names = [Path(p).name for p in prefetch.library_files()]
    assert any(name.startswith("libQt6Widgets.so") for name in names)
    assert any(name.startswith("QtCore.abi3") for name in names)


@pytest.mark.skipif(shutil.which("fincore") is None, reason="fincore (util-linux) is missing")
def test_the_bench_s_cold_start_empties_the_cache_of_a_file(tmp_path: Path) -> None:
    path = tmp_path / "blob"
    path.write_bytes(os.urandom(8 << 20))
    path.read_bytes()  # cached now
    os.sync()  # dirty pages cannot be dropped
    assert gui_startup.cached_mib([path]) > 4
    gui_startup.evict([path])
    assert gui_startup.cached_mib([path]) < 1
