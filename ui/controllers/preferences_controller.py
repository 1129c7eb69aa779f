"""Settings ▸ Defaults and appearance: theme, run defaults and the autosave folder.

File ▸ Settings… opens the interpreter dialog (:class:`InterpreterController`) with a
:class:`~ui.views.setup.preferences_form.PreferencesForm` section added; accepting it saves
the preferences and applies them at once: the theme, the setup's pairs and threads, and the
autosave folder (``$FWPROF_RECOVERY_DIR`` for this process, which the session's autosave and
the recovery list read). The run defaults also fill a first setup (no setup remembered yet).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from fwprof.snapshot.recovery_files import RECOVERY_ENV
from ui.base.settings import Preferences

if TYPE_CHECKING:
    from ui.controllers.host import WindowHost
    from ui.controllers.interpreter_controller import InterpreterController
    from ui.controllers.theme_controller import ThemeController
    from ui.views.setup.preferences_form import PreferencesForm

#: What ``$FWPROF_RECOVERY_DIR`` was before the app set its own folder (empty: not set by it).
_BEFORE: list[str | None] = []


class PreferencesController:
    """Applies and edits :class:`Preferences` (see module docstring)."""

    def __init__(self, window: WindowHost, interpreters: InterpreterController,
                 themes: ThemeController) -> None:
        self.window, self.interpreters, self.themes = window, interpreters, themes
        self.form: PreferencesForm | None = None  # the section of the dialog open now
        preferences = window.settings.preferences()
        use_autosave_dir(preferences.autosave_dir)
        if window.settings.last_config() is None:
            self._apply_run_defaults(preferences)

    def open_settings(self) -> None:
        """The Settings dialog with the preferences section."""
        from ui.views.setup.preferences_form import PreferencesForm

        self.interpreters.open_settings()
        dialog = self.interpreters.dialog
        if dialog is None or not dialog.isVisible():
            return  # a session is running: Settings waits
        form = PreferencesForm(self.window.settings.preferences(), dialog)
        dialog.add_section("Defaults and appearance", form)
        dialog.accepted.connect(lambda: self.apply(form.preferences()))
        self.form = form

    def apply(self, preferences: Preferences) -> None:
        """Save ``preferences`` and use them now."""
        before = self.window.settings.preferences()
        self.window.settings.set_preferences(preferences)
        if preferences.theme != before.theme:
            self.themes.choose(preferences.theme)
        if (preferences.repeats, preferences.threads) != (before.repeats, before.threads):
            self._apply_run_defaults(preferences)
        use_autosave_dir(preferences.autosave_dir)

    def _apply_run_defaults(self, preferences: Preferences) -> None:
        config = self.window.setup.config()
        self.window.setup.set_config(replace(
            config, repeats=preferences.repeats, threads=preferences.threads,
            max_repeats=max(config.max_repeats, preferences.repeats)))


def use_autosave_dir(folder: str) -> None:
    """Autosave into ``folder`` from now on; "" gives back the folder the app was started with
    (only if the app had set one: an outside ``$FWPROF_RECOVERY_DIR`` is left alone)."""
    if folder:
        if not _BEFORE:
            _BEFORE.append(os.environ.get(RECOVERY_ENV))
        os.environ[RECOVERY_ENV] = folder
    elif _BEFORE:
        previous = _BEFORE.pop()
        if previous is None:
            os.environ.pop(RECOVERY_ENV, None)
        else:
            os.environ[RECOVERY_ENV] = previous
