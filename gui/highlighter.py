"""Span colouring per text block, from an index of which spans touch which block.

Only blocks a change touches are re-highlighted. Opening an article highlights the blocks on
screen at once and the rest in short slices from the event loop, so a 50,000-word article with
20,000 spans opens without a pause and keys keep working meanwhile. Each span's last character
gets extra letter spacing so the article view can paint the label tag into the gap
(Prodigy-style inline tags), which a QPlainTextEdit cannot otherwise make room for.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotate.model import Span, SpanStatus

if TYPE_CHECKING:
    from gui.article_view import ArticleView

TAG_PAD = 8
SLICE_SECONDS = 0.012  # background highlighting yields to the event loop this often


class SpanHighlighter(QSyntaxHighlighter):
    """Colours spans of the view's workspace; ``update_spans`` redraws just their blocks."""

    def __init__(self, document: QTextDocument, view: ArticleView) -> None:
        super().__init__(document)
        self.view = view
        self.blocks: dict[int, list[int]] = {}  # block number → span ids
        self.span_blocks: dict[int, tuple[int, int]] = {}  # span id → first, last block
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._tag_font: QFont | None = None
        self._widths: dict[str, int] = {}
        self._block_starts: list[int] = []  # Qt position of each block's first character
        self._formatted: set[int] = set()  # blocks that carry formats now
        self._pending: dict[int, None] = {}  # blocks still to highlight, in order
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._highlight_slice)
        self.tags = True

    # -- index ----------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the index (before the document's text is replaced)."""
        self.blocks.clear()
        self.span_blocks.clear()
        self._pending.clear()
        self._formatted.clear()
        self._timer.stop()

    def rebuild(self) -> None:
        """Index every visible span; highlight the blocks on screen now and the rest soon."""
        stale = set(self._formatted)
        self.blocks.clear()
        self.span_blocks.clear()
        self._formats.clear()
        doc = self.document()
        starts: list[int] = []
        block = doc.begin()
        while block.isValid():
            starts.append(block.position())
            block = block.next()
        self._block_starts = starts
        self._index_all()
        self._pending = dict.fromkeys(sorted(stale | set(self.blocks)))
        self.highlight_visible()

    def resume(self) -> None:
        """Go on with the blocks off screen; called after a paint, so the screen comes first."""
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def _index_all(self) -> None:
        # One walk over the spans in reading order: their first blocks only move forward.
        ws, starts = self.view.workspace, self._block_starts
        to_qt = None if self.view.map.identity else self.view.to_qt
        count, block = len(starts), 0
        for span_id in ws.order:  # visible spans only
            span = ws.spans[span_id]
            qs, qe = (span.start, span.end) if to_qt is None else (to_qt(span.start), to_qt(span.end))
            while block + 1 < count and starts[block + 1] <= qs:
                block += 1
            last = block if block + 1 >= count or qe - 1 < starts[block + 1] else self._block_of(qe - 1)
            self.span_blocks[span_id] = (block, last)
            for number in range(block, last + 1):
                self.blocks.setdefault(number, []).append(span_id)

    def _block_of(self, qt_position: int) -> int:
        return max(0, bisect_right(self._block_starts, qt_position) - 1)

    def _index(self, span_id: int) -> tuple[int, int] | None:
        span = self.view.workspace.spans.get(span_id)
        if span is None or not self.view.workspace.visible(span):
            return None
        first = self._block_of(self.view.to_qt(span.start))
        last = self._block_of(max(self.view.to_qt(span.end) - 1, 0))
        self.span_blocks[span_id] = (first, last)
        for number in range(first, last + 1):
            self.blocks.setdefault(number, []).append(span_id)
        return first, last

    def update_spans(self, span_ids: set[int]) -> None:
        """Re-index changed spans and re-highlight only the blocks they were or are in."""
        dirty: set[int] = set()
        for span_id in span_ids:
            old = self.span_blocks.pop(span_id, None)
            if old:
                for number in range(old[0], old[1] + 1):
                    ids = self.blocks.get(number, [])
                    if span_id in ids:
                        ids.remove(span_id)
                    dirty.add(number)
            new = self._index(span_id)
            if new:
                dirty.update(range(new[0], new[1] + 1))
        doc = self.document()
        for number in sorted(dirty):
            self.rehighlightBlock(doc.findBlockByNumber(number))

    # -- highlighting in slices -------------------------------------------------------------
    def highlight_visible(self) -> None:
        """Highlight pending blocks that are on screen (after opening or scrolling)."""
        if not self._pending:
            return
        doc = self.document()
        for number in self.view.visible_block_numbers():
            if number in self._pending:
                self.rehighlightBlock(doc.findBlockByNumber(number))

    def finish(self) -> None:
        """Highlight every pending block now (screenshots, tests)."""
        doc = self.document()
        while self._pending:
            self.rehighlightBlock(doc.findBlockByNumber(next(iter(self._pending))))
        self._timer.stop()

    def _highlight_slice(self) -> None:
        deadline = time.perf_counter() + SLICE_SECONDS
        doc = self.document()
        while self._pending and time.perf_counter() < deadline:
            self.rehighlightBlock(doc.findBlockByNumber(next(iter(self._pending))))
        if not self._pending:
            self._timer.stop()

    def reset_formats(self) -> None:
        """Forget cached formats and tag sizes (font size or theme changed)."""
        self._formats.clear()
        self._tag_font = None
        self._widths.clear()

    # -- formats --------------------------------------------------------------------------
    def tag_font(self) -> QFont:
        """The small font of label tags."""
        if self._tag_font is None:
            font = QFont(self.view.font())
            font.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
            font.setBold(True)
            self._tag_font = font
        return self._tag_font

    def tag_width(self, label: str) -> int:
        """Room for a label tag after a span."""
        if not self.tags:
            return 0
        width = self._widths.get(label)
        if width is None:
            width = self._widths[label] = QFontMetrics(self.tag_font()).horizontalAdvance(label) + TAG_PAD
        return width

    def format_for(self, span: Span, last: bool, gap: int = 0) -> QTextCharFormat:
        """The character format of a span (``last``: its final character, carrying a tag gap
        of ``gap`` pixels)."""
        key = (span.label, span.status, gap if last and self.tags else 0)
        fmt = self._formats.get(key)
        if fmt is None:
            colour = QColor(self.view.colour_of(span.label))
            fmt = QTextCharFormat()
            if span.status == SpanStatus.ACCEPTED:
                fill = QColor(colour)
                fill.setAlpha(105)
                fmt.setBackground(fill)
            elif span.status == SpanStatus.PROPOSED:
                fill = QColor(colour)
                fill.setAlpha(38)
                fmt.setBackground(fill)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(colour)
            else:
                fmt.setFontStrikeOut(True)
                fmt.setForeground(QColor("#8a8a8a"))
            if last and self.tags and gap:
                fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                fmt.setFontLetterSpacing(gap)
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        block = self.currentBlock()
        number = block.blockNumber()
        self._pending.pop(number, None)
        self.view.tag_boxes.forget(number)
        ids = self.blocks.get(number)
        if not ids:
            self._formatted.discard(number)
            return
        self._formatted.add(number)
        pos, length = block.position(), len(text)
        spans = self.view.workspace.spans
        to_qt = self.view.to_qt
        # Longer spans first, so nested ones are drawn over them.
        present = sorted((spans[i] for i in ids if i in spans), key=lambda s: (s.start, -s.end))
        gaps: dict[int, int] = {}  # spans ending together share one gap for their tags
        if self.tags:
            for span in present:
                gaps[span.end] = gaps.get(span.end, 0) + self.tag_width(span.label)
        for span in present:
            qs, qe = to_qt(span.start), to_qt(span.end)
            start, end = max(qs, pos) - pos, min(qe, pos + length) - pos
            if end <= start:
                continue
            self.setFormat(start, end - start, self.format_for(span, False))
            if qe <= pos + length and self.tags:
                last = to_qt(span.end - 1) - pos
                if last >= start:
                    self.setFormat(last, end - last, self.format_for(span, True, gaps[span.end]))
