"""How the CLI, the GUI and tests follow a session as it runs."""

from __future__ import annotations

from fwprof.protocol import Event
from fwprof.results import RunResult, SessionRecord


class SessionObserver:
    """Override what you need; every method is called from the thread running the session,
    except :meth:`run_sample`, which comes from the sampler thread. Keep them quick."""

    def session_started(self, record: SessionRecord) -> None:
        """The session begins; ``record.runs`` lists every planned run."""

    def runs_added(self, runs: list[RunResult]) -> None:
        """The session planned more runs (another pair of undecided configurations); they are
        already in ``record.runs``."""

    def run_started(self, run: RunResult) -> None:
        """A child process was spawned for ``run``."""

    def run_event(self, run: RunResult, event: Event) -> None:
        """An event arrived from the child (already applied to ``run``)."""

    def run_sample(self, run: RunResult, t: float, values: dict[str, float]) -> None:
        """A resource sample of the run's process tree (sampler thread)."""

    def run_finished(self, run: RunResult) -> None:
        """``run`` ended: ok, failed, stopped or skipped."""

    def session_finished(self, record: SessionRecord) -> None:
        """Every run has ended or the session was stopped."""
