"""The standalone bundle (``make package`` -> ``dist/fwprof/fwprof``): contents and a real run.

Building the bundle takes about a minute, so these tests use the one ``make package`` left in
``dist/fwprof`` and are skipped when there is none; ``FWPROF_BUILD_BUNDLE=1`` builds it first
(into a temporary folder, leaving ``dist/`` alone). A bundle left in ``dist/`` is tested as it
is: rebuild it after changing the app.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "fwprof.spec"
PICKED_PYTHON = ROOT / ".venv" / "bin" / "python"
BUILD_ON_DEMAND = os.environ.get("FWPROF_BUILD_BUNDLE") == "1"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle's folder (``.../fwprof``, holding the ``fwprof`` executable)."""
    if BUILD_ON_DEMAND:
        work = tmp_path_factory.mktemp("bundle")
        pyinstaller = Path(sys.executable).with_name("pyinstaller")
        subprocess.run([str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath",
                        str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
                       cwd=ROOT, check=True, timeout=900)
        return work / "dist" / "fwprof"
    built = ROOT / "dist" / "fwprof"
    if not (built / "fwprof").is_file():
        pytest.skip("no bundle in dist/fwprof: run `make package` (or FWPROF_BUILD_BUNDLE=1)")
    made = (built / "fwprof").stat().st_mtime
    newer = [p for name in ("fwprof", "ui") for p in (ROOT / name).rglob("*.py")
             if p.stat().st_mtime > made]
    if newer:
        warnings.warn(f"dist/fwprof is older than {len(newer)} source files (e.g. "
                      f"{newer[0].relative_to(ROOT)}): run `make package` again", stacklevel=1)
    return built


def _report_module() -> dict[str, Any]:
    return runpy.run_path(str(ROOT / "packaging" / "bundle_report.py"))


def test_the_bundle_has_no_framework_and_carries_fwprof_sources(bundle: Path) -> None:
    lines, problems = _report_module()["report"](bundle)
    print("\n" + "\n".join(lines))
    assert problems == []
    internal = bundle / "_internal"
    assert not [p for p in internal.rglob("*") if p.name.split(".")[0] in ("torch", "keras")
                or p.name.startswith("tensorflow")]
    sources = {p.relative_to(internal).as_posix() for p in (internal / "fwprof").rglob("*.py")}
    children = [ROOT / "fwprof" / name for name in ("child", "workloads", "scenarios/profile")]
    wanted = {p.relative_to(ROOT).as_posix() for folder in children for p in folder.glob("*.py")}
    assert wanted <= sources  # what children import, as source, for the user's interpreter


def test_the_picked_interpreter_imports_fwprof_from_the_bundle(bundle: Path) -> None:
    internal = bundle / "_internal"
    code = "import fwprof, fwprof.child.__main__, fwprof.scenarios.profile.bootstrap; print(fwprof.__file__)"
    result = subprocess.run([str(PICKED_PYTHON), "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(internal)}, cwd=bundle,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(internal / "fwprof" / "__init__.py")


def test_the_bundle_runs_a_comparison_offscreen(bundle: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(bundle / "fwprof"), "--smoke-run", "--python",
                             str(PICKED_PYTHON)], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=600, check=False)
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "smoke: torch mlp train eager #1: ok" in result.stdout
    assert "smoke: tensorflow mlp train eager #1: ok" in result.stdout
    assert f"import fwprof from {bundle / '_internal'}" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_bundle_installs_its_menu_entry(bundle: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([str(bundle / "fwprof"), "--install-desktop"], capture_output=True,
                            text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / "io.github.fwprof.Fwprof.desktop").read_text()
    assert f"TryExec={bundle / 'fwprof'}" in entry
    if shutil.which("desktop-file-validate"):
        assert "the entry is valid" in result.stdout
