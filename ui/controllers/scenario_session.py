"""Sessions of the scenarios that ``fwprof run`` starts on their own (convergence, distributed):
the setup panel's arguments, planned by the core's registry as the command line's are."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fwprof.launch.observer import SessionObserver
from ui.controllers.session_worker import SessionLike


class ScenarioSessions:
    """A session factory for :meth:`SessionWorker.start`: ``fwprof run ARGV`` in the worker
    thread, its children on the interpreter ``python()`` names, autosaved as the app's are."""

    def __init__(self, python: Callable[[], str]) -> None:
        self._python = python

    def __call__(self, argv: list[str], observers: tuple[SessionObserver, ...]) -> SessionLike:
        from fwprof.cli.run_plan import plan_scenario
        from ui.controllers.interpreter_session import app_autosave

        planned = plan_scenario(argv, self._python())
        if planned is None:
            raise ValueError("these arguments run the built-in session, not a scenario of its own")
        return planned.make_session(observers, app_autosave())


@contextmanager
def gpu_chosen(index: int | None) -> Iterator[None]:
    """Children started meanwhile see only GPU ``index`` (NVML's numbering: PCI bus order),
    as CUDA reads ``CUDA_VISIBLE_DEVICES``; the sampler follows the same variable. None: as is."""
    if index is None:
        yield
        return
    names = ("CUDA_VISIBLE_DEVICES", "CUDA_DEVICE_ORDER")
    before = {name: os.environ.get(name) for name in names}
    os.environ.update({"CUDA_VISIBLE_DEVICES": str(index), "CUDA_DEVICE_ORDER": "PCI_BUS_ID"})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
