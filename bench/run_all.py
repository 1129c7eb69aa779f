"""``make bench``: every fwprof benchmark in turn, one table, and bench/results.json.

Each benchmark is its own script (run it alone for details); this runs them one after another
in fresh processes, so none disturbs another, and records the machine they ran on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fwprof.environment import capture_host  # noqa: E402

#: (name, script, extra arguments)
BENCHMARKS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("harness transparency", "harness_overhead.py", ("--repeats", "12")),
    ("timing loop cost, in one process", "loop_overhead.py", ()),
    ("sampler overhead", "sampler_overhead.py", ()),
    ("snapshot of a 1-hour session", "snapshot_io.py", ()),
    ("GUI cold start", "gui_startup.py", ()),
    ("GUI cold start with a 1-hour snapshot", "gui_open_snapshot.py", ()),
    ("GUI live plotting: frame time and stalls", "gui_plotting.py", ()),
    ("time to a verdict and repeatability", "time_to_verdict.py", ()),
)


def run_one(name: str, script: str, extra: tuple[str, ...], folder: Path) -> dict[str, object]:
    out = folder / f"{script}.json"
    print(f"\n== {name} ({script})", flush=True)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--json", str(out), *extra],
                          cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or not out.exists():
        return {"error": f"exit status {done.returncode}", "seconds": seconds}
    return {"result": json.loads(out.read_text()), "seconds": seconds}


def main() -> int:
    host = capture_host()
    print(f"fwprof benchmarks on {host['cpu_model']} ({host['cores_available']} cores), "
          f"Python {host['python']}")
    with tempfile.TemporaryDirectory() as folder:
        results = {name: run_one(name, script, extra, Path(folder)) for name, script, extra in BENCHMARKS}
    (ROOT / "bench" / "results.json").write_text(json.dumps({"host": host, "benchmarks": results}, indent=2))
    print("\nWrote bench/results.json")
    return 1 if any("error" in r for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
