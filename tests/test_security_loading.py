"""Loading a snapshot never executes anything: no pickle, no eval, no import by name.

The check reads the source of every module that takes part in loading (the snapshot package
and the data classes it builds) and refuses the constructs that can run code named by data.
A snapshot whose strings hold Python code is loaded as text (see test_snapshot_fuzz.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOADING = [*sorted((ROOT / "fwprof" / "snapshot").glob("*.py")),
           *sorted((ROOT / "fwprof" / "specs").glob("*.py")),
           *(ROOT / "fwprof" / name for name in ("results.py", "config.py"))]
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "yaml", "importlib", "pydoc",
                     "subprocess", "ctypes", "runpy", "code", "codeop"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "breakpoint"}


def _violations(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        found += [f"{path.name}:{node.lineno} imports {n}" for n in names
                  if n.split(".")[0] in FORBIDDEN_MODULES]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name in FORBIDDEN_CALLS:
                found.append(f"{path.name}:{node.lineno} calls {name}")
            if name in ("getattr", "setattr") and not (
                    len(node.args) > 1 and isinstance(node.args[1], ast.Constant)):
                found.append(f"{path.name}:{node.lineno} {name} with a name from data")
        if isinstance(node, ast.Attribute) and node.attr in ("system", "popen", "execv", "spawnv"):
            found.append(f"{path.name}:{node.lineno} uses .{node.attr}")
    return found


@pytest.mark.parametrize("path", LOADING, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_that_loads_snapshots_can_run_code_from_them(path: Path) -> None:
    assert _violations(path) == []


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nfrom importlib import import_module\neval('1')\ngetattr(x, name)\n"
                   "os.system('x')\n")
    assert len(_violations(bad)) == 5
