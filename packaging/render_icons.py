"""Render the application icon's PNG sizes from ``resources/icons/fwprof.svg``.

Run after editing the SVG (the PNGs are committed, so building needs no SVG renderer)::

    .venv/bin/python packaging/render_icons.py

Uses Qt's ``QSvgRenderer`` (PySide6-Essentials ships QtSvg) in an offscreen application.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
#: The freedesktop hicolor sizes the app installs (``make install-desktop``).
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def png_path(size: int, folder: Path = ICONS) -> Path:
    """Where the PNG of one size lives."""
    return folder / f"fwprof-{size}.png"


def render(svg: Path, size: int, target: Path) -> None:
    """Draw ``svg`` into a transparent ``size`` x ``size`` PNG at ``target``."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    if not image.save(str(target)):  # the format follows the .png suffix
        raise OSError(f"could not write {target}")


def main() -> int:
    """Render every size next to the SVG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / "fwprof.svg"
    for size in SIZES:
        render(svg, size, png_path(size))
        print(png_path(size).relative_to(ICONS.parent.parent))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
