"""Packaging hygiene: an SPDX license expression, dev tools in a PEP 735 dependency group (not
an extra), pandas as the ``api`` extra, and ``py.typed`` in the wheel."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_the_license_is_an_spdx_expression() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    setuptools_pin = next(r for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools"))
    assert setuptools_pin == "setuptools>=77"  # the first setuptools that reads PEP 639 licenses


def test_dev_tools_are_a_dependency_group_not_an_extra() -> None:
    assert "dev" not in PYPROJECT["project"]["optional-dependencies"]
    dev = PYPROJECT["dependency-groups"]["dev"]
    names = {entry.split(">")[0].split("=")[0] for entry in dev}
    assert {"pytest", "mypy", "ruff", "import-linter", "build", "pandas"} <= names
    assert PYPROJECT["project"]["optional-dependencies"]["api"] == ["pandas>=2.0"]


def test_the_makefile_installs_the_dev_group() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert '-e ".[gui,api,converge,deploy,pipeline]" --group dev' in makefile
    assert ",dev" not in makefile and "[dev" not in makefile


def test_the_dev_group_resolves_with_this_pip(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--quiet",
                    "--group", "dev", "--report", str(report)], cwd=ROOT, check=True,
                   capture_output=True, text=True, timeout=120)
    assert json.loads(report.read_text())["install"] == []  # every dev tool is installed here


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("build") is None, reason="needs the 'build' package")
def test_the_wheel_ships_py_typed_and_the_license_expression(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for name in ("pyproject.toml", "README.md", "fwprof", "ui", "resources"):
        origin = ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(origin, source / name)
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
                    str(tmp_path / "dist"), str(source)], check=True, capture_output=True, timeout=300)
    [wheel] = (tmp_path / "dist").glob("fwprof-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "fwprof/py.typed" in names
    assert {"fwprof/api/__init__.py", "fwprof/api/frames.py", "fwprof/cli/completion.py"} <= names
    assert "License-Expression: Apache-2.0" in metadata
    assert "Provides-Extra: api" in metadata and "Provides-Extra: dev" not in metadata
    assert 'Requires-Dist: pandas>=2.0; extra == "api"' in metadata
