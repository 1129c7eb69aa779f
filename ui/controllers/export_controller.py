"""File ▸ Export: the session in other tools' formats, and images of the plots.

Each format of :data:`fwprof.export.FORMATS` the GUI offers is one action; the file is written
by :func:`fwprof.export.export` in a background thread and failures go to the message bar.
Plot images (PNG or SVG) of the live timelines or of the results' bar charts are drawn on the
GUI thread (Qt paints only there), through :mod:`ui.widgets.plot_export`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.results import SessionRecord
from fwprof.trace.operators import trace_event
from ui.base.run_info import key_label
from ui.base.threads import run_in_background
from ui.controllers.actions import menu_holding
from ui.controllers.host import Tab

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost

IMAGE_FILTER = "PNG image (*.png);;SVG image (*.svg)"


@dataclass(frozen=True)
class ExportChoice:
    """One File ▸ Export entry: the format's name in FORMATS, menu text and file filter."""

    format: str
    text: str
    file_filter: str
    suffix: str


CHOICES: tuple[ExportChoice, ...] = (
    ExportChoice("html", "&HTML Report…", "HTML report (*.html)", ".html"),
    ExportChoice("chrome-trace", "&Chrome Trace…", "Chrome trace (*.trace.json *.json)",
                 ".trace.json"),
    ExportChoice("csv", "C&SV…", "CSV files (*.csv)", ".csv"),
    ExportChoice("markdown", "&Markdown…", "Markdown (*.md)", ".md"),
    ExportChoice("json", "&JSON Summary…", "JSON (*.json)", ".json"),
)
#: The frameworks' own profiler files (runs profiled after measuring), into a new folder.
FRAMEWORK_TRACES = ExportChoice("framework-trace", "&Framework Traces (folder)…",
                                "Folder for the trace files (*)", "-traces")


def write_export(record: SessionRecord, fmt: str, path: Path) -> list[Path]:
    """Worker thread: :func:`fwprof.export.export`."""
    from fwprof.export import export

    return export(record, fmt, path)


class ExportController(QObject):
    """File ▸ Export of the window (see the module docstring)."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget)
        self.window = window
        self.menu = QMenu("&Export", window.widget)
        self.actions: dict[str, QAction] = {}
        for choice in CHOICES:
            action = self.menu.addAction(choice.text)
            action.setStatusTip(f"Export the session as {choice.file_filter.split(' (')[0]}")
            action.triggered.connect(lambda _=False, c=choice: self.export_dialog(c))
            self.actions[choice.format] = action
        self.framework_traces = self.menu.addAction(FRAMEWORK_TRACES.text)
        self.framework_traces.setStatusTip("Export the files of the frameworks' profilers (runs "
                                           "profiled after measuring) into a new folder")
        self.framework_traces.triggered.connect(lambda: self.export_dialog(FRAMEWORK_TRACES))
        self.menu.addSeparator()
        self.timeline_image = self.menu.addAction("&Timeline Image (PNG, SVG)…")
        self.timeline_image.triggered.connect(lambda: self.image_dialog("timeline"))
        self.charts_image = self.menu.addAction("Result C&harts Image (PNG, SVG)…")
        self.charts_image.triggered.connect(lambda: self.image_dialog("charts"))
        self.menu.aboutToShow.connect(self.update_actions)
        window.document_changed.connect(self.update_actions)
        self._insert_menu()
        self.update_actions()

    def _insert_menu(self) -> None:
        """After Save As in the File menu."""
        w = self.window
        file_menu = menu_holding(w.widget, w.commands.save_as)
        if file_menu is None:
            return
        entries = file_menu.actions()
        after = entries.index(w.commands.save_as) + 1
        if after < len(entries):
            file_menu.insertMenu(entries[after], self.menu)
        else:
            file_menu.addMenu(self.menu)

    def update_actions(self, *_args: object) -> None:
        """Formats need a session; images need something drawn."""
        document = self.window.document
        for action in self.actions.values():
            action.setEnabled(document is not None)
        traced = document is not None and any(trace_event(run) for run in document.record.runs)
        self.framework_traces.setEnabled(traced)

    # --- session formats ------------------------------------------------------------------
    def export_dialog(self, choice: ExportChoice) -> None:
        """Ask for a file name and export the shown session to it."""
        w = self.window
        if w.document is None:
            w.show_error("Nothing to export yet: run a session or open a snapshot.",
                         level="warning")
            return
        stem = w.document.path.stem if w.document.path else "fwprof-session"
        default = str(Path(w.settings.last_folder()) / f"{stem}{choice.suffix}")
        path, _ = QFileDialog.getSaveFileName(w.widget, f"Export {choice.text.replace('&', '')}",
                                              default, choice.file_filter)
        if path:
            self.export_to(choice.format, Path(path))

    def export_to(self, fmt: str, path: Path) -> None:
        """Write the shown session as ``fmt`` in the background."""
        w = self.window
        if w.document is None:
            return
        record = w.document.record
        w.show_status(f"Exporting {path.name}…")
        run_in_background(lambda: write_export(record, fmt, path), self._exported,
                          lambda reason: self._failed(path, reason), w.widget)

    def _exported(self, paths: list[Path]) -> None:
        names = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        folder = paths[0].parent if paths else ""
        self.window.show_status(f"Exported {names} to {folder}", 10000)

    def _failed(self, path: Path, reason: str) -> None:
        self.window.clear_status()
        self.window.show_error(f"Could not export {path.name}: {reason}")

    # --- plot images ----------------------------------------------------------------------
    def image_dialog(self, which: str) -> None:
        """Ask for a .png or .svg name and write the timeline's or the charts' image."""
        w = self.window
        default = str(Path(w.settings.last_folder()) / f"fwprof-{which}.png")
        path, chosen = QFileDialog.getSaveFileName(w.widget, "Export plot image", default, IMAGE_FILTER)
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() not in (".png", ".svg"):
            target = target.with_name(target.name + (".svg" if "svg" in chosen.lower() else ".png"))
        self.export_image(which, target)

    def export_image(self, which: str, path: Path) -> bool:
        """Draw ``which`` (``timeline`` or ``charts``) into ``path``; True when written."""
        from ui.widgets.plot_export import export_plots

        w = self.window
        try:
            items = self.plot_items(which)
            note = str(getattr(w.results.charts, "key_text", "")) if which == "charts" else ""
            export_plots(items, path, w.theme.base, self.legend(which), w.theme.text, note)
        except (OSError, ValueError) as exc:
            w.show_error(f"Could not export the image: {exc}")
            return False
        w.show_status(f"Saved {path}", 10000)
        return True

    def legend(self, which: str) -> list[Any]:
        """The image's legend: each framework (or script run) drawn, in its colour."""
        from ui.widgets.plot_export import LegendEntry

        w = self.window
        if which == "charts":
            summary = w.results.summary
            groups = () if summary is None else summary.comparison.groups
            keys = [f for f in FRAMEWORKS if any(g.framework == f for g in groups)]
        else:
            keys = w.timeline.run_keys()
        return [LegendEntry(FRAMEWORK_LABELS.get(key) or key_label(key), w.theme.colour_name(key))
                for key in keys]

    def plot_items(self, which: str) -> list[Any]:
        """The plot items to draw: the visible timeline plots, or the results' chart grid."""
        w = self.window
        if which == "charts":
            w.select_tab(Tab.RESULTS)
            charts: Any = w.results.charts  # BarCharts: one canvas of plots
            return [charts.canvas.ci]
        w.select_tab(Tab.LIVE)
        return [widget.getPlotItem() for widget in w.timeline.plots.values()
                if widget.isVisibleTo(w.timeline)]
