"""View ▸ Theme: Light, Dark or System, remembered in the app's settings.

"System" follows the platform's colour scheme, also when it changes while the app runs; a fixed
choice ignores it. Switching applies the palette app-wide and recolours every view (the window's
``apply_theme``, which the plots follow).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMenu

from ui.base.theme import THEME_CHOICES, Theme, apply_palette, current_theme, theme_for
from ui.controllers.actions import menu_holding
from ui.controllers.host import WindowHost


class ThemeController:
    """The Theme submenu of the View menu and what its choices do."""

    def __init__(self, window: WindowHost, apply: Callable[[Theme], None]) -> None:
        self.window = window
        self.apply = apply
        self.group = QActionGroup(window.widget)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        self.menu = self._build_menu()
        app = QApplication.instance()
        if self.choice != "system" and isinstance(app, QApplication):
            apply_palette(app, theme_for(self.choice))

    @property
    def choice(self) -> str:
        """The remembered choice: "system", "light" or "dark"."""
        return self.window.settings.theme_choice()

    def choose(self, choice: str) -> None:
        """Switch to ``choice`` and remember it."""
        self.window.settings.set_theme_choice(choice)
        self.actions[choice].setChecked(True)
        self.apply(theme_for(choice))

    def _build_menu(self) -> QMenu:
        menu = QMenu("&Theme", self.window.widget)
        for choice, label in THEME_CHOICES.items():
            action = QAction(label, menu, checkable=True)
            action.setStatusTip(f"Colours: {label.replace('&', '').lower()}")
            action.setChecked(choice == self.choice)
            action.triggered.connect(lambda _checked=False, c=choice: self.choose(c))
            self.group.addAction(action)
            menu.addAction(action)
            self.actions[choice] = action
        view_menu = menu_holding(self.window.widget, self.window.commands.show_live)
        if view_menu is not None:
            view_menu.addSeparator()
            view_menu.addMenu(menu)
        return menu

    def system_changed(self) -> None:
        """The platform's colour scheme changed: follow it if the choice is "System"."""
        if self.choice == "system":
            self.apply(current_theme())
