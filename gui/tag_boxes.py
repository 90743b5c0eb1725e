"""Where the label tags of a text block go: one box per span ending in the block, in the gap
the highlighter left after the span's last character (gui/span_layout caches the boxes per
block)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock

from annotate.model import Span


def measure_tags(block: QTextBlock, spans: Iterable[Span], to_qt: Callable[[int], int],
                 tag_width: Callable[[str], int]) -> list[tuple[QRectF, Span]]:
    """Boxes (relative to the block) for the tags of those ``spans`` that end in ``block``;
    ``to_qt`` maps code points to Qt positions, ``tag_width`` gives a label's slot."""
    pos, length = block.position(), block.length() - 1
    ending: dict[int, list[Span]] = {}
    for span in spans:
        if pos < to_qt(span.end) <= pos + length:
            ending.setdefault(span.end, []).append(span)
    layout = block.layout()
    out: list[tuple[QRectF, Span]] = []
    for end, group in ending.items():
        rel = to_qt(end) - pos
        line = layout.lineForTextPosition(rel - 1)  # the line of the span's last character
        if not line.isValid():
            continue
        x: float = line.cursorToX(rel)[0]  # type: ignore[index]  # (x, position); PySide6 types it as object
        # Spans that end together share the gap: each tag has its own slot, right to left.
        for span in sorted(group, key=lambda s: (s.start, s.label, s.id), reverse=True):
            step = tag_width(span.label)
            width = step - 2
            height = max(10.0, line.height() - 6)
            out.append((QRectF(x - width - 1, line.y() + (line.height() - height) / 2, width, height), span))
            x -= step
    return out
