"""Cold start: have the kernel read the app's files while Python imports.

On a cold launch (after a reboot, or once the page cache has dropped the app's files) the
start mostly waits for the disk: each Qt and numpy library and each of ~1,400 ``.pyc`` files
is read by a page fault or a small ``read`` when the import reaches it, one after another.
:func:`start` asks the kernel, from a daemon thread, to read them ahead
(``posix_fadvise(WILLNEED)``: the reads are queued and the call releases the GIL), so the
disk works while Python runs. Measured with ``bench/gui_startup.py --prefetch both`` on the
2-core VM (offscreen, medians, starts alternating), first paint without / with: while other
jobs loaded it (load ~3.4), after ``drop_caches`` 0.93 / 0.66 s (3 each), after evicting the
app's files 0.78 / 0.69 s and 0.84 / 0.80 s (8 each); on the quiet machine (load ~0.7)
0.57 / 0.56 s and 0.55 / 0.51 s. A warm start pays about 0.02 s (0.32 / 0.34 s).

Which files: those the previous run used (:func:`record`, at exit: every library it mapped,
then every module's ``.pyc`` in import order), kept in the user's cache folder; before any
run has recorded them, Qt's, PySide6's and numpy's libraries. Imports only the standard
library (it runs before PySide6 is imported); nothing happens without ``posix_fadvise``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path

LIST_NAME = "startup-files.txt"
DISABLE_ENV = "FWPROF_NO_PREFETCH"
#: Without a recorded list: Qt's libraries and plugins, then PySide6's and numpy's.
LIBRARY_GLOBS = (("shiboken6", "*.so*"), ("PySide6", "Qt/lib/libQt6Core.so*"),
                 ("PySide6", "Qt/lib/libicu*.so*"), ("PySide6", "Qt/lib/libQt6Gui.so*"),
                 ("PySide6", "Qt/lib/libQt6DBus.so*"), ("PySide6", "Qt/lib/libQt6Widgets.so*"),
                 ("PySide6", "Qt/lib/libQt6XcbQpa.so*"), ("PySide6", "Qt/plugins/platforms/*.so"),
                 ("PySide6", "Qt*.abi3.so"), ("numpy", "_core/_multiarray_umath*.so"),
                 ("numpy", "../numpy.libs/*.so*"))


def list_path(environ: dict[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/fwprof/startup-files.txt`` (``~/.cache`` by default)."""
    env = os.environ if environ is None else environ
    cache = env.get("XDG_CACHE_HOME", "")
    base = Path(cache) if os.path.isabs(cache) else Path.home() / ".cache"
    return base / "fwprof" / LIST_NAME


def recorded_files(path: Path | None = None) -> list[str]:
    """The files the last run recorded (empty if none did)."""
    try:
        return (path or list_path()).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def library_files() -> list[str]:
    """Qt's, PySide6's and numpy's libraries, found without importing them."""
    found: list[str] = []
    folders: dict[str, Path | None] = {}
    for package, pattern in LIBRARY_GLOBS:
        if package not in folders:
            folders[package] = _package_folder(package)
        folder = folders[package]
        if folder is not None:
            found += sorted(str(p) for p in folder.glob(pattern))
    return found


def used_files() -> list[str]:
    """What this process has used: mapped files (libraries, fonts), then modules' ``.pyc``."""
    mapped: dict[str, None] = {}
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            for line in maps:
                parts = line.split(maxsplit=5)
                if len(parts) == 6 and parts[5].startswith("/"):
                    mapped[parts[5].strip()] = None
    except OSError:
        pass
    compiled = [getattr(m, "__cached__", None) for m in list(sys.modules.values())]
    return list(mapped) + [c for c in compiled if isinstance(c, str)]


def record(path: Path | None = None) -> None:
    """Keep :func:`used_files` for the next start (errors are ignored: it is only a hint)."""
    target = path or list_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + f".{os.getpid()}.tmp")
        partial.write_text("\n".join(used_files()), encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass


def read_ahead(paths: Iterable[str]) -> int:
    """Ask the kernel to read each file into the page cache; returns how many it was asked."""
    asked = 0
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
            asked += 1
        except OSError:
            pass
        finally:
            os.close(fd)
    return asked


def start() -> threading.Thread | None:
    """Read ahead in a daemon thread (None without ``posix_fadvise`` or with
    ``$FWPROF_NO_PREFETCH`` set)."""
    if not hasattr(os, "posix_fadvise") or os.environ.get(DISABLE_ENV):
        return None
    thread = threading.Thread(target=lambda: read_ahead(recorded_files() or library_files()),
                              daemon=True, name="fwprof-prefetch")
    thread.start()
    return thread


def _package_folder(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return Path(locations[0]) if locations else None
