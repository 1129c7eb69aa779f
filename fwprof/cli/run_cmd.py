"""``fwprof run``: run a comparison, print the side-by-side table (or JSON), save a snapshot."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from fwprof.catalog import (
    CUSTOM_WORKLOAD,
    DATA_SOURCES,
    DEVICES,
    FRAMEWORKS,
    MODES,
    PIPELINE_WORKLOADS,
    PRECISIONS,
    SEQUENCE_MODELS,
    SIZES,
    TASKS,
    WORKLOADS,
)
from fwprof.cli.saving import run_and_report
from fwprof.config import SessionConfig
from fwprof.launch.interpreter import probe_interpreter
from fwprof.launch.model_probe import probed_config
from fwprof.launch.progress import ProgressPrinter
from fwprof.presets import PRESETS, apply_preset
from fwprof.scenarios.base import Launch
from fwprof.scenarios.deploy.args import deploy_settings
from fwprof.scenarios.registry import add_scenario_arguments, builtin_session, selected_scenario
from fwprof.usage import UsageError, comma_list, validated
from fwprof.workloads.user_model import UserModelError

DEFAULTS = SessionConfig()
#: ``--preset`` choices: the preset names in lower case.
PRESET_NAMES = {name.lower(): name for name in PRESETS}
#: Steps ``--trace`` profiles when given without a number.
DEFAULT_TRACE_STEPS = 5


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("run", help="run a comparison and print the verdict")
    add_matrix_arguments(parser)
    parser.add_argument("-o", "--output", metavar="FILE.fwprof", help="save the session here")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--python", default="", metavar="PATH",
                        help="run the workloads on this interpreter, e.g. another virtual "
                             "environment's (default: fwprof's own)")
    parser.add_argument("--trace", type=int, nargs="?", const=DEFAULT_TRACE_STEPS, default=0, metavar="N",
                        help=f"after measuring, profile N steps (default {DEFAULT_TRACE_STEPS}) with the "
                             "framework's own profiler; stored in the snapshot")
    add_scenario_arguments(parser)
    parser.set_defaults(handler=run)


def add_matrix_arguments(parser: argparse.ArgumentParser) -> None:
    """Options that choose what runs (shared with the default comparison of ``make run``)."""
    parser.add_argument("--workload", default=",".join(DEFAULTS.workloads),
                        help=f"comma list of {', '.join(WORKLOADS)}")
    parser.add_argument("--framework", default=",".join(DEFAULTS.frameworks),
                        help=f"comma list of {', '.join(FRAMEWORKS)}")
    parser.add_argument("--task", default=",".join(DEFAULTS.tasks),
                        help=f"comma list of {', '.join(TASKS)}, deploy; or distributed or converge "
                             "(on its own)")
    parser.add_argument("--mode", default=",".join(DEFAULTS.modes), help=f"comma list of {', '.join(MODES)}")
    parser.add_argument("--model", default="", metavar="FILE.py",
                        help="compare your own model: a file defining torch_model() and keras_model() "
                             "(optionally example_batch(batch_size), torch_loss() and keras_loss()); "
                             "replaces --workload (see examples/my_models.py)")
    parser.add_argument("--data", choices=DATA_SOURCES, default=DEFAULTS.data,
                        help="memory: one fixed batch (default); pipeline: JPEG files decoded and "
                             f"augmented by a DataLoader / tf.data ({', '.join(PIPELINE_WORKLOADS)})")
    parser.add_argument("--loader-workers", type=int, default=DEFAULTS.loader_workers, metavar="N",
                        help="input-pipeline workers, the same in both frameworks (default: the "
                             "cores the run's threads leave free, 1-4)")
    parser.add_argument("--size", choices=SIZES, default=DEFAULTS.size,
                        help=f"size of the reference models (default {DEFAULTS.size}; tiny for tests "
                             "and CPUs, full for GPUs); the built-in workloads have one size")
    parser.add_argument("--seq-len", type=int, default=DEFAULTS.seq_len, metavar="N",
                        help=f"a shorter sequence for {' and '.join(SEQUENCE_MODELS)} (default: the "
                             "size's own; up to its context)")
    parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size,
                        help="samples per step (default: the workload's, per size)")
    parser.add_argument("--steps", type=int, default=DEFAULTS.steps,
                        help="measured steps per run, at least (see --min-time)")
    parser.add_argument("--min-time", type=float, default=DEFAULTS.min_time_s, metavar="S",
                        help="each measure phase runs at least this long, and long enough for "
                             "10 resource samples")
    parser.add_argument("--warmup", type=int, default=DEFAULTS.warmup, help="warm-up steps per run, at least")
    parser.add_argument("--warmup-max", type=float, default=DEFAULTS.warmup_max_s, metavar="S",
                        help="after --warmup steps, warm up until step times are stable, at most "
                             "this long (0: exactly --warmup steps)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="exactly this many fresh processes per framework (ABBA pairs) per "
                             f"configuration; default: {DEFAULTS.repeats} pairs, then more until "
                             "the verdict's interval is within the margin (--max-repeats, --max-time)")
    parser.add_argument("--max-repeats", type=int, default=None, metavar="N",
                        help=f"add pairs up to this many (default {DEFAULTS.max_repeats}; "
                             "with --repeats: no more than --repeats)")
    parser.add_argument("--max-time", type=float, default=DEFAULTS.max_time_s, metavar="S",
                        help="stop adding pairs once the session has run this long (0: no limit)")
    parser.add_argument("--margin", type=float, default=DEFAULTS.margin * 100, metavar="PERCENT",
                        help="differences within this many per cent are 'no meaningful difference'")
    parser.add_argument("--interference-share", type=float,
                        default=DEFAULTS.interference_share * 100, metavar="PERCENT",
                        help="leave out runs during which other processes used more than this share "
                             "of the cores, or cores the run's threads needed (and at least half a core)")
    parser.add_argument("--threads", type=int, default=DEFAULTS.threads,
                        help="intra-op threads, equal for both (default: all cores)")
    parser.add_argument("--interop-threads", type=int, default=DEFAULTS.interop_threads,
                        help="inter-op threads (default: same as --threads)")
    parser.add_argument("--device", choices=DEVICES, default=DEFAULTS.device,
                        help="where both frameworks run: cpu, or cuda (an NVIDIA GPU; TensorFlow needs "
                             "its CUDA build)")
    parser.add_argument("--precision", choices=PRECISIONS, default=DEFAULTS.precision,
                        help=f"fp32 (TF32 off), tf32, or mixed precision bf16 / fp16 (fp16: CUDA "
                             f"only, with loss scaling) in both frameworks (default {DEFAULTS.precision})")
    parser.add_argument("--channels-last", action="store_true",
                        help="PyTorch cnn and resnet50 in NHWC memory (TensorFlow always is)")
    parser.add_argument("--rate", type=float, default=DEFAULTS.sample_rate_hz,
                        help="resource samples per second, 1-100")
    parser.add_argument("--busy-measure-rate", type=float, default=DEFAULTS.busy_measure_rate_hz,
                        help="samples per second while a CPU run that uses every core is measured "
                             "(faster sampling slows such runs; 0: keep --rate)")
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed,
                        help="random seed of the weights and data (torch.manual_seed, "
                             "keras.utils.set_random_seed), the same for every run")
    parser.add_argument("--preset", choices=list(PRESET_NAMES),
                        help="quick (about a minute here), full, or gpu (the reference models, full "
                             "size, bf16, on cuda); sets the workloads, frameworks, tasks, modes, "
                             "steps, warm-up, repeats, size, precision and channels-last (gpu: the "
                             "device too)")


def config_from_args(args: argparse.Namespace) -> SessionConfig:
    """The validated session configuration; UsageError names a bad value."""
    config = SessionConfig(
        workloads=comma_list(args.workload), frameworks=comma_list(args.framework),
        tasks=comma_list(args.task), modes=comma_list(args.mode), device=args.device,
        batch_size=args.batch_size, steps=args.steps, warmup=args.warmup,
        repeats=_repeats(args)[0], max_repeats=_repeats(args)[1],
        min_time_s=args.min_time, warmup_max_s=args.warmup_max, max_time_s=args.max_time,
        margin=args.margin / 100.0, interference_share=args.interference_share / 100.0,
        threads=args.threads, interop_threads=args.interop_threads, precision=args.precision,
        size=getattr(args, "size", DEFAULTS.size), seq_len=getattr(args, "seq_len", DEFAULTS.seq_len),
        seed=args.seed, channels_last=args.channels_last, sample_rate_hz=args.rate,
        busy_measure_rate_hz=getattr(args, "busy_measure_rate", DEFAULTS.busy_measure_rate_hz),
        trace_steps=getattr(args, "trace", 0) or 0, **deploy_settings(args),
        data=getattr(args, "data", DEFAULTS.data),
        loader_workers=getattr(args, "loader_workers", DEFAULTS.loader_workers),
    )
    if getattr(args, "model", ""):
        config = replace(config, workloads=(CUSTOM_WORKLOAD,), model_file=str(Path(args.model).resolve()))
    if getattr(args, "preset", None):
        config = apply_preset(PRESET_NAMES[args.preset], config)
    return validated(config)


def with_probed_model(config: SessionConfig, python: str) -> SessionConfig:
    """The user's model file checked in both frameworks before any run (UsageError, exit 2,
    when it cannot load, fails, or gives models that differ); its input shape recorded."""
    try:
        return probed_config(config, python)
    except UserModelError as exc:
        raise UsageError(str(exc)) from exc


def _repeats(args: argparse.Namespace) -> tuple[int, int]:
    """(repeats, max repeats): ``--repeats N`` alone fixes N pairs; otherwise pairs are added
    up to ``--max-repeats``."""
    repeats = DEFAULTS.repeats if args.repeats is None else args.repeats
    if args.max_repeats is not None:
        return repeats, args.max_repeats
    return repeats, DEFAULTS.max_repeats if args.repeats is None else repeats


def base_config(args: argparse.Namespace, overrides: dict[str, Any]) -> SessionConfig:
    """The shared options as a validated config, some replaced (a scenario's fixed task and mode)."""
    return config_from_args(argparse.Namespace(**{**vars(args), **overrides}))


def run(args: argparse.Namespace) -> int:
    scenario = selected_scenario(args)
    if scenario is not None:
        if args.python and not scenario.runs_other_interpreters:
            raise UsageError("--python is for comparison and deploy runs; run distributed or "
                             "convergence tasks with the fwprof installed in that interpreter")
        planned = scenario.plan(args, base_config, Launch(sys.executable))
        return run_and_report(args, planned.make_session, planned.observers)
    config = config_from_args(args)
    python, interpreter = sys.executable, None
    if args.python:
        python, interpreter = args.python, probe_interpreter(args.python)
        if not interpreter.usable:
            raise UsageError(interpreter.error)
    if config.model_file:
        config = with_probed_model(config, python)
    return run_and_report(
        args, lambda observers, autosave: builtin_session(config, observers=observers, python=python,
                                                          autosave=autosave, interpreter=interpreter),
        (ProgressPrinter(),),
    )
