"""Help ▸ About fwprof: version, the frameworks the configured interpreter has, Python, Qt,
licence and links.

The frameworks come from the interpreter probe (a child process, see
:func:`fwprof.launch.interpreter.probe_interpreter`): the GUI process never imports PyTorch or
TensorFlow, not even to read their versions. pyqtgraph's version is read from its package
metadata for the same reason (it is imported only once a plot is needed).
"""

from __future__ import annotations

import html
import platform
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from fwprof import __version__
from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.launch.interpreter import InterpreterInfo

LICENSE = "Apache-2.0"
LINKS = (("Apache License 2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
         ("PyTorch", "https://pytorch.org"), ("TensorFlow", "https://www.tensorflow.org"),
         ("pyqtgraph", "https://www.pyqtgraph.org"), ("Qt for Python", "https://doc.qt.io/qtforpython-6/"))


def package_version(name: str) -> str:
    """An installed distribution's version, without importing it ("not installed" if absent)."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def license_name() -> str:
    """fwprof's licence as its package metadata states it (the SPDX id by default)."""
    try:
        meta = metadata.metadata("fwprof")
    except metadata.PackageNotFoundError:
        return LICENSE
    return str(meta.get("License-Expression") or meta.get("License") or LICENSE)


def frameworks_html(info: InterpreterInfo | None) -> str:
    """The frameworks of the interpreter that runs workloads, as the probe found them."""
    if info is None:
        return "Frameworks: the interpreter for runs is still being checked."
    if not info.usable:
        return f"Interpreter for runs: {html.escape(info.path)}: {html.escape(info.error)}"
    found = ", ".join(f"{FRAMEWORK_LABELS[name]} {html.escape(info.frameworks.get(name) or 'not installed')}"
                      for name in FRAMEWORKS)
    return (f"Frameworks in the interpreter for runs ({html.escape(info.path)}, Python "
            f"{html.escape(info.version)}): {found}")


def about_html(info: InterpreterInfo | None) -> str:
    """The About box's text."""
    links = " · ".join(f"<a href='{url}'>{name}</a>" for name, url in LINKS)
    return (
        f"<b>fwprof {__version__}</b><br>Runs the same workloads in PyTorch and TensorFlow, "
        "each in its own process, samples CPU, memory and GPU, and compares them with "
        "confidence intervals.<br><br>"
        f"{frameworks_html(info)}<br>"
        f"This app: Python {platform.python_version()} ({html.escape(sys.executable)}), "
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}, pyqtgraph {package_version('pyqtgraph')}"
        f"<br>Licence: {html.escape(license_name())}<br><br>{links}"
    )


def show_about(parent: QWidget, info: InterpreterInfo | None = None) -> QMessageBox:
    """The About box (non-modal); ``info``: the probe of the interpreter for runs."""
    box = QMessageBox(QMessageBox.Icon.Information, "About fwprof", about_html(info),
                      QMessageBox.StandardButton.Close, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
