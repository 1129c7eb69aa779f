"""Synthetic sessions for export and compare tests: realistic shapes, no child processes."""

from __future__ import annotations

from typing import Any

import numpy as np

from fwprof.config import RunSpec, SessionConfig
from fwprof.launch.plan import plan_runs
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.sampling.metrics import describe


def store_dict(t: np.ndarray, columns: dict[str, np.ndarray],
               unavailable: dict[str, str] | None = None) -> dict[str, Any]:
    """A ``TimeSeriesStore.to_dict()`` document for the given columns."""
    def as_list(values: np.ndarray) -> list[float | None]:
        return [None if v != v else float(v) for v in values.tolist()]

    return {
        "format": 1, "policy": {"full_res_s": 600.0, "bucket_s": 1.0, "compact_every_s": 60.0},
        "t": as_list(t), "archived_rows": 0,
        "columns": {name: as_list(values) for name, values in sorted(columns.items())},
        "meta": {name: describe(name).to_dict() for name in sorted(columns)},
        "unavailable": dict(unavailable or {}), "archived_stats": {},
    }


def sampled_series(start: float, seconds: float, rate_hz: float, rng: np.random.Generator,
                   cores: int = 2, gpus: int = 0, pids: tuple[int, ...] = (4242,)) -> dict[str, Any]:
    """What ``RunSampler.to_dict()`` holds for a run sampled from ``start`` for ``seconds``."""
    n = int(seconds * rate_hz)
    t = start + np.arange(n) / rate_hz
    cols: dict[str, np.ndarray] = {
        "cpu_percent": np.round(95 + 5 * rng.standard_normal(n), 1),
        "cpu_share_percent": np.round(47 + 2 * rng.standard_normal(n), 1),
        "rss_bytes": np.round(3e8 + 1e6 * np.cumsum(rng.random(n) < 0.05)),
        "uss_bytes": np.where(np.arange(n) % int(rate_hz) == 0, 2.9e8, np.nan),
        "threads": np.full(n, 7.0),
        # The run's own ~0.95 core plus a little of fwprof's and the system's, over the cores.
        "sys_cpu_percent": np.round((100 + 10 * rng.random(n)) / cores, 1),
        "sys_mem_used_bytes": np.round(9e8 + 1e6 * rng.random(n), -5),
    }
    for core in range(cores):
        cols[f"sys_cpu_core{core}_percent"] = np.round(100 * rng.random(n), 1)
    unavailable = {}
    gpu_names = ("gpu_busy_percent", "gpu_mem_used_bytes", "gpu_power_w", "gpu_energy_j")
    for name in gpu_names:
        cols[name] = np.full(n, np.nan) if not gpus else np.round(50 + 40 * rng.random(n), 1)
        if not gpus:
            unavailable[name] = "NVML could not start: NVML Shared Library Not Found"
    for gpu in range(gpus):
        cols[f"gpu{gpu}_busy_percent"] = np.round(60 + 30 * rng.random(n))
        cols[f"gpu{gpu}_mem_used_bytes"] = np.full(n, 4e9)
        cols[f"gpu{gpu}_temp_c"] = np.round(60 + np.arange(n) / n * 10)
        cols[f"gpu{gpu}_power_w"] = np.round(200 + 50 * rng.random(n), 1)
    proc = {f"pid{pid}_{m}": cols[m] * (1 + 0.01 * i) for i, pid in enumerate(pids)
            for m in ("cpu_percent", "rss_bytes")}
    return {"pid": pids[0], "rate_hz": rate_hz, "series": store_dict(t, cols, unavailable),
            "processes": [{"pid": pid, "name": "python"} for pid in pids],
            "process_series": store_dict(t, proc), "notes": []}


def synthetic_run(run_id: str, spec: RunSpec, start: float, seconds: float, step_s: float,
                  rng: np.random.Generator, rate_hz: float = 10.0, **series: Any) -> RunResult:
    """An ``ok`` run: phases filling ``seconds``, steps of about ``step_s`` in ``measure``."""
    import_end, build_end, first_end, warm_end = (start + seconds * f for f in (0.1, 0.15, 0.17, 0.2))
    measure_end = start + seconds * 0.98
    n = max(1, int((measure_end - warm_end) / step_s))
    durations = step_s * (1 + 0.03 * np.abs(rng.standard_normal(n)))
    durations *= (measure_end - warm_end) / durations.sum()
    ends = warm_end + np.cumsum(durations)
    return RunResult(
        run_id=run_id, spec=spec, status="ok", exit_code=0, pid=4242,
        started_at=start, ended_at=start + seconds,
        phases=[PhaseSpan("import", start + 0.01, import_end), PhaseSpan("build", import_end, build_end),
                PhaseSpan("first_step", build_end, first_end), PhaseSpan("warmup", first_end, warm_end),
                PhaseSpan("measure", warm_end, measure_end)],
        steps=StepLog(ends, durations), info={"version": "x"}, counters={"retraces": 0},
        series=sampled_series(start, seconds, rate_hz, rng, **series),
        resources={"cpu_percent_mean": 95.0, "rss_bytes_peak": 3.1e8,
                   "gpu": {"available": False, "busy_percent_mean": None}},
    )


def synthetic_session(run_seconds: float = 5.0, repeats: int = 1, rate_hz: float = 10.0,
                      step_s: dict[str, float] | None = None, seed: int = 1,
                      **series: Any) -> SessionRecord:
    """Both frameworks on mlp train eager; torch steps 5 ms and TensorFlow 20 ms by default."""
    config = SessionConfig(repeats=repeats, max_repeats=repeats, modes=("eager",), sample_rate_hz=rate_hz)
    step_s = step_s or {"torch": 0.005, "tensorflow": 0.02}
    rng = np.random.default_rng(seed)
    runs, start = [], 1000.0
    for index, spec in enumerate(plan_runs(config)):
        runs.append(synthetic_run(f"r{index + 1:03d}", spec, start, run_seconds,
                                  step_s[spec.framework], rng, rate_hz, **series))
        start += run_seconds + 0.2
    environment = {"cpu_model": "Test CPU", "cores_available": 2, "os": "Linux", "python": "3.11",
                   "env": {"OMP_NUM_THREADS": "2"}, "gpu": {"available": False, "reason": "no NVML"},
                   "frameworks": {"torch": {"version": "2.13.0"}, "tensorflow": {"version": "2.21.0"}}}
    return SessionRecord(config=config, environment=environment, runs=runs,
                         created="2026-11-26T00:00:00+00:00", status="finished")


# --- checks shared by the export tests ------------------------------------------------------

_REQUIRED = {"X": ("name", "ts", "dur", "pid", "tid"), "C": ("name", "ts", "pid", "args"),
             "M": ("name", "pid", "args"), "i": ("name", "ts", "pid", "tid", "s")}


def check_trace_schema(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Assert the Chrome Trace Event rules fwprof relies on; returns the events."""
    events = doc["traceEvents"]
    assert isinstance(events, list) and events
    for event in events:
        assert event["ph"] in _REQUIRED, event
        for key in _REQUIRED[event["ph"]]:
            assert key in event, (key, event)
        for key in ("pid", "tid"):
            if key in event:
                assert isinstance(event[key], int) and not isinstance(event[key], bool), event
        for key in ("ts", "dur"):
            if key in event:
                assert isinstance(event[key], (int, float)) and not isinstance(event[key], bool), event
                assert event[key] >= 0, event
        if event["ph"] == "C":
            assert all(isinstance(v, (int, float)) for v in event["args"].values()), event
        if event["ph"] == "M":
            assert event["name"] in {"process_name", "process_labels", "process_sort_index",
                                     "thread_name", "thread_sort_index"}, event
    return events


def check_trace_nesting(events: list[dict[str, Any]]) -> int:
    """Assert that on every track a slice ends before its parent does; returns slices checked."""
    tracks: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for event in events:
        if event["ph"] == "X":
            start = round(event["ts"] * 1000)
            tracks.setdefault((event["pid"], event["tid"]), []).append(
                (start, start + round(event["dur"] * 1000)))
    for spans in tracks.values():
        stack: list[int] = []
        for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
            while stack and start >= stack[-1]:
                stack.pop()
            assert not stack or end <= stack[-1], f"slice {start}-{end} crosses its parent's end {stack[-1]}"
            stack.append(end)
    return sum(len(spans) for spans in tracks.values())


VOID_TAGS = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


def check_html(text: str) -> None:
    """Assert well-formed nesting (every element closed in order) and no external references."""
    from html.parser import HTMLParser

    class Checker(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in VOID_TAGS:
                self.stack.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            pass  # <line ... /> in SVG

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-3:]}"
            self.stack.pop()

    checker = Checker()
    checker.feed(text)
    checker.close()
    assert checker.stack == [], checker.stack
    lowered = text.lower()
    for needle in ('src="http', "src='http", 'href="http', "href='http", "@import", "url(http",
                   "url(//", 'src="//', 'href="//', "<script", "<link", "<iframe"):
        assert needle not in lowered, needle


def script_session(name: str = "train.py", args: tuple[str, ...] = ("--epochs", "2")) -> SessionRecord:
    """A ``fwprof profile`` session: one script run with steps and samples, one failed script."""
    from fwprof.specs.script import ScriptSessionConfig, ScriptSpec

    rng = np.random.default_rng(3)
    template = RunSpec("torch", "mlp", "train", "eager").resolved()
    ok = synthetic_run("r001", template, 1000.0, 4.0, 0.01, rng)
    ok.spec, ok.scenario = ScriptSpec(script=name, args=args), "profile"
    ok.phases = [PhaseSpan("startup", 1000.0, 1000.5)]
    failed = RunResult(run_id="r002", spec=ScriptSpec(module="pkg.boom", args=args), status="failed",
                       exit_code=1, error="RuntimeError: boom", started_at=1004.5, ended_at=1005.0)
    return SessionRecord(config=ScriptSessionConfig(), environment={"cpu_model": "Test CPU"},
                         runs=[ok, failed], created="2026-11-26T00:00:00+00:00", status="finished")
