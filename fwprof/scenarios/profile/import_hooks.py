"""Post-import hooks: run code right after a script first imports torch, tensorflow or keras.

A :class:`PostImportFinder` sits first on ``sys.meta_path``. Asked for a watched top-level
module, it finds the real spec through the other finders and wraps that spec's loader's
``exec_module``, so the hook runs once the module has executed, and the import itself is timed
as a phase (``import torch``). fwprof never imports a framework the script did not import.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

from fwprof.scenarios.profile.recorder import ScriptRecorder

PostImportHook = Callable[[ModuleType], None]


class PostImportFinder(importlib.abc.MetaPathFinder):
    """Calls ``hooks[name](module)`` after a watched top-level module is first imported."""

    def __init__(self, hooks: dict[str, PostImportHook], recorder: ScriptRecorder) -> None:
        self._hooks = dict(hooks)
        self._recorder = recorder
        self._searching: set[str] = set()

    def install(self) -> None:
        """Put the finder first on ``sys.meta_path``; run hooks of modules already imported."""
        sys.meta_path.insert(0, self)
        for name in list(self._hooks):
            module = sys.modules.get(name)
            if module is not None:
                self._run_hook(name, module)

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if fullname not in self._hooks or fullname in self._searching:
            return None
        self._searching.add(fullname)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._searching.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        self._wrap_loader(fullname, spec)
        return spec

    def _wrap_loader(self, name: str, spec: ModuleSpec) -> None:
        loader = spec.loader
        original = loader.exec_module  # type: ignore[union-attr]
        recorder = self._recorder

        def exec_module(module: ModuleType) -> None:
            recorder.phase_start(f"import {name}")
            try:
                original(module)
            finally:
                recorder.phase_end(f"import {name}")
                del loader.exec_module  # type: ignore[union-attr]
            self._run_hook(name, module)

        loader.exec_module = exec_module  # type: ignore[union-attr,method-assign]

    def _run_hook(self, name: str, module: ModuleType) -> None:
        hook = self._hooks.pop(name, None)
        if hook is None:
            return
        try:
            hook(module)
        except Exception as exc:  # a hook must never break the script
            self._recorder.note(f"fwprof: {name} hook failed: {type(exc).__name__}: {exc}")
