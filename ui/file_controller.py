"""Opening, saving and comparing snapshots; the recent-files menu. Disk work runs off the GUI
thread and every failure is shown in the window with its reason."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from fwprof.results import SessionRecord
from ui.threads import run_in_background

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FILE_FILTER = "fwprof snapshots (*.fwprof);;All files (*)"
Loaded = tuple[Path, SessionRecord, dict[str, Any]]


def load_with_summary(path: Path) -> Loaded:
    """Read a snapshot and rebuild its summary (worker thread)."""
    from fwprof.report.summary import build_summary
    from fwprof.snapshot import load_snapshot

    record = load_snapshot(path)
    return path, record, build_summary(record)


def save_record(record: SessionRecord, path: Path) -> Path:
    """Write a snapshot (worker thread)."""
    from fwprof.snapshot import save_snapshot

    return save_snapshot(record, path)


class FileController(QObject):
    """File menu commands of a :class:`MainWindow`."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    # --- opening --------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a snapshot and open it."""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open snapshot",
                                              self.window.settings.last_folder(), FILE_FILTER)
        if path:
            self.open_snapshot(Path(path))

    def open_snapshot(self, path: Path) -> None:
        """Load ``path`` in the background and show it in every view."""
        self.window.statusBar().showMessage(f"Opening {path}…")
        run_in_background(lambda: load_with_summary(path), self._opened,
                          lambda reason: self._open_failed(path, reason), self.window)

    def _opened(self, loaded: Loaded) -> None:
        from ui.live_buffer import batch_from_record
        from ui.main_window import TAB_RESULTS, Document

        path, record, summary = loaded
        w = self.window
        w.messages.hide()
        w.timeline.clear()
        w.timeline.show_batch(batch_from_record(record))
        w.queue.model.set_runs(record.runs)
        w.results.show_summary(summary, path.name)
        w.environment.show_environment(record.environment)
        w.set_document(Document(record, summary, path))
        self._remember(path)
        w.statusBar().showMessage(f"Opened {path}", 8000)
        w.show_tab(TAB_RESULTS)

    def _open_failed(self, path: Path, reason: str) -> None:
        self.window.statusBar().clearMessage()
        self.window.show_error(f"Could not open {path.name}: {reason}")

    # --- comparing ------------------------------------------------------------------------
    def compare_dialog(self) -> None:
        """Ask for two snapshots (or one more than the open one) and compare them."""
        w = self.window
        paths, _ = QFileDialog.getOpenFileNames(w, "Choose two snapshots to compare",
                                                w.settings.last_folder(), FILE_FILTER)
        chosen = [Path(p) for p in paths]
        if len(chosen) == 1 and w.document is not None and w.document.path is not None:
            chosen.insert(0, w.document.path)
        if len(chosen) == 2:
            self.compare_snapshots(chosen[0], chosen[1])
        elif chosen:
            w.show_error("Choose exactly two snapshots to compare (or open one first, then "
                         "choose one more).", level="warning")

    def compare_snapshots(self, first: Path, second: Path) -> None:
        """Load both in the background, then show the comparison tab."""
        self.window.statusBar().showMessage(f"Comparing {first.name} and {second.name}…")

        def load_both() -> tuple[Loaded, Loaded]:
            return load_with_summary(first), load_with_summary(second)

        run_in_background(load_both, self._compared,
                          lambda reason: self._open_failed(Path("the snapshots"), reason),
                          self.window)

    def _compared(self, pair: tuple[Loaded, Loaded]) -> None:
        from ui.main_window import TAB_COMPARE

        w = self.window
        w.messages.hide()
        w.compare.show_pair(*pair)
        w.tabs.setTabVisible(TAB_COMPARE, True)
        w.show_tab(TAB_COMPARE)
        for path, _, _ in pair:
            self._remember(path)
        w.statusBar().showMessage("Comparison ready", 8000)

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        """Save to the snapshot's own path, or ask for one."""
        document = self.window.document
        if document is None:
            return
        if document.path is None:
            self.save_as()
        else:
            self.save_to(document.path)

    def save_as(self) -> None:
        """Ask where to save the session."""
        w = self.window
        if w.document is None:
            return
        default = Path(w.settings.last_folder()) / default_name()
        path, _ = QFileDialog.getSaveFileName(w, "Save snapshot", str(default), FILE_FILTER)
        if path:
            self.save_to(Path(path) if Path(path).suffix else Path(path + ".fwprof"))

    def save_to(self, path: Path) -> None:
        """Write the current session to ``path`` in the background."""
        document = self.window.document
        if document is None:
            return
        record = document.record
        self.window.statusBar().showMessage(f"Saving {path}…")
        run_in_background(lambda: save_record(record, path), self._saved,
                          lambda reason: self.window.show_error(f"Could not save: {reason}"),
                          self.window)

    def _saved(self, path: Path) -> None:
        document = self.window.document
        if document is not None:
            document.path = path
            self.window.set_document(document)
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {path}", 8000)

    # --- recent files ---------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        self.window.settings.add_recent(path)
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        """Fill File ▸ Open Recent from the settings."""
        menu = self.window.recent_menu
        menu.clear()
        files = self.window.settings.recent_files()
        for number, name in enumerate(files, start=1):
            action = menu.addAction(f"&{number} {Path(name).name}")
            action.setToolTip(name)
            action.triggered.connect(lambda _=False, p=name: self.open_snapshot(Path(p)))
        menu.setEnabled(bool(files))


def default_name() -> str:
    """'fwprof-20261126-101500.fwprof'."""
    return f"fwprof-{datetime.now():%Y%m%d-%H%M%S}.fwprof"
