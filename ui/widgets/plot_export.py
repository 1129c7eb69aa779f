"""PNG and SVG images of pyqtgraph plots, through pyqtgraph's own exporters.

pyqtgraph 0.14's SVG exporter fails on the paths newer Qt writes (pyqtgraph#3485); the item is
then drawn by Qt's :class:`QSvgGenerator` instead. Several plots (the timeline's stacked plots)
become one image: PNGs are stacked with a
:class:`QPainter`, SVGs are nested ``<svg>`` elements placed one under the other.

A PNG is drawn at :func:`export_scale` times its size on screen (at least 2x, more on a denser
screen) with its DPI set to match, so it stays sharp on high-DPI screens and in print, and
carries its legend (coloured swatches with names) in a strip above the plots: an image
pasted into a report must say which colour is which framework.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter, SVGExporter
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

SVG_NS = "http://www.w3.org/2000/svg"
IMAGE_FORMATS = ("png", "svg")
MIN_SCALE = 2.0  # PNGs at least twice their size on screen
SCREEN_DPI = 96.0
LEGEND_POINT_SIZE = 9.0  # at 1x; scaled with the image


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of an exported image's legend."""

    label: str
    colour: str  # "#rrggbb"


def export_scale() -> float:
    """How many image pixels per logical pixel a PNG gets: the screen's ratio, at least 2."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    return max(MIN_SCALE, float(ratio))


def export_plots(items: list[pg.GraphicsObject], path: Path, background: str = "#ffffff",
                 legend: Sequence[LegendEntry] = (), text: str = "#1f2328",
                 note: str = "") -> Path:
    """Write ``items`` (stacked top to bottom) as PNG or SVG, chosen by ``path``'s suffix; a
    PNG gets ``legend`` above the plots and ``note`` (a key, wrapped) under them, written in
    ``text`` colour."""
    if not items:
        raise ValueError("there is no plot to export")
    kind = path.suffix.lower().lstrip(".")
    if kind == "svg":
        path.write_bytes(svg_bytes(items))
    elif kind == "png":
        scale = export_scale()
        image = with_legend(png_image(items, background, scale), legend, scale, background, text)
        image = with_note(image, note, scale, background, text)
        dots_per_metre = round(SCREEN_DPI * scale / 0.0254)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
            raise OSError(f"cannot write {path}")
    else:
        raise ValueError(f"choose a .png or .svg file name, not {path.name}")
    return path


def with_legend(image: QImage, legend: Sequence[LegendEntry], scale: float,
                background: str = "#ffffff", text: str = "#1f2328") -> QImage:
    """``image`` with a strip of swatches and names on top (the image itself without any)."""
    if not legend:
        return image
    font = QFont()
    font.setPointSizeF(LEGEND_POINT_SIZE * scale)
    metrics = QFontMetrics(font)
    pad, swatch = round(6 * scale), metrics.ascent()
    sheet = QImage(image.width(), image.height() + metrics.height() + 2 * pad,
                   QImage.Format.Format_ARGB32)
    sheet.fill(QColor(background))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    x, top = pad * 2, pad
    for entry in legend:
        painter.fillRect(x, top + (metrics.height() - swatch) // 2, swatch, swatch,
                         QColor(entry.colour))
        x += swatch + pad
        painter.setPen(QColor(text))
        painter.drawText(x, top, metrics.horizontalAdvance(entry.label), metrics.height(),
                         int(Qt.AlignmentFlag.AlignVCenter), entry.label)
        x += metrics.horizontalAdvance(entry.label) + 3 * pad
    painter.drawImage(QPoint(0, metrics.height() + 2 * pad), image)
    painter.end()
    return sheet


def with_note(image: QImage, note: str, scale: float, background: str = "#ffffff",
              text: str = "#1f2328") -> QImage:
    """``image`` with ``note`` wrapped under it (the image itself when there is none)."""
    if not note:
        return image
    font = QFont()
    font.setPointSizeF(LEGEND_POINT_SIZE * scale)
    pad = round(6 * scale)
    area = QRect(2 * pad, 0, image.width() - 4 * pad, 100_000)
    flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
    height = QFontMetrics(font).boundingRect(area, flags, note).height()
    sheet = QImage(image.width(), image.height() + height + 2 * pad, QImage.Format.Format_ARGB32)
    sheet.fill(QColor(background))
    painter = QPainter(sheet)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.drawImage(QPoint(0, 0), image)
    painter.setFont(font)
    painter.setPen(QColor(text))
    painter.drawText(QRect(2 * pad, image.height() + pad, area.width(), height), flags, note)
    painter.end()
    return sheet


def png_image(items: list[pg.GraphicsObject], background: str = "#ffffff",
              scale: float = 1.0) -> QImage:
    """The items' images, at ``scale`` times their size on screen, one under the other."""
    images = []
    for item in items:
        exporter = ImageExporter(item)
        width = max(1, round(item.sceneBoundingRect().width() * scale))
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
