"""The sdist and wheel hold everything the app needs at run time, and install working commands.

What this proves, and how it stays fast (about 30 s):

- ``python -m build`` (no isolation: this venv's setuptools) builds an sdist from a copy of the
  sources, then the wheel *from that sdist*, so a file missing from the sdist fails here too.
- The wheel goes into a fresh venv, made from this venv's interpreter, whose only link to this
  checkout's environment is a ``.pth`` line naming this venv's site-packages: the heavy
  dependencies (numpy, PySide6, torch, TensorFlow) come from there, never downloaded. fwprof and
  ``ui`` can only come from the wheel (this venv has them as an editable install, whose finder
  a ``.pth`` *path* does not activate), and the test checks that they do.
- The wheel's declared dependencies resolve against what is installed here, offline
  (``pip install --dry-run --no-index 'fwprof.whl[torch,tensorflow-cpu,gui]'``). The
  ``tensorflow`` extra is checked in the metadata only: this machine has ``tensorflow-cpu``,
  and resolving ``tensorflow`` would download it.
- ``fwprof list``, a tiny ``fwprof run`` of both frameworks and ``fwprof-gui --smoke-run``
  (offscreen, both frameworks through the window) work from the fresh venv's ``bin/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "fwprof", "ui", "resources")
ASSETS = [f"ui/assets/icons/fwprof-{s}.png" for s in (16, 24, 32, 48, 64, 128, 256, 512)] + [
    "ui/assets/icons/fwprof.svg", "ui/assets/io.github.fwprof.Fwprof.desktop"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(importlib.util.find_spec("build") is None,
                       reason="needs the 'build' package (pip install --group dev)"),
]


def _run(argv: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
         timeout: float = 300) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout, check=False)
    assert result.returncode == 0, f"{argv}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """sdist and wheel built from a copy of the sources (the checkout is not written to)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    for name in SOURCES:
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    dist = work / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, source], cwd=work)
    [sdist] = dist.glob("fwprof-*.tar.gz")
    [wheel] = dist.glob("fwprof-*.whl")
    return {"work": work, "sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="module")
def venv(built: dict[str, Path]) -> Path:
    """A fresh venv with the wheel installed (see the module docstring)."""
    target = built["work"] / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", target], cwd=built["work"])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    site = target / "lib" / version / "site-packages"
    (site / "heavy-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    python = target / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
          "--ignore-installed", built["wheel"]], cwd=built["work"], env=_clean_env())
    return target


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, **extra}


def test_the_sdist_and_wheel_carry_the_resources(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    with zipfile.ZipFile(built["wheel"]) as wheel:
        files = set(wheel.namelist())
        metadata = wheel.read(next(n for n in files if n.endswith(".dist-info/METADATA")))
        entry_points = wheel.read(next(n for n in files if n.endswith("entry_points.txt")))
    for name in [*ASSETS, "fwprof/child/__main__.py", "fwprof/scenarios/profile/bootstrap.py"]:
        assert name in names, f"{name} missing from the sdist"
        assert name in files, f"{name} missing from the wheel"
    text = metadata.decode()
    for extra, requirement in (("torch", "torch>=2.3"), ("tensorflow", "tensorflow>=2.16"),
                               ("gui", "pyqtgraph>=0.13.7")):
        assert f"Provides-Extra: {extra}" in text
        assert f'Requires-Dist: {requirement}; extra == "{extra}"' in text
    assert b"fwprof = fwprof.cli.main:main" in entry_points
    assert b"fwprof-gui = ui.app.launch:main" in entry_points


def test_the_declared_dependencies_resolve_offline(built: dict[str, Path], venv: Path) -> None:
    report = built["work"] / "report.json"
    _run([venv / "bin" / "python", "-m", "pip", "install", "--dry-run", "--no-index",
          "--quiet", "--report", report, f"{built['wheel']}[torch,tensorflow-cpu,gui]"],
         cwd=built["work"], env=_clean_env())
    to_install = [item["metadata"]["name"] for item in json.loads(report.read_text())["install"]]
    assert to_install in ([], ["fwprof"])  # every dependency is already satisfied here


def test_fwprof_and_ui_come_from_the_wheel(venv: Path) -> None:
    code = ("import fwprof, ui, ui.app.resources as r; "
            "print(fwprof.__file__); print(ui.__file__); print(r.icon_path()); "
            "print(len(r.icon_png_paths()))")
    out = _run([venv / "bin" / "python", "-c", code], cwd=venv, env=_clean_env()).stdout.split()
    assert all(line.startswith(str(venv)) for line in out[:3]), out
    assert out[3] == "8"


def test_the_fwprof_command_runs_both_frameworks(venv: Path) -> None:
    env = _clean_env()
    listing = _run([venv / "bin" / "fwprof", "list"], cwd=venv, env=env).stdout
    assert "mlp" in listing
    run = _run([venv / "bin" / "fwprof", "run", "--workload", "mlp", "--task", "train",
                "--mode", "eager", "--steps", "5", "--warmup", "1", "--repeats", "1", "--quiet",
                "--json"], cwd=venv, env=env)
    summary = json.loads(run.stdout)
    assert sorted((r["framework"], r["status"]) for r in summary["runs"]) == [
        ("tensorflow", "ok"), ("torch", "ok")], summary["runs"]
    assert summary["environment"]["python_executable"] == str(venv / "bin" / "python")


def test_the_fwprof_gui_command_runs_a_comparison(venv: Path) -> None:
    env = _clean_env(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(venv / "config"))
    result = _run([venv / "bin" / "fwprof-gui", "--smoke-run", "--python",
                   venv / "bin" / "python"], cwd=venv, env=env)
    assert "smoke: session finished, all runs ok" in result.stdout, result.stdout
    assert f"import fwprof from {venv}" in result.stdout, result.stdout
