"""Colours and palettes: one colour per framework everywhere, light and dark schemes.

The scheme follows the system (``QStyleHints.colorScheme``); :func:`current_theme` reads it and
:func:`apply_palette` gives the application a matching Fusion palette. Widgets that draw their
own colours (plots, tables) take a :class:`Theme` in an ``apply_theme`` method.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.base.run_info import SCRIPT_PREFIX

#: Phases of a run in order, with the names shown to people.
PHASE_LABELS: dict[str, str] = {
    "import": "import", "build": "build", "first_step": "first step",
    "warmup": "warm-up", "measure": "measure",
}


@dataclass(frozen=True)
class Theme:
    """Every colour the app draws itself."""

    dark: bool
    window: str
    base: str
    text: str
    muted: str
    grid: str
    accent: str
    good: str
    bad: str
    warn: str
    frameworks: dict[str, str] = field(default_factory=dict)
    phases: dict[str, str] = field(default_factory=dict)
    #: Colours of script runs (``script:<label>`` keys), handed out per script name.
    scripts: tuple[str, ...] = ()

    def framework_colour(self, framework: str) -> QColor:
        """The framework's (or script run's) colour (grey for an unknown name)."""
        return QColor(self.colour_name(framework))

    def colour_name(self, key: str) -> str:
        """``#rrggbb`` of a framework or of a script run's key (see :func:`script_slot`)."""
        if key in self.frameworks:
            return self.frameworks[key]
        if key.startswith(SCRIPT_PREFIX) and self.scripts:
            return self.scripts[script_slot(key) % len(self.scripts)]
        return self.muted

    def phase_colour(self, phase: str) -> QColor:
        """A translucent tint for shading a phase in a timeline."""
        colour = QColor(self.phases.get(phase, self.muted))
        colour.setAlpha(34 if self.dark else 30)
        return colour

    def phase_fill(self, phase: str) -> QColor:
        """The phase tint already blended over the plot background: opaque, so cheap to paint."""
        return blend(QColor(self.base), self.phase_colour(phase))

    def tinted(self, framework: str, alpha: int = 48) -> QColor:
        """The framework colour made translucent, for highlighting table cells."""
        colour = self.framework_colour(framework)
        colour.setAlpha(alpha)
        return colour


LIGHT = Theme(
    dark=False, window="#f4f5f7", base="#ffffff", text="#1f2328", muted="#6b7280",
    grid="#d0d4da", accent="#2f6fde", good="#1a7f37", bad="#c62828", warn="#9a6700",
    frameworks={"torch": "#e4661b", "tensorflow": "#1f6fb8", "script": "#7a5cc2"},
    phases={"import": "#8a8f98", "build": "#a66bd3", "first_step": "#d9a400",
            "warmup": "#2aa198", "measure": "#3b82f6"},
    scripts=("#7a5cc2", "#1a9a8a", "#c2417a", "#8a7a00", "#3d7fc2", "#c26a2f", "#5a8a2f",
             "#8a5a3d"),
)
DARK = Theme(
    dark=True, window="#1e2127", base="#262a31", text="#e6e8eb", muted="#9aa3ad",
    grid="#3a3f47", accent="#5b9bff", good="#4cc26a", bad="#ff6b6b", warn="#e0b341",
    frameworks={"torch": "#ff8c42", "tensorflow": "#4ea3f0", "script": "#b39ddb"},
    phases={"import": "#b0b6bf", "build": "#c792ea", "first_step": "#ffcb6b",
            "warmup": "#4fd6be", "measure": "#82aaff"},
    scripts=("#b39ddb", "#4fd6be", "#f48fb1", "#e6c84f", "#82aaff", "#ffab70", "#a5d66f",
             "#d7a98c"),
)

#: Script keys in the order they were first coloured: a script keeps its colour in every view.
_SCRIPT_SLOTS: dict[str, int] = {}


def script_slot(key: str) -> int:
    """The palette slot of a script run's key: the next free one the first time it is seen."""
    return _SCRIPT_SLOTS.setdefault(key, len(_SCRIPT_SLOTS))


def blend(under: QColor, over: QColor) -> QColor:
    """``over`` (translucent) painted on ``under`` (opaque), as one opaque colour."""
    alpha = over.alphaF()
    return QColor(*(round(u + (o - u) * alpha) for u, o in (
        (under.red(), over.red()), (under.green(), over.green()), (under.blue(), over.blue()))))


def system_prefers_dark() -> bool:
    """True when the platform reports a dark colour scheme."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def current_theme() -> Theme:
    """The theme matching the system colour scheme (light when unknown)."""
    return DARK if system_prefers_dark() else LIGHT


#: The theme choices people pick from (View ▸ Theme), in menu order, with their menu labels.
THEME_CHOICES: dict[str, str] = {"system": "&System", "light": "&Light", "dark": "&Dark"}


def theme_for(choice: str) -> Theme:
    """The theme for a choice of :data:`THEME_CHOICES` (an unknown choice follows the system)."""
    if choice == "light":
        return LIGHT
    if choice == "dark":
        return DARK
    return current_theme()


def apply_palette(app: QApplication, theme: Theme) -> None:
    """Fusion style with a palette built from ``theme``."""
    app.setStyle("Fusion")
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window, QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base, QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text, QPalette.ColorRole.Button: theme.window,
        QPalette.ColorRole.ButtonText: theme.text, QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text, QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.PlaceholderText: theme.muted,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(disabled, role, QColor(theme.muted))
    app.setPalette(palette)


def swatch_html(colour: str, text: str) -> str:
    """A coloured square followed by text, for rich-text legends."""
    return f'<span style="color:{colour}; font-size:14px">&#9632;</span>&nbsp;{text}'


def primary_button_css(theme: Theme) -> str:
    """The main call to action (Run): accent background while enabled."""
    return (f"QToolButton:enabled {{ background: {theme.accent}; color: #ffffff; font-weight: bold;"
            f" border: 1px solid {theme.accent}; border-radius: 4px; padding: 4px 12px; }}"
            f"QToolButton:enabled:hover {{ background: {QColor(theme.accent).lighter(112).name()}; }}"
            f"QToolButton:enabled:pressed {{ background: {QColor(theme.accent).darker(112).name()}; }}")
