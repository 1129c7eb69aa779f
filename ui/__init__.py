"""The fwprof desktop app (PySide6 + pyqtgraph) over the Qt-free core.

Layers, each importing only those below it (import-linter checks it, see pyproject.toml):

- :mod:`ui.app`: start-up and the main window, which builds everything and wires it up;
- :mod:`ui.controllers`: what the window's commands do (run, open, save, export, profile a
  script, choose an interpreter); they see the window only through
  :class:`ui.controllers.host.WindowHost`;
- :mod:`ui.views`: what the window shows, one package per scenario (``results``, ``diff``,
  ``deploy``, ``converge``, ``profile``, ``code``, ``setup``) over the views every session
  shares (``timeline``, ``session``);
- :mod:`ui.widgets`: generic widgets that know no scenario;
- :mod:`ui.base`: what all of them build on: the theme, run keys, tracked threads, settings.
"""
