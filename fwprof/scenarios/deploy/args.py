"""``fwprof run`` options of the deployment scenario (``--task deploy``)."""

from __future__ import annotations

import argparse
from typing import Any

from fwprof.deploy_formats import DEFAULT_QUERIES, FORMAT_NAMES


def add_deploy_arguments(parser: argparse.ArgumentParser) -> None:
    """``--deploy-format`` and ``--queries``, in their own group of the help."""
    group = parser.add_argument_group(
        "deployment (--task deploy)",
        "export each workload to every format, load it in a fresh process, check it against the "
        "eager model, then time batch-1 queries and batches of --batch-size (--steps batches)",
    )
    group.add_argument("--deploy-format", default="", metavar="FORMATS",
                       help=f"comma list of {', '.join(FORMAT_NAMES)} (default: every one)")
    group.add_argument("--queries", type=int, default=DEFAULT_QUERIES,
                       help=f"single-stream queries timed at batch 1 (default {DEFAULT_QUERIES})")


def deploy_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The SessionConfig fields these options set (defaults where a parser lacks them)."""
    formats = str(getattr(args, "deploy_format", "") or "")
    return {
        "deploy_formats": tuple(name.strip() for name in formats.split(",") if name.strip()),
        "deploy_queries": getattr(args, "queries", DEFAULT_QUERIES),
    }
