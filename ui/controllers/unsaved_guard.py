"""Never losing a finished session: Run, Profile Script, Open and Quit ask first.

A session that ended in the window with results (:func:`~ui.controllers.session_worker.has_results`)
keeps its autosave in the recovery folder, marked "finished, not saved"
(:meth:`fwprof.launch.autosave.SessionAutosave.keep_unsaved`), so it survives a crash or a kill
and ``fwprof recover`` lists it. Before anything replaces such a session, or the window closes,
:class:`UnsavedGuard` asks with :func:`ask_save_discard_cancel`:

- **Save**: save it (Save As when it has no file yet), then go on; the autosave is removed;
- **Discard**: remove the autosave and go on;
- **Cancel**: do nothing.

Saving it at any time (File ▸ Save or Save As) also removes its autosave. Sessions opened from
a file, already saved, or stopped before any run ended do not ask. Tests replace
:func:`ask_save_discard_cancel` (a modal dialog) with a function that answers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.controllers.session_worker import has_results

if TYPE_CHECKING:
    from fwprof.results import SessionRecord
    from ui.controllers.file_controller import FileController
    from ui.controllers.host import Document, WindowHost
    from ui.controllers.session_controller import SessionController

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
_ANSWERS = {QMessageBox.StandardButton.Save: SAVE, QMessageBox.StandardButton.Discard: DISCARD}


def ask_save_discard_cancel(parent: QWidget, text: str, detail: str) -> str:
    """The modal question: returns SAVE, DISCARD or CANCEL (Esc and closing the box: CANCEL)."""
    buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
               | QMessageBox.StandardButton.Cancel)
    box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved session", text, buttons, parent)
    box.setInformativeText(detail)
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    return _ANSWERS.get(QMessageBox.StandardButton(answer), CANCEL)


class UnsavedGuard(QObject):
    """Asks before a finished, unsaved session is replaced or the window closes (see the module
    docstring); installs itself as ``files.confirm`` and ``sessions.confirm``."""

    def __init__(self, window: WindowHost, files: FileController,
                 sessions: SessionController) -> None:
        super().__init__(window.widget)
        self.window = window
        self.files = files
        #: Autosaves kept for sessions of this window, by ``id`` of their record.
        self._autosaves: dict[int, tuple[SessionRecord, Path]] = {}
        self._discarded: SessionRecord | None = None  # the user chose Discard: do not ask again
        files.confirm = sessions.confirm = self.confirm
        window.worker.autosave_kept.connect(self._autosave_kept)
        window.document_changed.connect(self._document_changed)

    def needs_asking(self) -> bool:
        """True when the session shown is finished, has results, and was never saved."""
        document = self.window.document
        return (document is not None and document.path is None
                and document.record is not self._discarded
                and not self.window.worker.is_running() and has_results(document.record))

    def confirm(self, proceed: Callable[[], None]) -> None:
        """Run ``proceed`` now, after saving, or not at all, as the user answers."""
        if not self.needs_asking():
            proceed()
            return
        answer = self._ask()
        if answer == DISCARD:
            self.discard_current()
            proceed()
        elif answer == SAVE:
            self.files.save_then(proceed)

    def confirm_close(self) -> bool:
        """For the window's closeEvent: True to close now. After Save, False: the window closes
        again once the snapshot is written."""
        if not self.needs_asking():
            return True
        answer = self._ask()
        if answer == DISCARD:
            self.discard_current()
            return True
        if answer == SAVE:
            self.files.save_then(self.window.widget.close)
        return False

    def discard_current(self) -> None:
        """Forget the session shown: remove its autosave (it stays on screen until replaced)."""
        document = self.window.document
        if document is None:
            return
        kept = self._autosaves.pop(id(document.record), None)
        if kept is not None and kept[0] is document.record:
            _remove_autosave(kept[1])
        recovered = document.record.environment.get("recovered_from")
        if isinstance(recovered, dict) and isinstance(recovered.get("id"), str):
            _discard_recovered(recovered["id"])
        self._discarded = document.record

    def autosave_of(self, record: SessionRecord) -> Path | None:
        """The autosave kept for ``record`` (None when there is none)."""
        kept = self._autosaves.get(id(record))
        return kept[1] if kept is not None and kept[0] is record else None

    def _ask(self) -> str:
        return ask_save_discard_cancel(
            self.window.widget, "The results of the last session are not saved.",
            "Save them to a snapshot file, or discard them? (Until you choose, they are kept in "
            "the recovery folder: fwprof recover lists them.)")

    def _autosave_kept(self, record: SessionRecord, path: Path) -> None:
        self._autosaves[id(record)] = (record, path)

    def _document_changed(self, document: Document | None) -> None:
        """A session of this window was saved: its autosave is no longer needed."""
        if document is None or document.path is None:
            return
        kept = self._autosaves.pop(id(document.record), None)
        if kept is not None and kept[0] is document.record:
            _remove_autosave(kept[1])


def _remove_autosave(path: Path) -> None:
    """Delete this window's own autosave files (small; the writer has finished with them)."""
    from fwprof.snapshot.recovery import remove_files

    with contextlib.suppress(OSError, ValueError):
        remove_files(path.parent, path.stem)


def _discard_recovered(session_id: str) -> None:
    """Delete a recovered session's autosave (left by a fwprof that is gone)."""
    from fwprof.snapshot.recovery import RecoveryError, discard

    with contextlib.suppress(OSError, RecoveryError):
        discard(session_id)
