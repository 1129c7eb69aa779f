"""What the window's commands do; controllers reach the window only through
:class:`ui.controllers.host.WindowHost`, never by importing :mod:`ui.app`."""
