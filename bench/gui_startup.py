"""GUI start-up: process start to the first painted window, warm and cold.

Targets on the 2-core VM: cold first launch <= 1.0 s, warm <= 0.6 s.

Each start runs ``python -m ui --measure-startup`` (offscreen unless DISPLAY is set), which
prints when the window's first paint came and when the plots were built, then quits.

- warm: one start to fill the page cache, then ``--runs`` starts; the median.
- cold: before each start every file the app reads is evicted from the page cache, as on a
  first launch after boot. ``--cold evict`` (the default) lists those files from a listing
  start (the modules it imported and their ``.pyc`` files, every file it mapped: Python, Qt,
  numpy, fonts, plugins) and drops their pages with ``posix_fadvise(DONTNEED)`` (no root
  needed; other processes' caches stay as they are). ``--cold drop-caches`` runs
  ``sync; echo 3 > /proc/sys/vm/drop_caches`` instead (root only; it empties the cache of the
  whole machine, so every other process pays too). ``fincore`` confirms the eviction where it
  is installed.

The app reads its files ahead on start (:mod:`ui.app.prefetch`); ``--prefetch both`` measures
starts with and without it, alternating (ABBA), to show what it gains.

Usage: python bench/gui_startup.py [--runs 5] [--cold evict|drop-caches|none]
       [--prefetch on|off|both] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(first paint|plots built) ([0-9.]+) s", re.MULTILINE)
CPU = re.compile(r"^first paint [0-9.]+ s after process start \(([0-9.]+) s CPU\)", re.MULTILINE)
DROP_CACHES = Path("/proc/sys/vm/drop_caches")
#: Run in the listing start: the app, then (at exit) every file it imported or mapped.
LISTING = """
import atexit, sys
OUT = sys.argv[1]
def _files():
    found = set()
    for module in list(sys.modules.values()):
        for name in ("__file__", "__cached__"):
            path = getattr(module, name, None)
            if isinstance(path, str):
                found.add(path)
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith("/"):
                found.add(parts[5].strip())
    with open(OUT, "w") as out:
        out.write("\\n".join(sorted(found)))
atexit.register(_files)
sys.argv = ["fwprof-gui", "--measure-startup"]
from ui.app.start import main
raise SystemExit(main())
"""
#: Read by every Qt app at start besides what it maps (font configuration and caches).
FONT_FOLDERS = ("/etc/fonts", "/var/cache/fontconfig", "/usr/share/fonts")


def app_environment() -> dict[str, str]:
    """The app's environment: offscreen without a display, fresh settings each start."""
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="fwprof-bench-config-")
    return env


def one_start(prefetch: bool = True) -> dict[str, float]:
    """Seconds from process start to first paint and to plots built, as the app prints them."""
    env = app_environment()
    if not prefetch:
        env["FWPROF_NO_PREFETCH"] = "1"
    out = subprocess.run([sys.executable, "-m", "ui", "--measure-startup"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    found = {name: float(value) for name, value in LINE.findall(out.stdout)}
    cpu = CPU.search(out.stdout)
    if cpu:
        found["first paint cpu"] = float(cpu.group(1))
    return found


def files_the_app_reads() -> list[Path]:
    """Every file a start imports or maps, plus the font configuration and caches."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as listing:
        subprocess.run([sys.executable, "-c", LISTING, listing.name], cwd=ROOT,
                       env=app_environment(), capture_output=True, timeout=120, check=True)
        files = {Path(line) for line in listing.read().splitlines() if line}
    for folder in FONT_FOLDERS:
        files.update(p for p in Path(folder).rglob("*") if p.is_file())
    files.add(Path(sys.executable).resolve())
    files.add(prefetch_list())  # the read-ahead's own list
    return sorted(p for p in files if p.is_file())


def prefetch_list() -> Path:
    """The list of files the app reads ahead (see :mod:`ui.app.prefetch`)."""
    sys.path.insert(0, str(ROOT))
    from ui.app.prefetch import list_path

    return list_path()


def evict(files: list[Path]) -> None:
    """Drop the files' pages from the page cache (pages other processes map stay)."""
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def drop_caches() -> None:
    """``sync; echo 3 > /proc/sys/vm/drop_caches`` (root only)."""
    os.sync()
    DROP_CACHES.write_text("3\n")


def cached_mib(files: list[Path]) -> float | None:
    """MiB of ``files`` now in the page cache, by ``fincore`` (None without it)."""
    tool = shutil.which("fincore")
    if tool is None:
        return None
    total = 0
    for start in range(0, len(files), 200):
        out = subprocess.run([tool, "--bytes", "--noheadings", "--output", "RES",
                              *map(str, files[start:start + 200])],
                             capture_output=True, text=True, check=False)
        total += sum(int(v) for v in out.stdout.split() if v.isdigit())
    return total / 2**20


def starts(runs: int, modes: tuple[bool, ...], before: Callable[[], None] | None = None
           ) -> dict[bool, list[dict[str, float]]]:
    """``runs`` starts per read-ahead mode, the modes alternating in ABBA order (the machine's
    load drifts); ``before`` runs before each start (emptying the cache for a cold start)."""
    found: dict[bool, list[dict[str, float]]] = {mode: [] for mode in modes}
    for round_number in range(runs):
        order = modes if round_number % 2 == 0 else tuple(reversed(modes))
        for mode in order:
            if before is not None:
                before()
            found[mode].append(one_start(mode))
    return found


def emptier(method: str) -> tuple[Callable[[], None], str, list[Path]]:
    """What empties the cache before a cold start, its description, and the app's files."""
    files = files_the_app_reads()
    size = sum(p.stat().st_size for p in files) / 2**20
    how = f"{method}: {len(files)} files, {size:.0f} MiB"
    return (drop_caches if method == "drop-caches" else lambda: evict(files)), how, files


def median_of(found: list[dict[str, float]], name: str) -> float:
    """The median of one measurement over the starts."""
    return statistics.median(s[name] for s in found)


def report(kind: str, target: float, found: dict[bool, list[dict[str, float]]],
           platform: str, how: str = "") -> dict[str, object]:
    """Print one line per mode; their figures."""
    figures: dict[str, object] = {}
    for mode, runs in found.items():
        label = f"{platform}, read-ahead {'on' if mode else 'off'}{'; ' + how if how else ''}"
        print(f"GUI {kind} start ({label}; median of {len(runs)}): first paint "
              f"{median_of(runs, 'first paint'):.2f} s (target <= {target} s), plots built "
              f"{median_of(runs, 'plots built'):.2f} s, CPU to first paint "
              f"{median_of(runs, 'first paint cpu'):.2f} s; each: "
              + ", ".join(f"{s['first paint']:.2f}" for s in runs), flush=True)
        figures["on" if mode else "off"] = {
            "first_paint_s": [s["first paint"] for s in runs],
            "median_first_paint_s": median_of(runs, "first paint"),
            "median_cpu_to_first_paint_s": median_of(runs, "first paint cpu"), "how": how}
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", choices=("evict", "drop-caches", "none"), default="evict")
    parser.add_argument("--prefetch", choices=("on", "off", "both"), default="on")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.cold == "drop-caches" and not os.access(DROP_CACHES, os.W_OK):
        parser.error("--cold drop-caches needs root (try --cold evict)")
    modes = {"on": (True,), "off": (False,), "both": (False, True)}[args.prefetch]
    platform = "Xvfb/X11" if os.environ.get("DISPLAY") else "offscreen"
    result: dict[str, object] = {"platform": platform, "runs": args.runs}
    if args.cold != "none":
        empty, how, files = emptier(args.cold)
        empty()
        left = cached_mib(files)  # what emptying could not drop
        if left is not None:
            how += f", {left:.0f} MiB of them still cached after emptying (mapped by others)"
        result["cold"] = report("cold", 1.0, starts(args.runs, modes, empty), platform, how)
    one_start()  # fills the cache again
    result["warm"] = report("warm", 0.6, starts(args.runs, modes), platform)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
