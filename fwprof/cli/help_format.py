"""``--help`` that shows each option's default: ``(default: 100)`` after its help text, unless
the help already says what the default is or there is no default worth showing."""

from __future__ import annotations

import argparse


class DefaultsFormatter(argparse.HelpFormatter):
    """argparse's help layout with ``(default: X)`` added where it tells the reader something."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if not _shows_default(action, text):
            return action.help
        return f"{text} (default: %(default)s)" if text else "(default: %(default)s)"


def _shows_default(action: argparse.Action, text: str) -> bool:
    if action.help == argparse.SUPPRESS or not action.option_strings:
        return False
    if "default" in text.lower() or "%(default)" in text:
        return False
    default = action.default
    if default is None or default is argparse.SUPPRESS or isinstance(default, bool):
        return False  # unset, or a flag: nothing to tell
    return not (isinstance(default, (str, list, tuple)) and len(default) == 0)


def show_defaults(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` and every subcommand's parser (recursively) the defaults-showing help."""
    formatter = parser.formatter_class
    if isinstance(formatter, type) and issubclass(formatter, argparse.HelpFormatter):
        parser.formatter_class = _with_defaults(formatter)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                show_defaults(sub)


def _with_defaults(formatter: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """``formatter`` showing defaults too (a raw-description layout, say, is kept)."""
    if issubclass(formatter, DefaultsFormatter):
        return formatter
    if formatter is argparse.HelpFormatter:
        return DefaultsFormatter
    return type(f"Defaults{formatter.__name__}", (DefaultsFormatter, formatter), {})
