"""Opening, saving and comparing snapshots; the recent-files menu. Disk work runs off the GUI
thread and every failure is shown in the window with its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu

from fwprof.results import SessionRecord
from ui.base.threads import run_in_background
from ui.controllers.host import Document, Tab

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
    from ui.controllers.host import WindowHost

FILE_FILTER = "fwprof snapshots (*.fwprof);;All files (*)"
Loaded = tuple[Path, SessionRecord, "SummaryDocument"]
#: Runs its argument once the session shown may be replaced (see :mod:`ui.controllers.unsaved_guard`).
Confirm = Callable[[Callable[[], None]], None]


def proceed_at_once(proceed: Callable[[], None]) -> None:
    """The :data:`Confirm` that never asks."""
    proceed()


def load_with_summary(path: Path) -> Loaded:
    """Read a snapshot and rebuild its summary (worker thread)."""
    from fwprof.outputs.summary import build_summary
    from fwprof.snapshot import load_snapshot

    record = load_snapshot(path)
    return path, record, build_summary(record)


def save_record(record: SessionRecord, path: Path) -> Path:
    """Write a snapshot (worker thread)."""
    from fwprof.outputs.snapshot import save_snapshot

    return save_snapshot(record, path)


class FileController(QObject):
    """File menu commands of the window; ``recent_menu`` is File ▸ Open Recent."""

    def __init__(self, window: WindowHost, recent_menu: QMenu) -> None:
        super().__init__(window.widget)
        self.window = window
        self.recent_menu = recent_menu
        #: Asked before a snapshot replaces the session shown (the unsaved-session guard sets it).
        self.confirm: Confirm = proceed_at_once

    # --- opening --------------------------------------------------------------------------
    def open_dialog(self) -> None:
        """Ask for a snapshot and open it."""
        path, _ = QFileDialog.getOpenFileName(self.window.widget, "Open snapshot",
                                              self.window.settings.last_folder(), FILE_FILTER)
        if path:
            self.open_snapshot(Path(path))

    def open_snapshot(self, path: Path) -> None:
        """Load ``path`` in the background and show it in every view (once :attr:`confirm`
        lets the session shown go)."""
        self.confirm(lambda: self._load(path))

    def _load(self, path: Path) -> None:
        self.window.show_status(f"Opening {path}…")
        run_in_background(lambda: load_with_summary(path), self._opened,
                          lambda reason: self._open_failed(path, reason), self.window.widget)

    def _opened(self, loaded: Loaded) -> None:
        path, record, summary = loaded
        w = self.window
        w.show_document(Document(record, summary, path), path.name)
        self._remember(path)
        w.show_status(f"Opened {path}", 8000)
        w.select_tab(Tab.RESULTS)

    def _open_failed(self, path: Path, reason: str) -> None:
        self.window.clear_status()
        self.window.show_error(f"Could not open {path.name}: {reason}")

    # --- comparing ------------------------------------------------------------------------
    def compare_dialog(self) -> None:
        """Ask for two snapshots (or one more than the open one) and compare them."""
        w = self.window
        paths, _ = QFileDialog.getOpenFileNames(w.widget, "Choose two snapshots to compare",
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
        self.window.show_status(f"Comparing {first.name} and {second.name}…")

        def load_both() -> tuple[Loaded, Loaded]:
            return load_with_summary(first), load_with_summary(second)

        run_in_background(load_both, self._compared,
                          lambda reason: self._open_failed(Path("the snapshots"), reason),
                          self.window.widget)

    def _compared(self, pair: tuple[Loaded, Loaded]) -> None:
        w = self.window
        w.hide_message()
        w.compare.show_pair(*pair)
        w.select_tab(Tab.COMPARE, reveal=True)
        for path, _, _ in pair:
            self._remember(path)
        w.show_status("Comparison ready", 8000)

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        """Save to the snapshot's own path, or ask for one."""
        self.save_then(None)

    def save_as(self) -> None:
        """Ask where to save the session."""
        self.save_as_then(None)

    def save_then(self, then: Callable[[], None] | None) -> bool:
        """Save to the snapshot's own path, or ask for one; ``then`` runs once it is saved.
        False if nothing will be saved (no session, or the Save As dialog was cancelled)."""
        document = self.window.document
        if document is None:
            return False
        if document.path is None:
            return self.save_as_then(then)
        self.save_to(document.path, then)
        return True

    def save_as_then(self, then: Callable[[], None] | None) -> bool:
        """Ask where to save the session (False if cancelled); ``then`` runs once it is saved."""
        w = self.window
        if w.document is None:
            return False
        default = Path(w.settings.last_folder()) / default_name()
        path, _ = QFileDialog.getSaveFileName(w.widget, "Save snapshot", str(default), FILE_FILTER)
        if not path:
            return False
        self.save_to(Path(path) if Path(path).suffix else Path(path + ".fwprof"), then)
        return True

    def save_to(self, path: Path, then: Callable[[], None] | None = None) -> None:
        """Write the current session to ``path`` in the background; ``then`` runs after."""
        document = self.window.document
        if document is None:
            return
        record = document.record
        self.window.show_status(f"Saving {path}…")
        run_in_background(lambda: save_record(record, path), lambda p: self._saved(p, then),
                          lambda reason: self.window.show_error(f"Could not save: {reason}"),
                          self.window.widget)

    def _saved(self, path: Path, then: Callable[[], None] | None = None) -> None:
        document = self.window.document
        if document is not None:
            document.path = path
            self.window.set_document(document)
            self.window.results.set_source(path.name)  # no longer "not saved yet"
        self._remember(path)
        self.window.show_status(f"Saved {path}", 8000)
        if then is not None:
            then()

    # --- recent files ---------------------------------------------------------------------
    def _remember(self, path: Path) -> None:
        self.window.settings.add_recent(path)
        self.rebuild_recent_menu()

    def rebuild_recent_menu(self) -> None:
        """Fill File ▸ Open Recent from the settings."""
        menu = self.recent_menu
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
