"""The article: read-only plain text with spans drawn in their label's colour.

Qt counts UTF-16 units; this widget converts to Python code points at its boundary (``to_qt``,
``from_qt``, ``selection``) so nothing else ever sees a UTF-16 position.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QHelpEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotate.model import Span
from gui.arcs import span_outline
from gui.highlighter import SpanHighlighter
from gui.offsets import Utf16Map
from gui.span_layout import TAG_PAD, SpanLayout
from gui.tag_pixmaps import TagPixmaps
from gui.wording import quoted
from gui.workspace import Workspace


class ArticleView(QPlainTextEdit):
    """Shows the workspace's document; emits ``spanClicked`` with a span id."""

    spanClicked = Signal(int)
    firstPainted = Signal()
    painted = Signal()  # after every paint of the article, spans and tags included (benchmarks)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.map = Utf16Map("")
        self.colours: dict[str, str] = {}
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setObjectName("article")
        self.document().setDocumentMargin(14)
        # Where spans and their tags are: the highlighter colours from it, paintEvent draws
        # the tags from it.
        self.span_layout = SpanLayout(workspace, self.document(), self.font)
        self._mention: str | None = None  # the schema's mention label, read when a document opens
        self.highlighter = SpanHighlighter(self.document(), self.span_layout, self.colour_of, self.visible_block_numbers,
                                           self.is_mention, lambda: self.palette().base().color())
        self.tag_pixmaps = TagPixmaps()
        self._painted = False
        self._outlined: int | None = None  # the span whose outline was drawn last
        self.overlay: Callable[[QPainter], None] | None = None  # drawn last (the current event)
        # Asked before a click makes a span current; True means the click was used (a role
        # armed for filling takes the clicked span).
        self.click_taker: Callable[[int], bool] | None = None
        # Asked first about any click (viewport coordinates); True means it was used (a click
        # on a relation's type tag selects the relation).
        self.point_taker: Callable[[QPoint], bool] | None = None
        # More HTML lines for a span's tooltip (fragments, norms, "same as", relations).
        self.describe: Callable[[Span], list[str]] | None = None
        # The tooltip over a point (viewport coordinates) that is not a span's (a relation's
        # type tag), or None.
        self.point_tip: Callable[[QPoint], str | None] | None = None
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.highlighter.highlight_visible())
        workspace.documentOpened.connect(self._opened)
        workspace.spansChanged.connect(self._spans_changed)
        workspace.currentChanged.connect(self._current_changed)

    @property
    def has_painted(self) -> bool:
        """Whether the article has been painted once (``firstPainted`` was emitted)."""
        return self._painted

    # -- offsets (the UTF-16 boundary) -----------------------------------------------------
    def to_qt(self, offset: int) -> int:
        """Code-point offset → Qt position."""
        return self.map.to_qt(offset)

    def from_qt(self, position: int) -> int:
        """Qt position → code-point offset."""
        return self.map.from_qt(position)

    def selection(self) -> tuple[int, int] | None:
        """The selected range in code points, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.from_qt(cursor.selectionStart()), self.from_qt(cursor.selectionEnd())

    def select(self, start: int, end: int) -> None:
        """Select a code-point range (tests and keyboard helpers)."""
        cursor = self.textCursor()
        cursor.setPosition(self.to_qt(start))
        cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def clear_selection(self) -> None:
        """Drop the selection, keeping the caret."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def colour_of(self, label: str) -> str:
        """The colour of a label or event type."""
        return self.colours.get(label, "#888888")

    def is_mention(self, label: str) -> bool:
        """Whether spans of ``label`` are argument mentions (drawn apart from entities)."""
        return self._mention is not None and label == self._mention

    # -- reacting to the workspace ----------------------------------------------------------
    def _opened(self, _document_id: int) -> None:
        doc = self.workspace.document
        assert doc is not None
        self.map = Utf16Map(doc.text)
        mention = self.workspace.session.schema.mention_label
        if mention != self._mention:  # the schema changed (an import added one): formats too
            self._mention = mention
            self.highlighter.reset_formats()
        self.span_layout.set_text(self.map)  # the old index must not colour the new text
        self.highlighter.clear()
        self.setPlainText(doc.text)  # plain text: '<b>' stays '<b>'
        self.verticalScrollBar().setValue(0)
        self.highlighter.rebuild()
        self._outlined = None

    def _spans_changed(self, ids: set[int] | None) -> None:
        if ids is None:
            self.highlighter.rebuild()
            self.viewport().update()
            return
        # Re-highlighting a block makes Qt repaint it (tags included); only the outline of
        # the current span may reach beyond the blocks that changed.
        self.highlighter.update_spans(ids)
        self._update_outline(self.workspace.current_span())

    def _current_changed(self, span_id: int | None) -> None:
        span = self.workspace.spans.get(span_id) if span_id is not None else None
        old = self.workspace.spans.get(self._outlined) if self._outlined is not None else None
        if span is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._update_outline(old)
        self._update_outline(span)
        self._outlined = span_id

    def _update_outline(self, span: Span | None) -> None:
        """Schedule a repaint of the area a span's outline and tag cover."""
        if span is None:
            return
        area = QRect()
        for box in span_outline(self, span):
            area = area.united(box.adjusted(-4, -2, 4, 2))
        self.viewport().update(area)

    def visible_block_numbers(self) -> range:
        """Numbers of the text blocks on screen."""
        block = self.firstVisibleBlock()
        if not block.isValid():
            return range(0)
        first = block.blockNumber()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        bottom = self.viewport().height()
        last = first
        while block.isValid() and top <= bottom and last - first < 400:
            last = block.blockNumber()
            top += max(1.0, self.blockBoundingRect(block).height())
            block = block.next()
        return range(first, last + 1)

    def set_tags(self, shown: bool) -> None:
        """Show or hide inline label tags."""
        self.span_layout.set_tags(shown)
        self.highlighter.reset_formats()
        self.highlighter.rebuild()

    def refresh_fonts(self) -> None:
        """Re-measure tags after a font change."""
        self.span_layout.reset_fonts()
        self.highlighter.reset_formats()
        self.tag_pixmaps.clear()
        self.highlighter.rebuild()

    # -- painting ---------------------------------------------------------------------------
    def _range_in(self, rect: QRect) -> tuple[int, int]:
        """Code points that may be drawn in a viewport rectangle (a superset, in reading order)."""
        top = self.cursorForPosition(rect.topLeft()).position()
        bottom = self.cursorForPosition(rect.bottomRight()).position()
        return max(0, self.from_qt(top) - 1), self.from_qt(bottom) + 2

    def rect_at(self, offset: int) -> QRect:
        """The caret rectangle at a code-point offset, in viewport coordinates."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(offset))
        return self.cursorRect(cursor)


    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()
        if self.workspace.document is None:
            self.painted.emit()
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = event.rect()
        layout = self.span_layout
        if layout.tags_shown:
            painter.setFont(layout.tag_font())
            offset, width = self.contentOffset(), self.viewport().width()
            block = self.firstVisibleBlock()
            while block.isValid():
                geometry = self.blockBoundingGeometry(block).translated(offset)
                if geometry.top() > rect.bottom():
                    break
                if geometry.bottom() >= rect.top():
                    for box, span in layout.tag_boxes(block, width):
                        self._paint_tag(painter, span, box.translated(geometry.topLeft()))
                block = block.next()
        current = self.workspace.current_span()
        if current is not None:
            start, end = self._range_in(rect)
            if current.end >= start and current.start <= end:
                self._paint_outline(painter, current)
        if self.overlay is not None:
            self.overlay(painter)
        painter.end()
        self.painted.emit()
        self.highlighter.resume()

    def visible_tags(self) -> list[QRectF]:
        """The label tags on screen (viewport coordinates)."""
        if not self.span_layout.tags_shown:
            return []
        found: list[QRectF] = []
        offset, width, bottom = self.contentOffset(), self.viewport().width(), self.viewport().height()
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            found += [box.translated(geometry.topLeft()) for box, _span in self.span_layout.tag_boxes(block, width)]
            block = block.next()
        return found

    def _paint_tag(self, painter: QPainter, span: Span, box: QRectF) -> None:
        pixmap = self.tag_pixmaps.get(
            span.label, span.status, self.colour_of(span.label), self.span_layout.tag_font(),
            (box.width(), box.height()), TAG_PAD, self.devicePixelRatioF(), self.palette().base().color(),
            self.is_mention(span.label),
        )
        painter.drawPixmap(box.topLeft() - QPointF(0.5, 0.5), pixmap)

    def _paint_outline(self, painter: QPainter, span: Span) -> None:
        pen = QPen(self.palette().highlight().color(), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in span_outline(self, span):
            painter.drawRoundedRect(box.adjusted(-2, 0, 1, 0), 3, 3)

    def line_extent(self, offset: int) -> tuple[int, int]:
        """Left and right x (viewport coordinates) of the text on the screen line holding a
        code-point offset: where a span wrapping onto the next line stops on this one."""
        position = self.to_qt(offset)
        block = self.document().findBlock(position)
        line = block.layout().lineForTextPosition(position - block.position()) if block.isValid() else None
        if line is None or not line.isValid():
            return 0, self.viewport().width()
        left = self.blockBoundingGeometry(block).translated(self.contentOffset()).left()
        ends = [line.cursorToX(p)[0] for p in (line.textStart(), line.textStart() + line.textLength())]  # type: ignore[index]  # (x, position); PySide6 types it as object
        return round(left + min(ends)), round(left + max(ends))

    def x_extent(self, start: int, end: int) -> tuple[int, int] | None:
        """Left and right x (viewport coordinates) of the characters ``start``..``end`` on the
        screen line holding ``start``, from their glyphs: right where the carets at the two
        ends are not, in right-to-left text inside a left-to-right line (the caret between the
        two directions may stand at either side). None when nothing is drawn there."""
        position = self.to_qt(start)
        block = self.document().findBlock(position)
        if not block.isValid():
            return None
        rel = position - block.position()
        line = block.layout().lineForTextPosition(rel)
        if not line.isValid():
            return None
        stop = min(self.to_qt(end) - block.position(), line.textStart() + line.textLength())
        runs = line.glyphRuns(rel, max(1, stop - rel))
        if not runs:
            return None
        left = self.blockBoundingGeometry(block).translated(self.contentOffset()).left()
        return (round(left + min(r.boundingRect().left() for r in runs)),
                round(left + max(r.boundingRect().right() for r in runs)))

    def right_to_left(self, offset: int) -> bool:
        """Whether the text line holding a code-point offset runs right to left (Arabic)."""
        block = self.document().findBlock(self.to_qt(offset))
        return block.isValid() and block.textDirection() == Qt.LayoutDirection.RightToLeft

    # -- mouse and tooltips -------------------------------------------------------------------
    def tooltip_at(self, offset: int) -> str | None:
        """The tooltip over a code point: every span there (overlapping and nested ones too),
        the innermost first, each with its label, status, source, score and details."""
        found = self.workspace.spans_at(offset)
        text = self.workspace.document.text if self.workspace.document else ""
        parts = []
        for span in found:
            covered = f" {escape(quoted(span.text_in(text)))}" if len(found) > 1 else ""
            score = f"<br>score {span.score:.2f}" if span.score is not None else ""
            extra = "".join(f"<br>{line}" for line in self.describe(span)) if self.describe else ""
            parts.append(f"<b>{escape(span.label)}</b>{covered} · {span.status.value}<br>"
                         f"source: {escape(span.source)}{score}{extra}")
        return "<hr>".join(parts) or None

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            if self.point_taker is not None and self.point_taker(event.position().toPoint()):
                return
            offset = self.from_qt(self.cursorForPosition(event.position().toPoint()).position())
            span = self.workspace.span_at(offset)
            if span is not None:
                if self.click_taker is not None and self.click_taker(span.id):
                    return
                self.workspace.set_current(span.id)
                self.spanClicked.emit(span.id)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in (
            Qt.Key.Key_Backspace, Qt.Key.Key_Escape,
        ):
            event.ignore()  # the text control would swallow them; they are the window's keys
            return False
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFrom(self, event.pos())
            tip = self.point_tip(point) if self.point_tip is not None else None
            if tip is None:
                tip = self.tooltip_at(self.from_qt(self.cursorForPosition(point).position()))
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
