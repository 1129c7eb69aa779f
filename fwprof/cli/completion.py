"""Shell completion scripts for bash, zsh and fish, generated from fwprof's argparse parser.

:func:`commands_of` reads the parser into plain :class:`Command` and :class:`Option` values (so
a new option completes without touching this file); :func:`bash_script`, :func:`zsh_script`
and :func:`fish_script` write them in each shell's own completion language. Options with
choices complete to their choices; options and arguments that name a file (a metavar such as
``FILE.fwprof``, ``PATH`` or ``script.py``) complete to file names; numbers complete to nothing.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass

PROG = "fwprof"
#: Value names that mean "a path": a metavar with a dot (``FILE.fwprof``) or one of these words.
PATH_WORDS = ("FILE", "PATH", "DIR")
PATH_DESTS = ("python", "cwd")


@dataclass(frozen=True)
class Option:
    """One option: its spellings, a one-line help, and what its value completes to."""

    names: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...] = ()
    files: bool = False


@dataclass(frozen=True)
class Command:
    """A subcommand (``name`` "" is the top level): its options, whether its arguments are files,
    and the words its arguments are chosen from (``fwprof completion SHELL``)."""

    name: str
    help: str
    options: tuple[Option, ...]
    files: bool = False
    words: tuple[str, ...] = ()


def commands_of(parser: argparse.ArgumentParser) -> list[Command]:
    """The top level, then every subcommand in the parser's order."""
    commands = [Command("", "", _options(parser))]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                positionals = [a for a in sub._actions if not a.option_strings]
                words = tuple(str(c) for a in positionals for c in a.choices or ())
                commands.append(Command(name, _one_line(helps.get(name, "")), _options(sub),
                                        any(_names_a_path(a) for a in positionals), words))
    return commands


def _options(parser: argparse.ArgumentParser) -> tuple[Option, ...]:
    options = []
    for action in parser._actions:
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        takes_value = action.nargs not in (0, "?")  # an optional value is not asked for
        choices = tuple(str(c) for c in action.choices) if action.choices and takes_value else ()
        options.append(Option(tuple(action.option_strings), _one_line(action.help or ""),
                              takes_value, choices, takes_value and not choices and _names_a_path(action)))
    return tuple(options)


def _names_a_path(action: argparse.Action) -> bool:
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return ("." in metavar or any(word in metavar.upper() for word in PATH_WORDS)
            or action.dest in PATH_DESTS)


def _one_line(text: str, limit: int = 70) -> str:
    """The help up to its first ". ", "; " or " (", at most ``limit`` characters."""
    first = re.split(r"[.;]\s|\s\(", text.replace("%%", "%").strip(), maxsplit=1)[0]
    first = " ".join(first.split())
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def subcommands(commands: list[Command]) -> list[Command]:
    """The commands other than the top level."""
    return [c for c in commands if c.name]


# ---- bash -------------------------------------------------------------------------------------

def bash_script(commands: list[Command]) -> str:
    """``source <(fwprof completion bash)``, or save it in bash-completion's folder."""
    top = commands[0]
    words = [c.name for c in subcommands(commands)] + [n for o in top.options for n in o.names]
    cases = "".join(_bash_case(command) for command in subcommands(commands))
    return f"""# bash completion for {PROG} (written by `{PROG} completion bash`)
_{PROG}() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}" cmd="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ "${{COMP_WORDS[i]}}" != -* ]]; then cmd="${{COMP_WORDS[i]}}"; break; fi
    done
    COMPREPLY=()
    case "$cmd" in
        "")
            COMPREPLY=($(compgen -W "{" ".join(words)}" -- "$cur")) ;;
{cases}    esac
}}
complete -o bashdefault -o default -F _{PROG} {PROG}
"""


def _bash_case(command: Command) -> str:
    values = "".join(_bash_value(option) for option in command.options if option.takes_value)
    names = " ".join(n for o in command.options for n in o.names)
    rest = (f'COMPREPLY=($(compgen -W "{" ".join(command.words)}" -- "$cur"))' if command.words
            else 'COMPREPLY=($(compgen -f -- "$cur"))' if command.files else ":")
    return f"""        {command.name})
            case "$prev" in
{values}            esac
            if [[ "$cur" == -* ]]; then
                COMPREPLY=($(compgen -W "{names}" -- "$cur"))
            else
                {rest}
            fi ;;
"""


def _bash_value(option: Option) -> str:
    if option.choices:
        reply = f'COMPREPLY=($(compgen -W "{" ".join(option.choices)}" -- "$cur"))'
    elif option.files:
        reply = 'COMPREPLY=($(compgen -f -- "$cur"))'
    else:
        reply = ":"
    return f"                {'|'.join(option.names)}) {reply}; return ;;\n"


# ---- zsh --------------------------------------------------------------------------------------

def zsh_script(commands: list[Command]) -> str:
    """``source <(fwprof completion zsh)`` after ``compinit``, or save it as ``_fwprof`` on $fpath."""
    described = " ".join(f"'{_zsh_quote(c.name)}:{_zsh_quote(_zsh_escape(c.help))}'"
                         for c in subcommands(commands))
    top = " \\\n        ".join(_zsh_spec(o) for o in commands[0].options)
    cases = "".join(_zsh_case(command) for command in subcommands(commands))
    return f"""#compdef {PROG}
# zsh completion for {PROG} (written by `{PROG} completion zsh`)
_{PROG}() {{
    local context state state_descr line
    typeset -A opt_args
    _arguments -C \\
        {top} \\
        '1:command:->command' \\
        '*::argument:->argument'
    case $state in
        command)
            local -a commands
            commands=({described})
            _describe -t commands '{PROG} command' commands ;;
        argument)
            case $line[1] in
{cases}            esac ;;
    esac
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
    _{PROG} "$@"
else
    compdef _{PROG} {PROG}
fi
"""


def _zsh_case(command: Command) -> str:
    specs = [_zsh_spec(option) for option in command.options]
    if command.words:
        specs.append(f"'1:argument:({' '.join(command.words)})'")
    specs.append("'*:file:_files'" if command.files else "'*: :'")
    body = " \\\n                        ".join(specs)
    return f"""                {command.name})
                    _arguments \\
                        {body} ;;
"""


def _zsh_spec(option: Option) -> str:
    help_text = _zsh_escape(option.help)
    if option.choices:
        value = f":{_zsh_escape(option.names[-1].lstrip('-'))}:({' '.join(option.choices)})"
    elif option.files:
        value = ":file:_files"
    elif option.takes_value:
        value = f":{_zsh_escape(option.names[-1].lstrip('-'))}: "
    else:
        value = ""
    if len(option.names) == 1:
        return f"'{option.names[0]}[{_zsh_quote(help_text)}]{_zsh_quote(value)}'"
    exclusive = f"({' '.join(option.names)})"
    spellings = "{" + ",".join(option.names) + "}"
    return f"'{exclusive}'{spellings}'[{_zsh_quote(help_text)}]{_zsh_quote(value)}'"


def _zsh_escape(text: str) -> str:
    """Escape what ``_arguments`` and ``_describe`` read specially: brackets, colons, backslashes."""
    return re.sub(r"([\\\[\]:])", r"\\\1", text)


def _zsh_quote(text: str) -> str:
    """Text inside a single-quoted zsh word."""
    return text.replace("'", "'\\''")


# ---- fish -------------------------------------------------------------------------------------

def fish_script(commands: list[Command]) -> str:
    """``fwprof completion fish | source``, or save it as ``~/.config/fish/completions/fwprof.fish``."""
    lines = [f"# fish completion for {PROG} (written by `{PROG} completion fish`)",
             f"complete -c {PROG} -f"]
    lines += [_fish_line(o, "__fish_use_subcommand") for o in commands[0].options]
    for command in subcommands(commands):
        lines.append(f"complete -c {PROG} -n '__fish_use_subcommand' -a {command.name} "
                     f"-d {_fish_quote(command.help)}")
    for command in subcommands(commands):
        condition = f"__fish_seen_subcommand_from {command.name}"
        lines += [_fish_line(o, condition) for o in command.options]
        if command.words:
            lines.append(f"complete -c {PROG} -n '{condition}' -a {_fish_quote(' '.join(command.words))}")
        if command.files:
            lines.append(f"complete -c {PROG} -n '{condition}' -F")
    return "\n".join(lines) + "\n"


def _fish_line(option: Option, condition: str) -> str:
    parts = [f"complete -c {PROG} -n '{condition}'"]
    for name in option.names:
        parts.append(f"-l {name[2:]}" if name.startswith("--") else
                     f"-s {name[1:]}" if len(name) == 2 else f"-o {name[1:]}")
    if option.choices:
        parts.append(f"-x -a {_fish_quote(' '.join(option.choices))}")
    elif option.files:
        parts.append("-r -F")
    elif option.takes_value:
        parts.append("-x")
    parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


#: ``fwprof completion SHELL``: the writer of each shell's script.
WRITERS: dict[str, Callable[[list[Command]], str]] = {
    "bash": bash_script, "zsh": zsh_script, "fish": fish_script,
}


def completion_script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script of ``shell`` (bash, zsh or fish) for ``parser``."""
    return WRITERS[shell](commands_of(parser))
