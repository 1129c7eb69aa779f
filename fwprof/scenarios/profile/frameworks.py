"""Which frameworks a script imported, with their versions, and the hooks installed for each."""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from types import ModuleType

from fwprof.scenarios.profile.import_hooks import PostImportFinder, PostImportHook
from fwprof.scenarios.profile.keras_hooks import install_keras_hooks
from fwprof.scenarios.profile.recorder import ScriptRecorder
from fwprof.scenarios.profile.torch_hooks import install_torch_hooks

#: Distributions that may provide each watched module.
DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "torch": ("torch",),
    "tensorflow": ("tensorflow", "tensorflow-cpu", "tf-nightly"),
    "keras": ("keras", "keras-nightly"),
}

Installer = Callable[[ModuleType, ScriptRecorder], None]
INSTALLERS: dict[str, Installer] = {"torch": install_torch_hooks, "keras": install_keras_hooks}


def module_version(name: str, module: ModuleType) -> str | None:
    """``module.__version__``, else the installed distribution's version."""
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    for dist in DISTRIBUTIONS.get(name, (name,)):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return None


def install_framework_hooks(recorder: ScriptRecorder) -> PostImportFinder:
    """Watch for torch, tensorflow and keras; report each one imported and hook it."""
    finder = PostImportFinder({name: _hook(name, recorder) for name in DISTRIBUTIONS}, recorder)
    finder.install()
    return finder


def _hook(name: str, recorder: ScriptRecorder) -> PostImportHook:
    def on_import(module: ModuleType) -> None:
        info: dict[str, str | None] = {"version": module_version(name, module)}
        if name == "keras":
            info["backend"] = _keras_backend(module)
        recorder.emit("info", info={"frameworks": {name: info}})
        installer = INSTALLERS.get(name)
        if installer is not None:
            installer(module, recorder)

    return on_import


def _keras_backend(keras: ModuleType) -> str | None:
    try:
        return str(keras.backend.backend())
    except Exception:
        return None
