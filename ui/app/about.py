"""Help ▸ About fwprof."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from fwprof import __version__


def show_about(parent: QWidget) -> None:
    """The version and what fwprof measures, in a non-modal box."""
    box = QMessageBox(QMessageBox.Icon.Information, "About fwprof",
                      f"<b>fwprof {__version__}</b><br>Runs the same workloads in PyTorch "
                      "and TensorFlow, each in its own process, samples CPU, memory and GPU, "
                      "and compares them with confidence intervals.",
                      QMessageBox.StandardButton.Close, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
