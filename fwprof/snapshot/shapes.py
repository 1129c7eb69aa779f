"""The expected shape of the free-form parts of a snapshot that fwprof reads back.

``environment``, a run's ``info`` and ``resources`` are open dictionaries (new keys may come
with new versions), but the keys that reports and views read must have the types they expect,
or a hostile or damaged file would crash them. :func:`check` walks a value against a shape:

- a type or tuple of types: the value's type (``bool`` is never a number);
- ``Optional(shape)``: None or the shape;
- a dict ``{key: shape}``: a dict whose listed keys, where present, have their shapes (other
  keys are free);
- ``MapOf(shape)``: a dict of text keys to values of one shape; ``ListOf(shape)``: a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Shape = Any


class ShapeError(ValueError):
    """A value does not have its expected shape; the message names where."""


@dataclass(frozen=True)
class Optional:
    shape: Shape


@dataclass(frozen=True)
class MapOf:
    shape: Shape


@dataclass(frozen=True)
class ListOf:
    shape: Shape


NUMBER = Optional((int, float))
TEXT = Optional(str)
FLAG = Optional(bool)
INFO = MapOf(dict)
_NUMBER_TYPES = {int, float, type(None)}  # e.g. framework name -> its info dict

ENVIRONMENT: Shape = {
    "frameworks": INFO,
    "installed": MapOf(TEXT),
    "env": MapOf(TEXT),
    "gpu": {"devices": ListOf({"name": TEXT}), "available": FLAG, "reason": TEXT},
}

RUN_INFO: Shape = {
    "frameworks": INFO,
    "attached": Optional({"cmdline": Optional(ListOf(str)), "name": TEXT}),
    "step_source": TEXT,
    "step_sources": ListOf(str),
    "compile_cache": TEXT,
    "measure_sample_rate_hz": NUMBER,
    "model_parameters": Optional(int),
    "warmup": Optional({"steps": Optional(int), "seconds": NUMBER, "stable": FLAG, "change": NUMBER,
                        "cap_s": NUMBER}),
}

#: ``SessionRecord.adaptive``: the pairs policy and, per configuration, pairs run and why no more.
ADAPTIVE: Shape = {
    "policy": MapOf(NUMBER),
    "configs": ListOf({"config": ListOf(str), "pairs_run": Optional(int), "stopped_by": TEXT}),
    "elapsed_s": NUMBER,
    "budget_s": NUMBER,
}

_GPU_NUMBERS = ("busy_percent_mean", "mem_used_bytes_peak", "proc_mem_bytes_peak", "energy_j",
                "power_w_mean", "power_w_peak", "temp_c_peak", "energy_j_trapezoid",
                *(f"{name}_{stat}" for name in ("sm_active_percent", "sm_occupancy_percent",
                                                "tensor_active_percent", "dram_bw_percent")
                  for stat in ("mean", "peak")))
_RUN_NUMBERS = (
    "samples", "duration_s", "rate_hz", "achieved_rate_hz", "missed_ticks", "tick_cost_us_mean",
    "tick_cost_us_median", "tick_cost_us_p99", "sampler_cpu_percent", "cpu_percent_mean",
    "cpu_percent_peak", "cpu_share_percent_mean", "rss_bytes_peak", "uss_bytes_peak",
    "threads_peak", "sys_cpu_percent_mean", "sys_mem_used_bytes_peak",
)
RESOURCES: Shape = {
    **dict.fromkeys(_RUN_NUMBERS, NUMBER),
    "unavailable": MapOf(TEXT),
    "gpu": Optional({
        **dict.fromkeys(_GPU_NUMBERS, NUMBER), "available": FLAG, "reason": TEXT,
        "devices": ListOf({**dict.fromkeys(_GPU_NUMBERS, NUMBER), "energy_method": TEXT}),
    }),
}


_STORE_NUMBERS = ListOf(NUMBER)
#: ``TimeSeriesStore.to_dict()`` (other keys free).
STORE: Shape = {
    "format": int, "archived_rows": int, "t": _STORE_NUMBERS, "columns": MapOf(_STORE_NUMBERS),
    "policy": MapOf(NUMBER), "meta": MapOf(dict), "unavailable": MapOf(TEXT),
    "archived_stats": MapOf(MapOf(NUMBER)),
}
#: ``RunSampler.to_dict()`` without its summary; a bare store, or ``{"t": [...], name: [...]}``.
SERIES: Shape = {
    **STORE, "series": STORE, "process_series": STORE, "pid": Optional(int), "rate_hz": NUMBER,
    "processes": ListOf(dict), "notes": ListOf(TEXT),
}


def check(value: Any, shape: Shape, where: str) -> None:
    """Raise :class:`ShapeError` naming the first place where ``value`` does not fit."""
    if isinstance(shape, Optional):
        if value is not None:
            check(value, shape.shape, where)
    elif isinstance(shape, dict):
        _expect(value, dict, where)
        for key, item_shape in shape.items():
            if key in value:
                check(value[key], item_shape, f"{where}.{key}")
    elif isinstance(shape, MapOf):
        _expect(value, dict, where)
        for key, item in value.items():
            check(item, shape.shape, f"{where}.{key}")
    elif isinstance(shape, ListOf):
        _expect(value, list, where)
        if shape.shape == NUMBER and set(map(type, value)) <= _NUMBER_TYPES:
            return  # long series of numbers: checked in C, not item by item
        for index, item in enumerate(value):
            check(item, shape.shape, f"{where}[{index}]")
    else:
        _expect(value, shape, where)


def _expect(value: Any, kind: type | tuple[type, ...], where: str) -> None:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        raise ShapeError(f"{where}: expected {_names(kinds)}, got bool")
    if not isinstance(value, kinds):
        raise ShapeError(f"{where}: expected {_names(kinds)}, got {type(value).__name__}")


def _names(kinds: tuple[type, ...]) -> str:
    return " or ".join({"dict": "an object", "list": "a list", "str": "text", "int": "a number",
                        "float": "a number"}.get(k.__name__, k.__name__) for k in kinds)
