"""Secrets never reach a snapshot: values of variables whose names look secret are replaced.

A name looks secret when it contains TOKEN, SECRET, PASSW(ORD), PASSPHRASE, CREDENTIAL, PRIVATE,
AUTH or COOKIE, has KEY or KEYS as a word (``OPENAI_API_KEY``, ``KEY_FILE``; not ``MONKEY``),
ends in APIKEY, or starts with ``AWS_``. Redaction works on the snapshot document (plain data):

- a mapping entry whose key looks secret and whose value is text: ``{"HF_TOKEN": "[redacted]"}``
  (environment captures, ``info`` dicts, events);
- a ``[name, value]`` pair whose name looks secret: the script's ``--env`` variables;
- anywhere in any text (output tails, error messages, arguments): the *values* of such variables
  from fwprof's own environment and from the script's ``--env``, when at least 6 characters long.

Sampled series and step times (numbers only) are not walked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

REDACTED = "[redacted]"
MIN_SECRET_CHARS = 6
_SECRET_NAME = re.compile(
    r"TOKEN|SECRET|PASSW|PASSPHRASE|CREDENTIAL|PRIVATE|AUTH|COOKIE|APIKEY|(^|_)KEYS?($|_)|^AWS_"
)
#: Keys whose values hold only numbers: never walked.
NUMERIC_KEYS = frozenset({"series", "steps"})


def is_secret_name(name: str) -> bool:
    """Whether an environment variable (or any key) called ``name`` probably holds a secret."""
    return bool(_SECRET_NAME.search(name.upper()))


def secret_values(pairs: Iterable[tuple[str, str]]) -> set[str]:
    """The values of the secret-looking names among ``pairs`` that are long enough to scrub."""
    return {value for name, value in pairs if is_secret_name(name) and len(value) >= MIN_SECRET_CHARS}


class Redactor:
    """Replaces secrets in a document; ``values`` are scrubbed from every string too."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        # Longest first, so a secret that contains another is replaced whole.
        self._values = sorted(set(values), key=len, reverse=True)

    @classmethod
    def for_environment(cls, extra: Iterable[tuple[str, str]] = (), environ: Mapping[str, str] | None = None
                        ) -> Redactor:
        """Scrubs the secret values of ``environ`` (default: this process's) and of ``extra``."""
        env = os.environ if environ is None else environ
        return cls(secret_values([*env.items(), *extra]))

    def __call__(self, value: Any) -> Any:
        """A redacted copy of ``value`` (plain JSON data); the original is left untouched."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {key: self._entry(key, item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            if _is_secret_pair(value):
                return [value[0], REDACTED]
            return [self(item) for item in value]
        return value

    def text(self, text: str) -> str:
        for secret in self._values:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _entry(self, key: Any, value: Any) -> Any:
        if isinstance(key, str) and key in NUMERIC_KEYS:
            return value
        if isinstance(key, str) and isinstance(value, str) and is_secret_name(key):
            return REDACTED
        return self(value)


def _is_secret_pair(value: list[Any] | tuple[Any, ...]) -> bool:
    return (len(value) == 2 and all(isinstance(item, str) for item in value)
            and is_secret_name(value[0]))

