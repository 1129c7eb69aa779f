"""The built-in workloads' source, per framework: each model's builder and what it calls.

Read from the ``.py`` files fwprof ships and parsed with :mod:`ast` (no framework is
imported): a workload's builder is the function ``build_model`` maps its name to; its source
is that function and every function of the same module it calls, directly or not. Besides the
models, ``train step`` is the function that runs one training step in each child backend.

Counts (:func:`count_code`): lines that hold code (blank lines, comments and docstrings left
out) and the tokens of those lines from :mod:`tokenize` (names, operators, literals; comments,
docstrings, newlines and indentation are not tokens here).
"""

from __future__ import annotations

import ast
import io
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
#: Where each framework's models live, relative to the ``fwprof`` package.
MODEL_FILES: dict[str, str] = {"torch": "workloads/torch_models.py",
                               "tensorflow": "workloads/keras_models.py"}
#: The training step of each framework: (file, qualified function name).
TRAIN_STEPS: dict[str, tuple[str, str]] = {
    "torch": ("child/torch_backend.py", "TorchBackend._train_step"),
    "tensorflow": ("child/tf_backend.py", "_train_fn"),
}
TRAIN_STEP = "train step"
_NOT_CODE = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
             tokenize.ENCODING, tokenize.ENDMARKER}


@dataclass(frozen=True)
class CodeCount:
    """Lines holding code and their tokens."""

    lines: int
    tokens: int


@dataclass(frozen=True)
class ModelSource:
    """One workload's implementation in one framework: the functions, their text and counts."""

    workload: str
    framework: str
    path: str
    functions: tuple[str, ...]
    source: str
    count: CodeCount


def model_sources(package: Path = PACKAGE) -> list[ModelSource]:
    """Every built-in workload in every framework, then the training steps (file order)."""
    found: list[ModelSource] = []
    for framework, relative in MODEL_FILES.items():
        found += _module_models(framework, package / relative)
    for framework, (relative, name) in TRAIN_STEPS.items():
        path = package / relative
        text = path.read_text(encoding="utf-8")
        functions = _functions(ast.parse(text))
        found.append(_source(TRAIN_STEP, framework, path, text, functions, [name]))
    return found


def count_code(source: str) -> CodeCount:
    """Code lines and tokens of a piece of Python (which may be indented as a whole)."""
    text = textwrap.dedent(source)
    docstrings = _docstring_lines(ast.parse(text))
    lines: set[int] = set()
    tokens = 0
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in _NOT_CODE or token.start[0] in docstrings:
            continue
        tokens += 1
        lines.update(range(token.start[0], token.end[0] + 1))
    return CodeCount(len(lines), tokens)


def _module_models(framework: str, path: Path) -> list[ModelSource]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    functions = _functions(tree)
    builders = _builders(functions.get("build_model"))
    return [_source(workload, framework, path, text, functions, _closure(builder, functions))
            for workload, builder in builders.items()]


def _source(workload: str, framework: str, path: Path, text: str,
            functions: dict[str, ast.FunctionDef], names: list[str]) -> ModelSource:
    parts = [ast.get_source_segment(text, functions[name], padded=True) or "" for name in names]
    source = "\n\n".join(textwrap.dedent(part) for part in parts)
    return ModelSource(workload, framework, f"fwprof/{path.relative_to(path.parents[1])}",
                       tuple(names), source, count_code(source))


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    """Module-level functions by name, and methods as ``Class.method``."""
    found: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            found.update({f"{node.name}.{item.name}": item for item in node.body
                          if isinstance(item, ast.FunctionDef)})
    return found


def _builders(build_model: ast.FunctionDef | None) -> dict[str, str]:
    """``{"mlp": "_mlp", ...}`` from the dict literal in ``build_model``."""
    for node in ast.walk(build_model) if build_model else ():
        if isinstance(node, ast.Dict) and node.keys:
            pairs = zip(node.keys, node.values, strict=True)
            return {k.value: v.id for k, v in pairs
                    if isinstance(k, ast.Constant) and isinstance(k.value, str) and isinstance(v, ast.Name)}
    return {}


def _closure(name: str, functions: dict[str, ast.FunctionDef]) -> list[str]:
    """``name`` and the module's functions it calls, directly or not, in first-call order."""
    order, pending = [name], [name]
    while pending:
        node = functions[pending.pop(0)]
        for called in _called_names(node):
            if called in functions and called not in order and called != "build_model":
                order.append(called)
                pending.append(called)
    return order


def _called_names(node: ast.FunctionDef) -> list[str]:
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
    return [c.func.id for c in sorted(calls, key=lambda c: (c.lineno, c.col_offset))
            if isinstance(c.func, ast.Name)]


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                end = body[0].end_lineno or body[0].lineno
                lines.update(range(body[0].lineno, end + 1))
    return lines
