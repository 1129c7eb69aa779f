"""GUI cold start: process start to the first painted window (target <= 1.0 s here).

Runs ``python -m ui --measure-startup`` (offscreen unless DISPLAY is set) ``--runs`` times and
reports the median of what the app prints for "first paint" and "plots built".

Usage: python bench/gui_startup.py [--runs 5] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINE = re.compile(r"^(first paint|plots built) ([0-9.]+) s", re.MULTILINE)


def one_start() -> dict[str, float]:
    env = dict(os.environ)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-m", "ui", "--measure-startup"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60, check=True)
    return {name: float(value) for name, value in LINE.findall(out.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    starts = [one_start() for _ in range(args.runs)]
    result = {name: statistics.median(s[name] for s in starts) for name in starts[0]}
    platform = "Xvfb/X11" if os.environ.get("DISPLAY") else "offscreen"
    print(f"GUI cold start ({platform}, median of {args.runs}): first paint "
          f"{result['first paint']:.2f} s (target <= 1.0 s), plots built {result['plots built']:.2f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
