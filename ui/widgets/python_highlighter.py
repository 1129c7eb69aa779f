"""A small syntax highlighter for Python source in a QPlainTextEdit (keywords, builtins,
strings, numbers, comments, decorators, definitions); colours follow the theme."""

from __future__ import annotations

import builtins
import keyword
import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from ui.base.theme import Theme

#: Token kind -> (light colour, dark colour, bold).
COLOURS: dict[str, tuple[str, str, bool]] = {
    "keyword": ("#8a3ab9", "#c792ea", True),
    "builtin": ("#0b6e99", "#82aaff", False),
    "definition": ("#1a56b8", "#82aaff", True),
    "decorator": ("#a15c00", "#ffcb6b", False),
    "number": ("#a15c00", "#f78c6c", False),
    "string": ("#1a7f37", "#c3e88d", False),
    "comment": ("#6b7280", "#7f8794", False),
}
_WORDS = r"\b(?:{})\b"
RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("keyword", re.compile(_WORDS.format("|".join([*keyword.kwlist, "self"])))),
    ("builtin", re.compile(_WORDS.format("|".join(n for n in dir(builtins) if not n.startswith("_"))))),
    ("decorator", re.compile(r"^\s*@[\w.]+")),
    ("definition", re.compile(r"(?<=\bdef )\w+|(?<=\bclass )\w+")),
    ("number", re.compile(r"\b\d[\d_]*(?:\.\d+)?(?:e[-+]?\d+)?\b")),
    ("string", re.compile(r"[rbfRBF]{0,2}(\"[^\"\\]*(?:\\.[^\"\\]*)*\"|'[^'\\]*(?:\\.[^'\\]*)*')")),
    ("comment", re.compile(r"#[^\n]*")),
)
_TRIPLE = re.compile(r'"""|\'\'\'')
_IN_TRIPLE = 1


class PythonHighlighter(QSyntaxHighlighter):
    """Highlights one document; later rules win (a ``#`` inside a string is handled by
    colouring strings after comments only where the comment starts outside a string)."""

    def __init__(self, document: QTextDocument, theme: Theme) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Colours for ``theme``; the document is highlighted again."""
        self.formats = {kind: _format(dark if theme.dark else light, bold)
                        for kind, (light, dark, bold) in COLOURS.items()}
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for kind, pattern in RULES:
            for match in pattern.finditer(text):
                start, end = match.span()
                if kind == "comment" and _inside_string(text, start):
                    continue
                self.setFormat(start, end - start, self.formats[kind])
        self._triple_quoted(text)

    def _triple_quoted(self, text: str) -> None:
        """Docstrings and other triple-quoted strings, across lines."""
        start = 0 if self.previousBlockState() == _IN_TRIPLE else -1
        self.setCurrentBlockState(0)
        position = 0
        while True:
            match = _TRIPLE.search(text, position)
            if start < 0:
                if match is None:
                    return
                start, position = match.start(), match.end()
                continue
            if match is None:
                self.setFormat(start, len(text) - start, self.formats["string"])
                self.setCurrentBlockState(_IN_TRIPLE)
                return
            self.setFormat(start, match.end() - start, self.formats["string"])
            start, position = -1, match.end()


def _format(colour: str, bold: bool) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    return fmt


def _inside_string(text: str, index: int) -> bool:
    """Whether ``index`` falls inside a one-line string literal of ``text``."""
    quote = ""
    for i, char in enumerate(text[:index]):
        if quote and char == quote and text[i - 1] != "\\":
            quote = ""
        elif not quote and char in "\"'":
            quote = char
    return bool(quote)
