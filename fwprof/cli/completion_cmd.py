"""``fwprof completion bash|zsh|fish``: print the shell's completion script for fwprof."""

from __future__ import annotations

import argparse
import sys

from fwprof.cli.completion import WRITERS, completion_script

HOW_TO = """\
bash: source <(fwprof completion bash)    (or save it in ~/.local/share/bash-completion/completions/fwprof)
zsh:  source <(fwprof completion zsh)     (after compinit; or save it as _fwprof in a folder on $fpath)
fish: fwprof completion fish | source     (or save it as ~/.config/fish/completions/fwprof.fish)"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "completion", help="print a shell completion script (bash, zsh or fish)",
        description="Print the completion script of SHELL for fwprof's commands and options.",
        epilog=HOW_TO, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shell", choices=list(WRITERS), help="the shell to complete in")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from fwprof.cli.main import build_parser  # main imports this module

    sys.stdout.write(completion_script(args.shell, build_parser()))
    return 0
