"""Every command of the app as a QAction with a shortcut, and the menus that hold them.

The window builds them (:func:`create_actions`, :func:`build_menus`) and connects them to its
controllers; a controller adds its own commands with :func:`window_action`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

Key = QKeySequence.StandardKey


@dataclass
class Actions:
    """The window's commands (slots are connected by the window)."""

    open: QAction
    save: QAction
    save_as: QAction
    compare: QAction
    settings: QAction
    quit: QAction
    run: QAction
    stop: QAction
    preset_quick: QAction
    preset_full: QAction
    show_live: QAction
    show_results: QAction
    show_environment: QAction
    show_compare: QAction
    toggle_setup: QAction
    reset_zoom: QAction
    about: QAction

    def all(self) -> list[QAction]:
        """Every action, in declaration order."""
        return [getattr(self, f.name) for f in fields(self)]


def window_action(window: QMainWindow, text: str, shortcut: QKeySequence | Key | str,
            tip: str) -> QAction:
    """One window-wide action; its tooltip names the shortcut."""
    action = QAction(text, window)
    sequence = QKeySequence(shortcut)
    action.setShortcut(sequence)
    action.setStatusTip(tip)
    native = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({native})")
    window.addAction(action)
    return action


def create_actions(window: QMainWindow) -> Actions:
    """Build the actions, owned by ``window`` (so their shortcuts work window-wide)."""
    def make(text: str, shortcut: QKeySequence | Key | str, tip: str) -> QAction:
        return window_action(window, text, shortcut, tip)

    actions = Actions(
        open=make("&Open Snapshot…", Key.Open, "Open a saved .fwprof session"),
        save=make("&Save", Key.Save, "Save the session as a .fwprof snapshot"),
        save_as=make("Save &As…", "Ctrl+Shift+S", "Save the session under a new name"),
        compare=make("&Compare Snapshots…", "Ctrl+Shift+O", "Open two snapshots side by side"),
        settings=make("Se&ttings…", "Ctrl+,", "Interpreter for runs, theme, run defaults, autosave folder"),
        quit=make("&Quit", "Ctrl+Q", "Quit fwprof"),
        run=make("&Run", "Ctrl+R", "Run the planned comparison"),
        stop=make("S&top", "Esc", "End the current run and the queue"),
        preset_quick=make("&Quick Preset", "Ctrl+1", "About a minute: mlp, eager and graph"),
        preset_full=make("&Full Preset", "Ctrl+2", "Every workload, task and mode, 3 repeats"),
        show_live=make("&Live Timelines", "Alt+1", "Show the live timelines and run queue"),
        show_results=make("&Results", "Alt+2", "Show the verdicts and charts"),
        show_environment=make("&Environment", "Alt+3", "Show the machine and versions"),
        show_compare=make("&Comparison", "Alt+4", "Show the snapshot comparison"),
        toggle_setup=make("Run &Setup Panel", "F9", "Show or hide the run setup"),
        reset_zoom=make("Reset &Zoom", "Ctrl+0", "Fit the timelines to all data"),
        about=make("&About fwprof", "F1", "Version and what fwprof measures"),
    )
    actions.toggle_setup.setCheckable(True)
    actions.toggle_setup.setChecked(True)
    actions.stop.setEnabled(False)
    actions.save.setEnabled(False)
    actions.save_as.setEnabled(False)
    return actions


def build_menus(window: QMainWindow, actions: Actions) -> QMenu:
    """File, Run, View and Help menus; returns the (empty) Open Recent submenu to fill."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(actions.open)
    recent = file_menu.addMenu("Open &Recent")
    file_menu.addAction(actions.compare)
    file_menu.addSeparator()
    file_menu.addActions([actions.save, actions.save_as])
    file_menu.addSeparator()
    file_menu.addAction(actions.settings)
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    run_menu = bar.addMenu("&Run")
    run_menu.addActions([actions.run, actions.stop])
    run_menu.addSeparator()
    run_menu.addActions([actions.preset_quick, actions.preset_full])
    view_menu = bar.addMenu("&View")
    view_menu.addActions([actions.show_live, actions.show_results, actions.show_environment,
                          actions.show_compare])
    view_menu.addSeparator()
    view_menu.addActions([actions.toggle_setup, actions.reset_zoom])
    bar.addMenu("&Help").addAction(actions.about)
    return recent


def menu_holding(window: QMainWindow, action: QAction) -> QMenu | None:
    """The menu bar's menu that holds ``action`` (None if none does)."""
    for entry in window.menuBar().actions():
        menu = entry.menu()
        if isinstance(menu, QMenu) and action in menu.actions():
            return menu
    return None
