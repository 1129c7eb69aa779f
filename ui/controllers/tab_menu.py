"""View ▸ one entry per tab: besides Live, Results, Environment and Comparison (the window's
own actions), every other tab in :class:`~ui.controllers.host.Tab` order (Convergence, Code,
Deploy, Operators, Scaling), each with its Alt+number shortcut."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget

from ui.controllers.actions import menu_holding, window_action
from ui.controllers.host import Tab

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost


class TabMenu:
    """Adds the View menu's entries for the tabs after Comparison (see module docstring)."""

    def __init__(self, window: WindowHost, tabs: QTabWidget) -> None:
        self.window, self.tabs = window, tabs
        self.actions: dict[Tab, QAction] = {}
        for tab in (t for t in Tab if t > Tab.COMPARE):
            title = tabs.tabText(tab).replace("&", "")
            action = window_action(window.widget, title, f"Alt+{int(tab) + 1}",
                                   f"Show the {title} tab")
            action.triggered.connect(lambda _=False, t=tab: self.show(t))
            self.actions[tab] = action
        self._insert_after(window.commands.show_compare)

    def _insert_after(self, anchor: QAction) -> None:
        menu = menu_holding(self.window.widget, anchor)
        if menu is None:
            return
        entries = menu.actions()
        following = entries[entries.index(anchor) + 1] if anchor is not entries[-1] else None
        if following is None:
            menu.addActions(list(self.actions.values()))
        else:
            menu.insertActions(following, list(self.actions.values()))

    def show(self, tab: Tab) -> None:
        """Bring ``tab`` forward; a tab this session has nothing for says so instead."""
        if not self.tabs.isTabVisible(tab):
            title = self.tabs.tabText(tab).replace("&", "")
            self.window.show_status(f"The {title} tab has nothing for this session", 5000)
            return
        self.tabs.setCurrentIndex(tab)
