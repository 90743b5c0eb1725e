"""Span colouring per text block, from the span layout's index of which spans touch which block.

Only blocks a change touches are re-highlighted. Opening an article highlights the blocks on
screen at once and the rest in short slices from the event loop, so a 50,000-word article with
20,000 spans opens without a pause and keys keep working meanwhile. The character at each span's
end (its last one, or another where the text runs right to left: gui/tag_boxes) gets extra
letter spacing so the article view can paint the label tag into the gap
(Prodigy-style inline tags), which a QPlainTextEdit cannot otherwise make room for.

An argument mention (the schema's mention label: a role filler that is no name) is drawn apart
from entities: no fill, a dotted underline in its colour (made readable on the background, light
or dark), fainter while proposed. Mentions are drawn after the other spans and merged into what
is there, so an entity inside a mention ("the *Syrian* regime") keeps its fill and gets the
mention's underline.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotate.model import Span, SpanStatus
from gui.span_layout import SpanLayout
from gui.tag_boxes import gap_char
from gui.tag_pixmaps import readable

SLICE_SECONDS = 0.012  # background highlighting yields to the event loop this often


class SpanHighlighter(QSyntaxHighlighter):
    """Colours the spans the layout places; ``update_spans`` redraws just their blocks."""

    def __init__(self, document: QTextDocument, layout: SpanLayout, colour_of: Callable[[str], str],
                 visible_blocks: Callable[[], Iterable[int]], is_mention: Callable[[str], bool] = lambda _l: False,
                 background: Callable[[], QColor] = lambda: QColor("#ffffff")) -> None:
        """``colour_of(label)``: a label's colour; ``visible_blocks()``: the block numbers on
        screen, highlighted first; ``is_mention(label)``: whether a label is the mention label;
        ``background()``: the article's background colour."""
        super().__init__(document)
        self.layout = layout
        self.colour_of = colour_of
        self.is_mention = is_mention
        self.background = background
        self.visible_blocks = visible_blocks
        self._formats: dict[tuple, QTextCharFormat] = {}
        self._formatted: set[int] = set()  # blocks that carry formats now
        self._pending: dict[int, None] = {}  # blocks still to highlight, in order
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._highlight_slice)

    # -- what to highlight ------------------------------------------------------------------
    def clear(self) -> None:
        """Forget the blocks still to highlight (before the document's text is replaced)."""
        self._pending.clear()
        self._formatted.clear()
        self._timer.stop()

    def rebuild(self) -> None:
        """Index every visible span; highlight the blocks on screen now and the rest soon."""
        stale = set(self._formatted)
        self._formats.clear()
        with_spans = self.layout.rebuild()
        self._pending = dict.fromkeys(sorted(stale | with_spans))
        self.highlight_visible()

    def resume(self) -> None:
        """Go on with the blocks off screen; called after a paint, so the screen comes first."""
        if self._pending and not self._timer.isActive():
            self._timer.start()

    def update_spans(self, span_ids: set[int]) -> None:
        """Re-index changed spans and re-highlight only the blocks they were or are in."""
        doc = self.document()
        for number in sorted(self.layout.update(span_ids)):
            self.rehighlightBlock(doc.findBlockByNumber(number))

    # -- highlighting in slices -------------------------------------------------------------
    def highlight_visible(self) -> None:
        """Highlight pending blocks that are on screen (after opening or scrolling)."""
        if not self._pending:
            return
        doc = self.document()
        for number in self.visible_blocks():
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
        """Forget cached formats (font size, theme or tags changed)."""
        self._formats.clear()

    # -- formats --------------------------------------------------------------------------
    def format_for(self, span: Span, last: bool, gap: int = 0) -> QTextCharFormat:
        """The character format of a span (``last``: its final character, carrying a tag gap
        of ``gap`` pixels)."""
        tags = self.layout.tags_shown
        key = (span.label, span.status, gap if last and tags else 0)
        fmt = self._formats.get(key)
        if fmt is None:
            colour = QColor(self.colour_of(span.label))
            fmt = QTextCharFormat()
            if self.is_mention(span.label) and span.status != SpanStatus.REJECTED:
                line = readable(colour, self.background())
                if span.status == SpanStatus.PROPOSED:
                    line.setAlpha(150)
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(line)
            elif span.status == SpanStatus.ACCEPTED:
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
            if last and tags and gap:
                fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
                fmt.setFontLetterSpacing(gap)
            self._formats[key] = fmt
        return fmt

    def _merge_format(self, start: int, length: int, over: QTextCharFormat) -> None:
        """Lay ``over`` (a mention's underline) on the formats already set, run by run of equal
        format, so the spans under it keep their own fill."""
        at, stop = start, start + length
        while at < stop:
            base = self.format(at)
            run = at + 1
            while run < stop and self.format(run) == base:
                run += 1
            merged = QTextCharFormat(base)
            merged.merge(over)
            self.setFormat(at, run - at, merged)
            at = run

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        block = self.currentBlock()
        number = block.blockNumber()
        self._pending.pop(number, None)
        layout = self.layout
        layout.forget_tags(number)
        present = layout.spans_in_block(number)
        if not present:
            self._formatted.discard(number)
            return
        self._formatted.add(number)
        # Qt units: the text passed in is a Python str, shorter by one per emoji than the block.
        pos, length = block.position(), block.length() - 1
        to_qt, tags = layout.map.to_qt, layout.tags_shown
        first = layout.map.from_qt(pos)  # the block's first code point
        rtl = block.textDirection() == Qt.LayoutDirection.RightToLeft
        gaps: dict[int, int] = {}  # spans whose tags share a gap: its character (in ``text``), its width
        gap_of: dict[int, int] = {}  # id() of a span → the character carrying its tag's gap
        if tags:
            for span in present:
                if pos < to_qt(span.end) <= pos + length:
                    at = gap_of[id(span)] = gap_char(text, span.start - first, span.end - first, rtl)
                    gaps[at] = gaps.get(at, 0) + layout.tag_width(span.label)
        after: dict[int, int] = {}  # gaps on characters that keep their own format
        mentions = [s for s in present if self.is_mention(s.label)]
        for span in [s for s in present if not self.is_mention(s.label)] + mentions:
            put = self._merge_format if self.is_mention(span.label) else self.setFormat
            # A discontinuous span is coloured on its fragments only; the tag follows the last.
            for piece_start, piece_end in span.fragments or ((span.start, span.end),):
                qs, qe = to_qt(piece_start), to_qt(piece_end)
                start, end = max(qs, pos) - pos, min(qe, pos + length) - pos
                if end > start:
                    put(start, end - start, self.format_for(span, False))
            if end <= start or id(span) not in gap_of:
                continue
            at = gap_of[id(span)]
            if at != span.end - 1 - first:
                after[at] = gaps[at]
                continue
            last = to_qt(span.end - 1) - pos
            if last >= start:
                put(last, end - last, self.format_for(span, True, gaps[at]))
        # Qt puts letter spacing on a glyph's right, whatever the direction, and spacing an
        # Arabic span's last letter would split it from its word: on a right-to-left line the
        # gap goes on the character after the span, which sits just left of it; in a
        # right-to-left run of a left-to-right line, on the run's first letter, its rightmost
        # (gui/tag_boxes). That character keeps its own format.
        for at, gap in after.items():
            fmt = QTextCharFormat(self.format(to_qt(first + at) - pos))
            fmt.setFontLetterSpacingType(QFont.SpacingType.AbsoluteSpacing)
            fmt.setFontLetterSpacing(gap)
            self.setFormat(to_qt(first + at) - pos, 2 if ord(text[at]) > 0xFFFF else 1, fmt)
