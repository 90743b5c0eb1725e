"""Guards against PySide6 bugs that crashed Annotary (see docs/adr/0003)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument


class _Every(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, fmt: QTextCharFormat) -> None:
        super().__init__(document)
        self.fmt = fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self.setFormat(0, min(3, len(text)), self.fmt)


def test_set_format_keeps_the_reference_count_of_none(qapp) -> None:
    document = QTextDocument("\n".join(f"line {i}" for i in range(500)))
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#ffcc00"))
    highlighter = _Every(document, fmt)
    before = sys.getrefcount(None)
    highlighter.rehighlight()
    after = sys.getrefcount(None)
    assert after - before > -50, "QSyntaxHighlighter.setFormat leaks references to None (ADR 0003)"
