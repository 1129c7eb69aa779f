"""The Python interpreter that runs workloads and scripts: found, probed and described.

fwprof's own interpreter may have neither framework (the standalone app bundle never has one),
so children can run on another one: ``fwprof run --python PATH``, or the one picked in the app's
Settings. Found automatically: the active
virtual environment (``$VIRTUAL_ENV``, ``$CONDA_PREFIX``), then ``python3``/``python`` on
``PATH`` (and this process's interpreter when not frozen). A probe runs the interpreter once
(``python -c``) with the environment children get, and reports its Python version, the
framework versions from package metadata (nothing is imported) and whether it can import
``fwprof`` and ``numpy``, which every child needs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.environment import FRAMEWORK_DISTRIBUTIONS
from fwprof.launch.child_env import PACKAGE_ROOT

PROBE_TIMEOUT_S = 30.0


class InterpreterError(RuntimeError):
    """The interpreter asked for cannot run fwprof's children (the message says why)."""

#: Runs in the probed interpreter; prints one JSON object (no framework is imported).
PROBE_CODE = """\
import importlib.util, json, sys
from importlib import metadata
def version(names):
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return None
out = {"executable": sys.executable, "version": sys.version.split()[0],
       "frameworks": {k: version(v) for k, v in json.loads(sys.argv[1]).items()},
       "numpy": getattr(importlib.util.find_spec("numpy"), "origin", None) is not None}
try:
    import fwprof.child.__main__
    out["fwprof"] = fwprof.__file__
except Exception as exc:
    out["fwprof_error"] = f"{type(exc).__name__}: {exc}"
print(json.dumps(out))
"""


@dataclass(frozen=True)
class InterpreterInfo:
    """What a probe learnt about one interpreter (``error`` says why it cannot run children)."""

    path: str
    version: str = ""
    executable: str = ""
    frameworks: dict[str, str | None] = field(default_factory=dict)
    fwprof_path: str = ""
    error: str = ""

    @property
    def usable(self) -> bool:
        """It can start fwprof's children (whether or not it has a framework)."""
        return not self.error

    def missing(self) -> list[str]:
        """Frameworks this interpreter lacks."""
        return [name for name in FRAMEWORKS if not self.frameworks.get(name)]

    def summary(self) -> str:
        """One line: Python and framework versions, or the error."""
        if self.error:
            return self.error
        parts = [f"Python {self.version}"]
        for name in FRAMEWORKS:
            parts.append(f"{FRAMEWORK_LABELS[name]} {self.frameworks.get(name) or 'not installed'}")
        return " · ".join(parts)

    def problems(self) -> list[str]:
        """Sentences for people: what will not work with this interpreter."""
        if self.error:
            return [self.error]
        return [f"{FRAMEWORK_LABELS[name]} is not installed in {self.path}: its runs will be "
                "skipped (pick another interpreter, or pip install it there)"
                for name in self.missing()]


def is_frozen() -> bool:
    """True inside the standalone (PyInstaller) bundle."""
    return bool(getattr(sys, "frozen", False))


def is_own_interpreter(path: str) -> bool:
    """True when ``path`` is this process's interpreter (never inside a bundle, whose
    executable is not a Python): nothing to probe, what this process sees is what children see."""
    return path == sys.executable and not is_frozen()


def candidate_interpreters(environ: Mapping[str, str] | None = None,
                           include_self: bool | None = None) -> list[str]:
    """Interpreters found on this machine, most likely first, without duplicates.

    ``include_self``: offer this process's interpreter (default: when not frozen, since a
    bundle's executable is not a Python).
    """
    env = os.environ if environ is None else environ
    found: list[str] = []
    if include_self if include_self is not None else not is_frozen():
        found.append(sys.executable)
    for variable in ("VIRTUAL_ENV", "CONDA_PREFIX"):
        if env.get(variable):
            found.append(str(Path(env[variable]) / "bin" / "python"))
    for name in ("python3", "python"):
        path = shutil.which(name, path=env.get("PATH"))
        if path:
            found.append(path)
    unique = dict.fromkeys(os.path.abspath(p) for p in found if os.access(p, os.X_OK))
    return list(unique)  # abspath, not realpath: a venv's python links to its base python


def probe_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment children get, as far as importing goes: fwprof's root on PYTHONPATH."""
    env = dict(os.environ if environ is None else environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    return env


def probe_interpreter(path: str, timeout_s: float = PROBE_TIMEOUT_S) -> InterpreterInfo:
    """Run ``path`` once and describe it (never raises: problems go to ``error``)."""
    if not path:
        return InterpreterInfo(path, error="no Python interpreter given")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return InterpreterInfo(path, error=f"{path}: not found or not executable")
    argv = [path, "-c", PROBE_CODE, json.dumps(FRAMEWORK_DISTRIBUTIONS)]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s,
                              env=probe_environment(), stdin=subprocess.DEVNULL, check=False)
    except subprocess.TimeoutExpired:
        return InterpreterInfo(path, error=f"{path}: did not answer within {timeout_s:.0f} s")
    except OSError as exc:
        return InterpreterInfo(path, error=f"{path}: could not start ({exc.strerror or exc})")
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        last = done.stderr.strip().splitlines()[-1:]
        return InterpreterInfo(path, error=f"{path}: not a working Python interpreter"
                               + (f" ({last[0]})" if last else ""))
    return _info_from_probe(path, found)


def _info_from_probe(path: str, found: dict[str, object]) -> InterpreterInfo:
    frameworks = found.get("frameworks")
    info = InterpreterInfo(
        path, version=str(found.get("version", "")), executable=str(found.get("executable", "")),
        frameworks=dict(frameworks) if isinstance(frameworks, dict) else {},
        fwprof_path=str(found.get("fwprof", "")),
    )
    if not found.get("numpy"):  # first: without numpy, fwprof itself cannot be imported either
        return _with_error(info, f"{path} has no numpy, which fwprof's runs need "
                                 "(pip install numpy there)")
    if found.get("fwprof_error"):
        return _with_error(info, f"{path} cannot import fwprof from {PACKAGE_ROOT}: "
                                 f"{found['fwprof_error']}")
    return info


def _with_error(info: InterpreterInfo, error: str) -> InterpreterInfo:
    return InterpreterInfo(info.path, info.version, info.executable, info.frameworks,
                           info.fwprof_path, error)


def choose_interpreter(saved: str, candidates: Iterable[str],
                       probe: Callable[[str], InterpreterInfo] = probe_interpreter,
                       ) -> InterpreterInfo:
    """The interpreter to use: the saved choice; else the first candidate with both
    frameworks, else the first usable one with either, else the first usable one, else the
    first one found (probing stops at the first candidate with both frameworks)."""
    if saved:
        return probe(saved)
    probed: list[InterpreterInfo] = []
    for path in candidates:
        info = probe(path)
        if info.usable and not info.missing():
            return info
        probed.append(info)
    some = [i for i in probed if i.usable and len(i.missing()) < len(FRAMEWORKS)]
    usable = [i for i in probed if i.usable]
    for group in (some, usable, probed):
        if group:
            return group[0]
    return InterpreterInfo("", error="no Python interpreter found: choose one in Settings")
