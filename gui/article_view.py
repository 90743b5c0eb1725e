"""The article: read-only plain text with spans drawn in their label's colour.

Qt counts UTF-16 units; this widget converts to Python code points at its boundary (``to_qt``,
``from_qt``, ``selection``) so nothing else ever sees a UTF-16 position.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotate.model import Span, SpanStatus
from gui.highlighter import TAG_PAD, SpanHighlighter
from gui.offsets import Utf16Map
from gui.workspace import Workspace


class ArticleView(QPlainTextEdit):
    """Shows the workspace's document; emits ``spanClicked`` with a span id."""

    spanClicked = Signal(int)
    firstPainted = Signal()

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
        self.highlighter = SpanHighlighter(self.document(), self)
        self._painted = False
        workspace.documentOpened.connect(self._opened)
        workspace.spansChanged.connect(self._spans_changed)
        workspace.currentChanged.connect(self._current_changed)

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

    # -- reacting to the workspace ----------------------------------------------------------
    def _opened(self, _document_id: int) -> None:
        doc = self.workspace.document
        assert doc is not None
        self.map = Utf16Map(doc.text)
        self.highlighter.blockSignals(True)
        self.setPlainText(doc.text)  # plain text: '<b>' stays '<b>'
        self.highlighter.blockSignals(False)
        self.highlighter.rebuild()
        self.verticalScrollBar().setValue(0)

    def _spans_changed(self, ids: set[int] | None) -> None:
        if ids is None:
            self.highlighter.rebuild()
        else:
            self.highlighter.update_spans(ids)
        self.viewport().update()

    def _current_changed(self, span_id: int | None) -> None:
        span = self.workspace.spans.get(span_id) if span_id is not None else None
        if span is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.to_qt(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.viewport().update()

    def set_tags(self, shown: bool) -> None:
        """Show or hide inline label tags."""
        self.highlighter.tags = shown
        self.highlighter.reset_formats()
        self.highlighter.rebuild()

    def refresh_fonts(self) -> None:
        """Re-measure tags after a font change."""
        self.highlighter.reset_formats()
        self.highlighter.rebuild()

    # -- painting ---------------------------------------------------------------------------
    def _visible_range(self) -> tuple[int, int]:
        top = self.cursorForPosition(QPoint(0, 0)).position()
        rect = self.viewport().rect()
        bottom = self.cursorForPosition(QPoint(rect.right(), rect.bottom())).position()
        return self.from_qt(top), self.from_qt(bottom) + 1

    def _rect_at(self, offset: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.to_qt(offset))
        return self.cursorRect(cursor)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()
        if self.workspace.document is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        start, end = self._visible_range()
        if self.highlighter.tags:
            painter.setFont(self.highlighter.tag_font())
            for span in self.workspace.spans_between(start, end):
                self._paint_tag(painter, span)
        current = self.workspace.current_span()
        if current is not None and current.end >= start and current.start <= end:
            self._paint_outline(painter, current)
        painter.end()

    def _paint_tag(self, painter: QPainter, span: Span) -> None:
        after = self._rect_at(span.end)
        # Spans that end together share the gap: each tag has its own slot, left to right.
        sharing = self.highlighter.tags_ending_with(span)
        later = sharing[sharing.index(span) + 1 :] if span in sharing else []
        after.translate(-sum(self.highlighter.tag_width(s.label) for s in later), 0)
        width = self.highlighter.tag_width(span.label) - 2
        height = max(10, after.height() - 6)
        box = QRect(after.x() - width - 1, after.y() + (after.height() - height) // 2, width, height)
        colour = QColor(self.colour_of(span.label))
        if span.status == SpanStatus.ACCEPTED:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            text_colour = QColor("#000000") if colour.lightnessF() > 0.55 else QColor("#ffffff")
        else:
            pen = QPen(colour, 1, Qt.PenStyle.DashLine if span.status == SpanStatus.PROPOSED else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            text_colour = colour if span.status == SpanStatus.PROPOSED else QColor("#8a8a8a")
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(text_colour)
        painter.drawText(box.adjusted(TAG_PAD // 2 - 1, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, span.label)

    def _paint_outline(self, painter: QPainter, span: Span) -> None:
        first, last = self._rect_at(span.start), self._rect_at(span.end)
        pen = QPen(self.palette().highlight().color(), 2)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if first.y() == last.y():
            painter.drawRoundedRect(QRect(first.x() - 2, first.y(), last.x() - first.x() + 3, first.height()), 3, 3)
            return
        right = self.viewport().width() - 4
        painter.drawRoundedRect(QRect(first.x() - 2, first.y(), right - first.x(), first.height()), 3, 3)
        painter.drawRoundedRect(QRect(4, last.y(), last.x() - 2, last.height()), 3, 3)

    # -- mouse and tooltips -------------------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            offset = self.from_qt(self.cursorForPosition(event.position().toPoint()).position())
            span = self.workspace.span_at(offset)
            if span is not None:
                self.workspace.set_current(span.id)
                self.spanClicked.emit(span.id)  # type: ignore[arg-type]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            offset = self.from_qt(self.cursorForPosition(self.viewport().mapFrom(self, event.pos())).position())
            span = self.workspace.span_at(offset)
            if span is not None:
                score = f"<br>score {span.score:.2f}" if span.score is not None else ""
                QToolTip.showText(
                    event.globalPos(),
                    f"<b>{escape(span.label)}</b> · {span.status.value}<br>source: {escape(span.source)}{score}",
                    self,
                )
            else:
                QToolTip.hideText()
            return True
        return super().event(event)
