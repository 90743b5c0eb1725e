"""Span colouring per text block, from an index of which spans touch which block.

Only blocks a change touches are re-highlighted. Each span's last character gets extra letter
spacing so the article view can paint the label tag into the gap (Prodigy-style inline tags),
which a QPlainTextEdit cannot otherwise make room for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QFont, QFontMetrics, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotate.model import Span, SpanStatus

if TYPE_CHECKING:
    from gui.article_view import ArticleView

TAG_PAD = 8


class SpanHighlighter(QSyntaxHighlighter):
    """Colours spans of the view's workspace; ``update_spans`` redraws just their blocks."""

    def __init__(self, document: QTextDocument, view: ArticleView) -> None:
        super().__init__(document)
        self.view = view
        self.blocks: dict[int, list[int]] = {}  # block number → span ids
        self.span_blocks: dict[int, tuple[int, int]] = {}  # span id → first, last block
        self._formats: dict[tuple, QTextCharFormat] = {}
        self.tags = True

    # -- index ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Index every visible span and re-highlight the whole document."""
        self.blocks.clear()
        self.span_blocks.clear()
        self._formats.clear()
        for span_id in self.view.workspace.order:
            self._index(span_id)
        self.rehighlight()

    def _index(self, span_id: int) -> tuple[int, int] | None:
        span = self.view.workspace.spans.get(span_id)
        if span is None or not self.view.workspace.visible(span):
            return None
        doc = self.document()
        first = doc.findBlock(self.view.to_qt(span.start)).blockNumber()
        last = doc.findBlock(max(self.view.to_qt(span.end) - 1, 0)).blockNumber()
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

    def reset_formats(self) -> None:
        """Forget cached formats (font size or theme changed)."""
        self._formats.clear()

    # -- formats --------------------------------------------------------------------------
    def tag_font(self) -> QFont:
        """The small font of label tags."""
        font = QFont(self.view.font())
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.62))
        font.setBold(True)
        return font

    def tag_width(self, label: str) -> int:
        """Room for a label tag after a span."""
        return QFontMetrics(self.tag_font()).horizontalAdvance(label) + TAG_PAD if self.tags else 0

    def tags_ending_with(self, span: Span) -> list[Span]:
        """Visible spans ending where ``span`` ends, in tag order: their tags share one gap."""
        ws = self.view.workspace
        same = [s for s in ws.spans_between(span.end - 1, span.end) if s.end == span.end and ws.visible(s)]
        return sorted(same, key=lambda s: (s.start, s.label, s.id))

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
        ids = self.blocks.get(block.blockNumber())
        if not ids:
            return
        pos, length = block.position(), len(text)
        spans = self.view.workspace.spans
        # Longer spans first, so nested ones are drawn over them.
        for span in sorted((spans[i] for i in ids if i in spans), key=lambda s: (s.start, -s.end)):
            qs, qe = self.view.to_qt(span.start), self.view.to_qt(span.end)
            start, end = max(qs, pos) - pos, min(qe, pos + length) - pos
            if end <= start:
                continue
            self.setFormat(start, end - start, self.format_for(span, False))
            if qe <= pos + length and self.tags:
                last = self.view.to_qt(span.end - 1) - pos
                if last >= start:
                    gap = sum(self.tag_width(s.label) for s in self.tags_ending_with(span))
                    self.setFormat(last, end - last, self.format_for(span, True, gap))
