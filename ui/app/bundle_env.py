"""Inside the standalone bundle: keep the bundle's own paths out of the children's environment.

PyInstaller's bootloader and run-time hooks point variables at the bundle: ``LD_LIBRARY_PATH``
(the user's value kept in ``LD_LIBRARY_PATH_ORIG``) and Qt's ``QT_PLUGIN_PATH``. Children are
other interpreters (with torch or TensorFlow, maybe Qt of their own), which must load their own
libraries and plugins. Call :func:`restore_child_environment` once the QApplication exists: the
dynamic loader read its path at process start and Qt has computed its plugin paths by then.
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping

#: Variables whose entries inside the bundle are dropped (the others are kept).
PATH_VARIABLES = ("LD_LIBRARY_PATH", "QT_PLUGIN_PATH", "QML2_IMPORT_PATH")


def restore_child_environment(environ: MutableMapping[str, str] | None = None,
                              bundle_dir: str | None = None) -> None:
    """Restore what the user had before the bundle started (no-op when not frozen)."""
    env = os.environ if environ is None else environ
    bundle = bundle_dir if bundle_dir is not None else getattr(sys, "_MEIPASS", None)
    if bundle is None:
        return
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    inside = os.path.abspath(bundle) + os.sep
    for name in PATH_VARIABLES:
        kept = [p for p in env.get(name, "").split(os.pathsep)
                if p and not (os.path.abspath(p) + os.sep).startswith(inside)]
        if kept:
            env[name] = os.pathsep.join(kept)
        else:
            env.pop(name, None)
