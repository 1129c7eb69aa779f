"""Size and contents of the standalone bundle, and the checks ``make package`` ends with.

    .venv/bin/python packaging/bundle_report.py [dist/fwprof]

Prints the total size, the largest parts, and fails (status 1) when a deep learning framework
slipped in, or when what the user's interpreter needs to run children is missing: fwprof's
``.py`` sources (not only frozen bytecode), and the app's icon and desktop entry.
"""

from __future__ import annotations

import sys
from pathlib import Path

BUNDLE = Path(__file__).resolve().parent.parent / "dist" / "fwprof"
#: Top-level names that must never be in the bundle (nor their dist-info).
FORBIDDEN = ("torch", "tensorflow", "keras", "tensorboard", "jax")
#: Files the children and the app need, relative to the bundle's ``_internal`` folder.
REQUIRED = (
    "fwprof/__init__.py", "fwprof/child/__main__.py", "fwprof/child/torch_backend.py",
    "fwprof/child/tf_backend.py", "fwprof/workloads/torch_models.py",
    "fwprof/workloads/keras_models.py", "fwprof/scenarios/profile/bootstrap.py",
    "ui/assets/icons/fwprof.svg", "ui/assets/icons/fwprof-256.png",
    "ui/assets/io.github.fwprof.Fwprof.desktop",
)


def size_of(path: Path) -> int:
    """Bytes under ``path`` (links not followed, so nothing is counted twice)."""
    if path.is_symlink() or path.is_file():
        return path.lstat().st_size
    return sum(size_of(child) for child in path.iterdir())


def forbidden_entries(internal: Path) -> list[str]:
    """Entries of ``internal`` that belong to a deep learning framework."""
    return sorted(entry.name for entry in internal.iterdir()
                  if entry.name.split("-")[0].split(".")[0].lower() in FORBIDDEN)


def missing_files(internal: Path) -> list[str]:
    """Required files that are not in the bundle."""
    return [name for name in REQUIRED if not (internal / name).is_file()]


def report(bundle: Path, top: int = 12) -> tuple[list[str], list[str]]:
    """The text report (lines) and the problems found (empty when the bundle is fine)."""
    internal = bundle / "_internal"
    if not internal.is_dir():
        return [], [f"{bundle}: no bundle here (run `make package`)"]
    parts = sorted(((size_of(p), p.name) for p in internal.iterdir()), reverse=True)
    lines = [f"bundle: {bundle}  {size_of(bundle) / 2**20:.0f} MiB in "
             f"{sum(1 for _ in bundle.rglob('*'))} files",
             f"largest of {len(parts)} entries in _internal:"]
    lines += [f"  {size / 2**20:7.1f} MiB  {name}" for size, name in parts[:top]]
    sources = sorted(p.relative_to(internal) for p in (internal / "fwprof").rglob("*.py"))
    lines.append(f"fwprof sources for the children: {len(sources)} .py files")
    problems = [f"a framework is in the bundle: {name}" for name in forbidden_entries(internal)]
    problems += [f"missing from the bundle: {name}" for name in missing_files(internal)]
    return lines, problems


def main(argv: list[str]) -> int:
    """Print the report; status 1 when there are problems."""
    lines, problems = report(Path(argv[0]) if argv else BUNDLE)
    print("\n".join(lines + [f"PROBLEM: {p}" for p in problems]))
    print("bundle checks: " + ("FAILED" if problems else "ok (no torch, tensorflow or keras)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
