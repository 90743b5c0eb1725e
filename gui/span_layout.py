"""Where the visible spans of the open article sit in its text blocks, and where their label
tags go. The highlighter (which colours blocks) and the article view (which paints the tags)
both read this one object; neither looks into the other.

The index maps each text block to the spans that touch it, so a change re-highlights only the
blocks it touches. Tag boxes are measured once per block layout: measuring through
QTextCursor for every tag on every repaint was most of the paint time with thousands of spans,
and a block's boxes only change when the block is re-highlighted or the line wrapping (the
view's width) changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics, QTextBlock, QTextDocument

from annotate.model import Span
from gui.offsets import Utf16Map
from gui.tag_boxes import measure_tags
from gui.workspace import Workspace

TAG_PAD = 8  # room around a tag's text


class SpanLayout:
    """The visible spans' per-block index and their tags' geometry."""

    def __init__(self, workspace: Workspace, document: QTextDocument, base_font: Callable[[], QFont]) -> None:
        """``base_font()``: the article's font, which tags are a smaller bold cut of."""
        self.workspace = workspace
        self.document = document
        self.base_font = base_font
        self.map = Utf16Map("")
        self._tags = True
        self._blocks: dict[int, list[int]] = {}  # block number → span ids
        self._span_blocks: dict[int, tuple[int, int]] = {}  # span id → first, last block
        self._block_starts: list[int] = []  # Qt position of each block's first character
        self._tag_font: QFont | None = None
        self._widths: dict[str, int] = {}
        self._boxes: dict[int, list[tuple[QRectF, Span]]] = {}  # block number → tag boxes
        self._boxes_width = -1  # the viewport width the boxes were measured at

    # -- the text -------------------------------------------------------------------------------
    def set_text(self, offsets: Utf16Map) -> None:
        """A new text is about to be shown: forget the index (it must not colour the new text)."""
        self.map = offsets
        self._blocks.clear()
        self._span_blocks.clear()
        self._boxes.clear()

    def to_qt(self, offset: int) -> int:
        """Code-point offset → Qt position."""
        return self.map.to_qt(offset)

    # -- the index ------------------------------------------------------------------------------
    def rebuild(self) -> set[int]:
        """Index every visible span of the document as it is laid out now; the numbers of the
        blocks that hold spans. Every tag box is measured again."""
        self._blocks.clear()
        self._span_blocks.clear()
        self._boxes.clear()
        starts: list[int] = []
        block = self.document.begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self._block_starts = starts
        self._index_all()
        return set(self._blocks)

    def _index_all(self) -> None:
        # One walk over the spans in reading order: their first blocks only move forward.
        ws, starts = self.workspace, self._block_starts
        to_qt = None if self.map.identity else self.map.to_qt
        count, block = len(starts), 0
        blocks, span_blocks = self._blocks, self._span_blocks
        for span_id in ws.order:  # visible spans only
            span = ws.spans[span_id]
            qs, qe = (span.start, span.end) if to_qt is None else (to_qt(span.start), to_qt(span.end))
            while block + 1 < count and starts[block + 1] <= qs:
                block += 1
            last = block if block + 1 >= count or qe - 1 < starts[block + 1] else self._block_of(qe - 1)
            span_blocks[span_id] = (block, last)
            for number in range(block, last + 1):
                blocks.setdefault(number, []).append(span_id)

    def _block_of(self, qt_position: int) -> int:
        return max(0, bisect_right(self._block_starts, qt_position) - 1)

    def _index(self, span_id: int) -> tuple[int, int] | None:
        span = self.workspace.spans.get(span_id)
        if span is None or not self.workspace.visible(span):
            return None
        first = self._block_of(self.to_qt(span.start))
        last = self._block_of(max(self.to_qt(span.end) - 1, 0))
        self._span_blocks[span_id] = (first, last)
        for number in range(first, last + 1):
            self._blocks.setdefault(number, []).append(span_id)
        return first, last

    def update(self, span_ids: Iterable[int]) -> set[int]:
        """Index changed spans again; the numbers of the blocks they were or are in."""
        dirty: set[int] = set()
        for span_id in span_ids:
            old = self._span_blocks.pop(span_id, None)
            if old:
                for number in range(old[0], old[1] + 1):
                    ids = self._blocks.get(number, [])
                    if span_id in ids:
                        ids.remove(span_id)
                    dirty.add(number)
            new = self._index(span_id)
            if new:
                dirty.update(range(new[0], new[1] + 1))
        return dirty

    def spans_in_block(self, number: int) -> list[Span]:
        """The spans that touch a block, longer ones first among those starting together (so
        nested spans are drawn over them)."""
        ids = self._blocks.get(number)
        if not ids:
            return []
        spans = self.workspace.spans
        return sorted((spans[i] for i in ids if i in spans), key=lambda s: (s.start, -s.end))

    # -- tags -----------------------------------------------------------------------------------
    @property
    def tags_shown(self) -> bool:
        """Whether label tags are drawn after spans."""
        return self._tags

    def set_tags(self, shown: bool) -> None:
        """Show or hide label tags (then ``rebuild`` and re-highlight)."""
        self._tags = shown
        self.reset_fonts()

    def reset_fonts(self) -> None:
        """Forget the tag font, tag sizes and boxes (the article's font or theme changed)."""
        self._tag_font = None
        self._widths.clear()
        self._boxes.clear()

    def tag_font(self) -> QFont:
        """The small font of label tags."""
        if self._tag_font is None:
            font = QFont(self.base_font())
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
            font.setBold(True)
            self._tag_font = font
        return self._tag_font

    def tag_width(self, label: str) -> int:
        """Room for a label tag after a span (0 with tags hidden)."""
        if not self._tags:
            return 0
        width = self._widths.get(label)
        if width is None:
            width = self._widths[label] = QFontMetrics(self.tag_font()).horizontalAdvance(label) + TAG_PAD
        return width

    def forget_tags(self, number: int) -> None:
        """A block was re-highlighted: its tags are measured again when next painted."""
        self._boxes.pop(number, None)

    def tag_boxes(self, block: QTextBlock, viewport_width: int) -> list[tuple[QRectF, Span]]:
        """The tags that end in ``block``, as (box, span), boxes relative to the block."""
        if viewport_width != self._boxes_width:  # the lines wrap elsewhere now
            self._boxes.clear()
            self._boxes_width = viewport_width
        number = block.blockNumber()
        boxes = self._boxes.get(number)
        if boxes is None:
            ws = self.workspace
            candidates = (ws.spans.get(i) for i in self._blocks.get(number, ()))
            visible = [s for s in candidates if s is not None and ws.visible(s)]
            boxes = self._boxes[number] = measure_tags(block, visible, self.map.to_qt, self.map.from_qt,
                                                       self.tag_width)
        return boxes
