"""Offering sessions back that an earlier fwprof could not save (killed, crashed, disk full),
and finished sessions it kept unsaved (the app was killed before the user saved or discarded).

Once the window is ready (after the first paint and the machine probe),
:class:`RecoveryPrompt` lists the recovery folder
(:mod:`fwprof.snapshot.recovery`; ``FWPROF_RECOVERY_DIR`` overrides where it is). If sessions
are there that no running fwprof owns, a bar under the message bar offers the newest one:

- **Recover**: open it in the window as an unsaved session; its autosave stays in the recovery
  folder until the session is saved somewhere (then it is removed), so nothing is lost if the
  app is closed without saving.
- **Discard**: delete its autosave.
- **Later**: hide the bar until the next start.

With several sessions, the bar moves to the next one after Recover or Discard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from ui.base.theme import Theme
from ui.base.threads import describe_exception, run_in_background
from ui.controllers.file_controller import Confirm, proceed_at_once
from ui.controllers.host import Document, Tab
from ui.views.session.recovery_bar import RecoveryBar, describe, headline

if TYPE_CHECKING:
    from fwprof.outputs.document import SummaryDocument
    from fwprof.results import SessionRecord
    from fwprof.snapshot.recovery import RecoverableSession
    from ui.controllers.host import WindowHost

Recovered = tuple[str, "SessionRecord", "SummaryDocument"]


def recoverable_sessions() -> list[RecoverableSession]:
    """Autosaves in the recovery folder that no running fwprof owns, newest first."""
    from fwprof.snapshot.recovery import list_recoverable

    return [entry for entry in list_recoverable() if not entry.in_progress]


def recover_with_summary(session_id: str) -> Recovered:
    """Load an autosave (marking what was cut short) and build its summary (worker thread)."""
    from fwprof.outputs.summary import build_summary
    from fwprof.snapshot.recovery import recover

    record = recover(session_id)
    return session_id, record, build_summary(record)


def discard_session(session_id: str) -> str:
    """Delete an autosave (worker thread); returns its id."""
    from fwprof.snapshot.recovery import discard

    discard(session_id)
    return session_id


class RecoveryPrompt(QObject):
    """Looks for unsaved sessions once, and offers them in a :class:`RecoveryBar`."""

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window.widget)
        self.window = window
        self.sessions: list[RecoverableSession] = []
        self._checked = False
        #: Asked before a recovered session replaces the one shown (the unsaved-session guard).
        self.confirm: Confirm = proceed_at_once
        self.bar = RecoveryBar(window.theme, window.widget)
        window.add_under_messages(self.bar)
        self.bar.recover_button.clicked.connect(self.recover_current)
        self.bar.discard_button.clicked.connect(self.discard_current)
        self.bar.later_button.clicked.connect(self.later)
        #: Recovered documents whose autosave goes once they are saved: id by document.
        self._unsaved: dict[int, tuple[Document, str]] = {}
        window.document_changed.connect(self._document_changed)

    def check(self) -> None:
        """List the recovery folder; show the bar if anything is there.

        Called once the window is ready (the probe thread has imported the modules it
        needs). Listing reads only directory entries and the small index files (no autosave
        is decompressed), so it runs here without a thread. Only the first call looks.
        """
        if self._checked:
            return
        self._checked = True
        try:
            self.sessions = recoverable_sessions()
        except Exception as exc:  # never let a bad folder stop the app from starting
            self.window.show_status(
                f"Could not look for unsaved sessions: {describe_exception(exc)}", 8000)
            return
        self._offer_next()

    def _offer_next(self) -> None:
        self.bar.set_busy(False)
        if not self.sessions:
            self.bar.hide()
            return
        first = self.sessions[0]
        more = len(self.sessions) - 1
        others = f" ({more} more after this one)" if more else ""
        self.bar.label.setText(
            f"{headline(first)}{others}: {describe(first)}. "
            "Recover it?")
        self.bar.show()

    def current_id(self) -> str | None:
        """The id of the session offered now (None when none is)."""
        return self.sessions[0].id if self.sessions and self.bar.isVisible() else None

    def recover_current(self) -> None:
        """Open the offered session in the window (refused while a session runs), once
        :attr:`confirm` lets the session shown go."""
        self.confirm(self._recover_current)

    def _recover_current(self) -> None:
        session_id = self.current_id()
        if session_id is None:
            return
        if self.window.worker.is_running():
            self.window.show_error("Stop the running session before recovering another one.",
                                   level="warning")
            return
        self.bar.set_busy(True)
        run_in_background(lambda: recover_with_summary(session_id), self._recovered,
                          lambda reason: self._failed("recover", reason), self)

    def discard_current(self) -> None:
        """Delete the offered session's autosave."""
        session_id = self.current_id()
        if session_id is None:
            return
        self.bar.set_busy(True)
        run_in_background(lambda: discard_session(session_id), self._discarded,
                          lambda reason: self._failed("discard", reason), self)

    def later(self) -> None:
        """Hide the offer until the next start."""
        self.sessions = []
        self.bar.hide()

    def _recovered(self, recovered: Recovered) -> None:
        session_id, record, summary = recovered
        w = self.window
        document = Document(record, summary, None)
        self._unsaved[id(document)] = (document, session_id)
        w.show_document(document, f"recovered, not saved yet ({session_id})")
        w.select_tab(Tab.RESULTS)
        w.show_status(f"Recovered {session_id}: save it (Ctrl+S) to keep it", 10000)
        self._drop(session_id)

    def _discarded(self, session_id: str) -> None:
        self.window.show_status(f"Discarded {session_id}", 8000)
        self._drop(session_id)

    def _drop(self, session_id: str) -> None:
        self.sessions = [entry for entry in self.sessions if entry.id != session_id]
        self._offer_next()

    def _failed(self, action: str, reason: str) -> None:
        self.window.show_error(f"Could not {action} the session: {reason}")
        if self.sessions:  # damaged or gone: offer the next one rather than this one again
            self.sessions.pop(0)
        self._offer_next()

    def _document_changed(self, _document: Document | None) -> None:
        """A recovered session was saved: its autosave is no longer needed."""
        document = self.window.document
        if document is None or document.path is None:
            return
        saved = self._unsaved.pop(id(document), None)
        if saved is not None and saved[0] is document:
            run_in_background(lambda: discard_session(saved[1]), lambda _id: None,
                              lambda reason: self.window.show_error(
                                  f"Saved, but could not remove the autosave: {reason}",
                                  level="warning"), self)

    def apply_theme(self, theme: Theme) -> None:
        """Recolour the bar."""
        self.bar.apply_theme(theme)
