"""Where the label tags of a text block go, measured once per block layout.

Measuring through QTextCursor for every tag on every repaint was most of the paint time with
thousands of spans; a block's boxes only change when the block is re-highlighted or the
view's width (and so the line wrapping) changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QTextBlock

from annotate.model import Span

if TYPE_CHECKING:
    from gui.article_view import ArticleView


class TagBoxes:
    """Per-block cache of tag rectangles in block coordinates."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self._cache: dict[int, list[tuple[QRectF, Span]]] = {}
        self._width = -1

    def clear(self) -> None:
        """Forget every block (new text, fonts, or which spans are shown)."""
        self._cache.clear()

    def forget(self, number: int) -> None:
        """Forget one block (it was re-highlighted)."""
        self._cache.pop(number, None)

    def of_block(self, block: QTextBlock) -> list[tuple[QRectF, Span]]:
        """The tags that end in ``block``, as (box, span), boxes relative to the block."""
        width = self.view.viewport().width()
        if width != self._width:
            self._cache.clear()
            self._width = width
        number = block.blockNumber()
        boxes = self._cache.get(number)
        if boxes is None:
            boxes = self._cache[number] = self._measure(block)
        return boxes

    def _measure(self, block: QTextBlock) -> list[tuple[QRectF, Span]]:
        view = self.view
        highlighter, ws, to_qt = view.highlighter, view.workspace, view.to_qt
        pos, length = block.position(), block.length() - 1
        ending: dict[int, list[Span]] = {}
        for span_id in highlighter.blocks.get(block.blockNumber(), ()):
            span = ws.spans.get(span_id)
            if span is not None and ws.visible(span) and pos < to_qt(span.end) <= pos + length:
                ending.setdefault(span.end, []).append(span)
        layout = block.layout()
        out: list[tuple[QRectF, Span]] = []
        for end, group in ending.items():
            rel = to_qt(end) - pos
            line = layout.lineForTextPosition(rel - 1)  # the line of the span's last character
            if not line.isValid():
                continue
            x = line.cursorToX(rel)[0]
            # Spans that end together share the gap: each tag has its own slot, right to left.
            for span in sorted(group, key=lambda s: (s.start, s.label, s.id), reverse=True):
                step = highlighter.tag_width(span.label)
                width = step - 2
                height = max(10.0, line.height() - 6)
                out.append((QRectF(x - width - 1, line.y() + (line.height() - height) / 2, width, height), span))
                x -= step
        return out
