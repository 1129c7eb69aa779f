"""PNG and SVG images of pyqtgraph plots, through pyqtgraph's own exporters.

pyqtgraph 0.14's SVG exporter fails on the paths newer Qt writes (pyqtgraph#3485); the item is
then drawn by Qt's :class:`QSvgGenerator` instead. Several plots (the timeline's stacked plots)
become one image: PNGs are stacked with a
:class:`QPainter`, SVGs are nested ``<svg>`` elements placed one under the other.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

SVG_NS = "http://www.w3.org/2000/svg"
IMAGE_FORMATS = ("png", "svg")


def export_plots(items: list[pg.GraphicsObject], path: Path, background: str = "#ffffff") -> Path:
    """Write ``items`` (stacked top to bottom) as PNG or SVG, chosen by ``path``'s suffix."""
    if not items:
        raise ValueError("there is no plot to export")
    kind = path.suffix.lower().lstrip(".")
    if kind == "svg":
        path.write_bytes(svg_bytes(items))
    elif kind == "png":
        image = png_image(items, background)
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"cannot write {path}")
    else:
        raise ValueError(f"choose a .png or .svg file name, not {path.name}")
    return path


def png_image(items: list[pg.GraphicsObject], background: str = "#ffffff") -> QImage:
    """The items' images, at their size on screen, one under the other."""
    images = []
    for item in items:
        exporter = ImageExporter(item)
        width = max(1, int(item.sceneBoundingRect().width()))
        exporter.parameters()["width"] = width  # an int: a float trips pyqtgraph's exporter
        exporter.parameters()["background"] = QColor(background)
        image = exporter.export(toBytes=True)
        images.append(image)
    if len(images) == 1:
        return QImage(images[0])
    width = max(image.width() for image in images)
    sheet = QImage(width, sum(image.height() for image in images), QImage.Format.Format_ARGB32)
    sheet.fill(QColor(background))
    painter = QPainter(sheet)
    top = 0
    for image in images:
        painter.drawImage(QPoint(0, top), image)
        top += image.height()
    painter.end()
    return sheet


def svg_bytes(items: list[pg.GraphicsObject]) -> bytes:
    """One SVG document holding each item's SVG, one under the other."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    parts = [ET.fromstring(_svg_text(item)) for item in items]
    if len(parts) == 1:
        return bytes(ET.tostring(parts[0], encoding="utf-8", xml_declaration=True))
    sizes = [_size(part) for part in parts]
    width, height = max(w for w, _ in sizes), 0.0
    root = ET.Element(f"{{{SVG_NS}}}svg", {"version": "1.2", "baseProfile": "tiny"})
    for part, (part_width, part_height) in zip(parts, sizes, strict=True):
        part.attrib.update(x="0", y=f"{height:g}", width=f"{part_width:g}",
                           height=f"{part_height:g}")
        height += part_height
        root.append(part)
    root.set("width", f"{width:g}")
    root.set("height", f"{height:g}")
    root.set("viewBox", f"0 0 {width:g} {height:g}")
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _svg_text(item: pg.GraphicsObject) -> str:
    try:
        exported = SVGExporter(item).export(toBytes=True)
    except ValueError:  # pyqtgraph 0.14 cannot parse newer Qt's SVG paths (pyqtgraph#3485)
        exported = qt_svg(item)
    text = exported.decode("utf-8") if isinstance(exported, bytes) else str(exported)
    return text[text.index("<svg"):]  # without the XML declaration and DOCTYPE


def qt_svg(item: pg.GraphicsObject) -> bytes:
    """The item's part of its scene drawn by Qt's own SVG generator (still vector graphics)."""
    rect = item.sceneBoundingRect()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(rect.size().toSize())
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    painter = QPainter(generator)
    item.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    return bytes(buffer.data().data())


def _size(svg: ET.Element) -> tuple[float, float]:
    """Width and height in user units: the viewBox's, else ``width``/``height`` in px."""
    box = (svg.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return _length(svg.get("width")), _length(svg.get("height"))


def _length(value: str | None) -> float:
    """'480px' or '480' as 480.0 (0 when missing)."""
    if not value:
        return 0.0
    return float(value.strip().removesuffix("px") or 0)
