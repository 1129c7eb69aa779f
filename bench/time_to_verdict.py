"""Time to a verdict, and how repeatable it is.

Runs ``fwprof run --preset quick`` end to end ``--sessions`` times (process start to exit,
everything included: planning, every child, statistics, printing). Reports the wall time of
each session (target <= 60 s here) and, per configuration and framework, the coefficient of
variation of the reported throughput across sessions.

Usage: python bench/time_to_verdict.py [--sessions 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def one_session(folder: Path, index: int) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "fwprof", "run", "--preset", "quick", "--json", "--quiet",
         "-o", str(folder / f"s{index}.fwprof")],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return time.perf_counter() - start, json.loads(out.stdout)


def repeatability(summaries: list[dict[str, Any]]) -> dict[str, float]:
    """Coefficient of variation (%) of each group's throughput across sessions."""
    values: dict[str, list[float]] = {}
    for summary in summaries:
        for group in summary["groups"]:
            key = f"{group['framework']} {group['workload']} {group['task']} {group['mode']}"
            if group["throughput"]:
                values.setdefault(key, []).append(group["throughput"]["median"])
    return {key: 100 * statistics.stdev(v) / statistics.mean(v) for key, v in values.items() if len(v) > 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        results = [one_session(Path(folder), i) for i in range(args.sessions)]
    walls = [wall for wall, _ in results]
    cv = repeatability([summary for _, summary in results])
    print(f"Quick preset end to end: {', '.join(f'{w:.1f}' for w in walls)} s "
          f"(median {statistics.median(walls):.1f} s; target <= 60 s)")
    print("throughput coefficient of variation across sessions:")
    for key, value in cv.items():
        print(f"  {key:<34} {value:5.1f} %")
    if args.json:
        args.json.write_text(json.dumps({"wall_s": walls, "cv_percent": cv}, indent=2))


if __name__ == "__main__":
    main()
