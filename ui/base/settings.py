"""What the app remembers between sessions (QSettings): window, theme, last run setup, interpreter,
recent files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from fwprof.config import ConfigError, SessionConfig

MAX_RECENT = 8


@dataclass(frozen=True)
class Preferences:
    """Settings ▸ Defaults and appearance."""

    theme: str = "system"  # "system", "light" or "dark"
    repeats: int = SessionConfig.repeats  # pairs per configuration in a new setup
    threads: int = SessionConfig.threads  # intra-op threads per run (0: all cores)
    autosave_dir: str = ""  # "" : fwprof's default recovery folder


class AppSettings:
    """Typed access to the app's QSettings (pass one in to keep tests away from the user's)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings if settings is not None else QSettings("fwprof", "fwprof")

    def save_window(self, window: QMainWindow) -> None:
        """Remember geometry and dock/toolbar state."""
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState())

    def restore_window(self, window: QMainWindow) -> bool:
        """Restore geometry; False when nothing was saved."""
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)

    def last_config(self) -> SessionConfig | None:
        """The last run setup, if one was saved and is still valid."""
        text = self.qsettings.value("setup/config")
        if not isinstance(text, str) or not text:
            return None
        try:
            config = SessionConfig.from_dict(json.loads(text))
            config.validate()
        except (ValueError, TypeError, ConfigError):
            return None
        return config

    def save_config(self, config: SessionConfig) -> None:
        """Remember the run setup."""
        self.qsettings.setValue("setup/config", json.dumps(config.to_dict()))

    def last_scenario(self) -> tuple[str, list[str]]:
        """The scenario last chosen in the setup and its own options as ``fwprof run``'s
        arguments (the comparison, without options, when none was saved)."""
        name, text = self.qsettings.value("setup/scenario"), self.qsettings.value("setup/scenario_args")
        try:
            args = json.loads(text) if isinstance(text, str) and text else []
        except ValueError:
            args = []
        valid = isinstance(args, list) and all(isinstance(a, str) for a in args)
        return (name if isinstance(name, str) and name else "compare"), (args if valid else [])

    def save_scenario(self, name: str, args: list[str]) -> None:
        """Remember the chosen scenario and its options."""
        self.qsettings.setValue("setup/scenario", name)
        self.qsettings.setValue("setup/scenario_args", json.dumps(args))

    def python(self) -> str:
        """The interpreter chosen in Settings for workloads and scripts ("" when automatic)."""
        value = self.qsettings.value("run/python")
        return value if isinstance(value, str) else ""

    def set_python(self, path: str) -> None:
        """Remember the interpreter ("" to find one automatically)."""
        self.qsettings.setValue("run/python", path)

    def theme_choice(self) -> str:
        """The chosen theme: "system" (the default), "light" or "dark"."""
        value = self.qsettings.value("view/theme")
        return value if value in ("system", "light", "dark") else "system"

    def set_theme_choice(self, choice: str) -> None:
        """Remember the theme choice."""
        self.qsettings.setValue("view/theme", choice)

    def recent_files(self) -> list[str]:
        """Recently opened or saved snapshots, newest first."""
        value = self.qsettings.value("files/recent")
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> list[str]:
        """Put ``path`` first in the recent list; returns the new list."""
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files() if f != text]
        self.qsettings.setValue("files/recent", files[:MAX_RECENT])
        return files[:MAX_RECENT]

    def recent_models(self) -> list[str]:
        """Model files chosen with "Add my model…", newest first, those that still exist."""
        value = self.qsettings.value("models/recent")
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or [] if Path(str(v)).is_file()][:MAX_RECENT]

    def add_recent_model(self, path: str) -> None:
        """Put a model file first in the recent list."""
        text = str(Path(path).resolve())
        models = [text] + [m for m in self.recent_models() if m != text]
        self.qsettings.setValue("models/recent", models[:MAX_RECENT])

    def last_folder(self) -> str:
        """Where the last snapshot was opened or saved (the home folder at first)."""
        files = self.recent_files()
        return str(Path(files[0]).parent) if files else str(Path.home())

    def preferences(self) -> Preferences:
        """Settings ▸ Defaults and appearance (the theme is the View ▸ Theme choice)."""
        defaults = Preferences()
        return Preferences(theme=self.theme_choice(),
                           repeats=self._int("defaults/repeats", defaults.repeats, 1),
                           threads=self._int("defaults/threads", defaults.threads, 0),
                           autosave_dir=str(self.qsettings.value("defaults/autosave_dir") or ""))

    def set_preferences(self, preferences: Preferences) -> None:
        """Remember them (the theme as the View ▸ Theme choice)."""
        self.set_theme_choice(preferences.theme)
        self.qsettings.setValue("defaults/repeats", preferences.repeats)
        self.qsettings.setValue("defaults/threads", preferences.threads)
        self.qsettings.setValue("defaults/autosave_dir", preferences.autosave_dir)

    def _int(self, key: str, default: int, lowest: int) -> int:
        try:
            value = int(self.qsettings.value(key, default))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return default
        return value if value >= lowest else default

    def durations_path(self) -> Path:
        """Where the estimates' memory of past runs lives: beside the settings file."""
        from ui.base.learned_durations import FILE_NAME

        return Path(self.qsettings.fileName()).parent / FILE_NAME

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
