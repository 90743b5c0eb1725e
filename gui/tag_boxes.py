"""Where the label tags of a text block go: one box per span ending in the block, in the gap
the highlighter left for it (gui/span_layout caches the boxes per block).

Qt adds letter spacing on a glyph's right, whatever the direction of its text, so the gap is
made on the character visually at the span's end in the paragraph's direction: on a
left-to-right line its last character, but the first character of a right-to-left run it ends
with (Arabic in an English sentence: that character is the run's rightmost, and a gap after
the last one would split the run); on a right-to-left line the character after the span, just
left of it (a gap inside the span's last letter would break the Arabic joining). The tag box is
then measured from that character's own glyphs, not from a caret position, which is ambiguous
where the direction changes."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextBlock, QTextLine

from annotate.model import Span

RTL = {"R", "AL", "AN"}
STRONG_RTL = {"R", "AL"}
LEFT = {"L", "EN", "LRE", "LRO", "LRI"}  # what ends a right-to-left run on a left-to-right line


def gap_char(text: str, start: int, end: int, right_to_left: bool) -> int:
    """Which character of a block's ``text`` carries the tag gap of a span covering
    ``start``..``end`` of it (indices into ``text``; ``start`` may be before the block)."""
    if right_to_left:
        return end if end < len(text) else end - 1
    first = max(start, 0)
    i = end - 1
    while i > first and unicodedata.bidirectional(text[i]) not in RTL | LEFT:
        i -= 1  # trailing marks and punctuation take the direction of what they follow
    if unicodedata.bidirectional(text[i]) not in RTL:
        return end - 1
    while i > first and unicodedata.bidirectional(text[i - 1]) not in LEFT:
        i -= 1
    while i < end - 1 and unicodedata.bidirectional(text[i]) not in STRONG_RTL:
        i += 1  # the run starts at its first right-to-left letter, not at a space before it
    return i


def _right_edge(line: QTextLine, position: int, size: int) -> float:
    """The right edge of the character at ``position`` (Qt units, block-relative) with its
    letter spacing: from its glyphs, where the direction of the text makes no difference."""
    runs = line.glyphRuns(position, size)
    if runs:
        return max(run.boundingRect().right() for run in runs)
    x: float = line.cursorToX(position + size)[0]  # type: ignore[index]  # (x, position); PySide6 types it as object
    return x


def measure_tags(block: QTextBlock, spans: Iterable[Span], to_qt: Callable[[int], int],
                 from_qt: Callable[[int], int], tag_width: Callable[[str], int]) -> list[tuple[QRectF, Span]]:
    """Boxes (relative to the block) for the tags of those ``spans`` that end in ``block``;
    ``to_qt`` and ``from_qt`` map code points to Qt positions and back, ``tag_width`` gives a
    label's slot."""
    pos, length = block.position(), block.length() - 1
    text, first = block.text(), from_qt(pos)
    right_to_left = block.textDirection() == Qt.LayoutDirection.RightToLeft
    sharing: dict[int, list[Span]] = {}  # the spans whose tags share one gap, by its character
    for span in spans:
        if pos < to_qt(span.end) <= pos + length:
            at = gap_char(text, span.start - first, span.end - first, right_to_left)
            sharing.setdefault(at, []).append(span)
    layout = block.layout()
    out: list[tuple[QRectF, Span]] = []
    for at, group in sharing.items():
        rel = to_qt(first + at) - pos
        size = to_qt(first + at + 1) - pos - rel
        line = layout.lineForTextPosition(rel)
        if not line.isValid():
            continue
        if not right_to_left and unicodedata.bidirectional(text[at]) not in RTL:
            x: float = line.cursorToX(rel + size)[0]  # type: ignore[index]  # the usual case, and the cheap one
        else:
            x = _right_edge(line, rel, size)
        # Spans that share the gap: each tag has its own slot, right to left.
        for span in sorted(group, key=lambda s: (s.start, s.label, s.id), reverse=True):
            step = tag_width(span.label)
            width = step - 2
            height = max(10.0, line.height() - 6)
            out.append((QRectF(x - width - 1, line.y() + (line.height() - height) / 2, width, height), span))
            x -= step
    return out
