"""Live plotting cost: frame time with 8 series x 1 hour at 10 Hz on screen, and the longest
event-loop stall during a simulated run (targets: p95 frame <= 33 ms, stall < 100 ms).

Drives the app's real :class:`ui.views.timeline.timeline_view.TimelineView` (offscreen unless DISPLAY is set)
with a fake live source: two runs (PyTorch and TensorFlow) whose CPU, memory, GPU busy and GPU
memory series (8 series) already hold one hour at 10 Hz (36,000 points each), shown whole as
the live view shows them.

- **Frame time**: ``--frames`` times, one new sample per series (what one tick of the UI timer
  brings at 10 Hz), then the view's timer slot (drain, setData) and the event processing that
  paints it, timed with ``time.perf_counter`` around them.
- **Stall**: ``--seconds`` of a simulated run in real time: the view's own timer drains a
  source that produces 10 Hz samples by the clock, while a 1 ms probe timer records the longest
  gap between its ticks (how long the event loop was busy with one thing).

Usage: python bench/gui_plotting.py [--frames 100] [--seconds 10] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ui.views.timeline.live_buffer import LiveBatch, RunMark, SampleBlock  # noqa: E402

RATE_HZ = 10.0
METRICS = {"cpu_percent": (150.0, 30.0), "rss_bytes": (5e8, 1e7),
           "gpu_busy_percent": (60.0, 20.0), "gpu_mem_used_bytes": (2e9, 5e7)}
RUNS = (("r001", "torch"), ("r002", "tensorflow"))
FRAME_TARGET_MS = 33.0
STALL_TARGET_MS = 100.0


class FakeLiveSource:
    """A live source: the first drain brings the past hour, later ones new samples."""

    def __init__(self, hours: float) -> None:
        self.rng = np.random.default_rng(0)
        self.t = hours * 3600
        self.first: LiveBatch | None = self._history(hours)
        self.clock_start: float | None = None  # in real-time mode: samples follow the clock

    def _history(self, hours: float) -> LiveBatch:
        t = np.arange(0.0, hours * 3600, 1.0 / RATE_HZ)
        batch = LiveBatch(reset=True, origin=0.0)
        for run_id, framework in RUNS:
            batch.runs.append(RunMark(run_id, framework, f"{framework} bench", 64, 0.0))
            columns = {name: mean + spread * self.rng.standard_normal(t.size)
                       for name, (mean, spread) in METRICS.items()}
            batch.sample_blocks.append(SampleBlock(run_id, t, columns))
        return batch

    def tick(self, samples: int = 1) -> None:
        """Queue ``samples`` new samples per run (the next drain brings them)."""
        self._pending = getattr(self, "_pending", 0) + samples

    def drain(self) -> LiveBatch:
        """Everything new since the last call."""
        if self.first is not None:
            batch, self.first = self.first, None
            return batch
        if self.clock_start is not None:
            due = int((time.perf_counter() - self.clock_start) * RATE_HZ)
            self._pending = max(0, due - getattr(self, "_sent", 0))
            self._sent = due
        batch = LiveBatch()
        for _ in range(getattr(self, "_pending", 0)):
            self.t += 1.0 / RATE_HZ
            for run_id, _framework in RUNS:
                values = {name: float(mean + spread * self.rng.standard_normal())
                          for name, (mean, spread) in METRICS.items()}
                batch.samples.append((run_id, self.t, values))
        self._pending = 0
        return batch


class PaintCounter(QObject):
    """Counts paint events of the widgets it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def make_view(app: QApplication, hours: float) -> tuple[object, FakeLiveSource, PaintCounter]:
    """A shown timeline view following a fake live source with ``hours`` of history."""
    from ui.views.timeline.timeline_view import TimelineView

    source = FakeLiveSource(hours)
    view = TimelineView(source)
    view.resize(1400, 900)
    view.show()
    counter = PaintCounter()
    for plot in view.plots.values():
        plot.viewport().installEventFilter(counter)
    view.start_live()
    view.timer.stop()  # frames are driven by hand for the frame-time figure
    view.refresh()  # the hour of history
    for _ in range(5):
        app.processEvents()
    return view, source, counter


def frame_times(app: QApplication, view: object, source: FakeLiveSource, counter: PaintCounter,
                frames: int) -> tuple[list[float], int]:
    """Milliseconds of each frame: one tick's data drained, drawn and painted."""
    times = []
    painted = counter.count
    for _ in range(frames):
        source.tick()
        start = time.perf_counter()
        view.refresh()  # type: ignore[attr-defined]
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times, counter.count - painted


def longest_stall(app: QApplication, view: object, source: FakeLiveSource,
                  seconds: float) -> tuple[float, int]:
    """The longest gap (ms) between ticks of a 1 ms timer during a real-time simulated run."""
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def probe() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe_timer = QTimer()
    probe_timer.setTimerType(Qt.TimerType.PreciseTimer)
    probe_timer.setInterval(1)
    probe_timer.timeout.connect(probe)
    source.clock_start = time.perf_counter()
    source._sent = 0  # type: ignore[attr-defined]
    view.timer.start()  # type: ignore[attr-defined]
    clock.start()
    probe_timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.0005)  # an idle event loop, as QApplication.exec would wait
    probe_timer.stop()
    view.timer.stop()  # type: ignore[attr-defined]
    return float(max(gaps[1:] or [0])), len(gaps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--hours", type=float, default=1.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    view, source, counter = make_view(app, args.hours)
    times, paints = frame_times(app, view, source, counter, args.frames)
    stall_ms, probes = longest_stall(app, view, source, args.seconds)
    points = int(args.hours * 3600 * RATE_HZ)
    result = {
        "series": len(RUNS) * len(METRICS), "points_per_series": points,
        "frames": args.frames, "paints": paints,
        "frame_ms_p50": statistics.median(times),
        "frame_ms_p95": float(np.percentile(times, 95)), "frame_ms_max": max(times),
        "frame_target_ms": FRAME_TARGET_MS,
        "stall_ms_max": stall_ms, "stall_seconds": args.seconds, "probe_ticks": probes,
        "stall_target_ms": STALL_TARGET_MS,
    }
    platform = "Xvfb/X11" if os.environ.get("DISPLAY") else "offscreen"
    print(f"GUI plotting ({platform}), {result['series']} series x {points:,} points: frame "
          f"p50 {result['frame_ms_p50']:.1f} ms, p95 {result['frame_ms_p95']:.1f} ms "
          f"(target <= {FRAME_TARGET_MS:.0f}), max {result['frame_ms_max']:.1f} ms, "
          f"{paints} plot paints in {args.frames} frames; longest event-loop stall over "
          f"{args.seconds:g} s of a live run {stall_ms:.0f} ms (target < {STALL_TARGET_MS:.0f})")
    view.close()  # type: ignore[attr-defined]
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
