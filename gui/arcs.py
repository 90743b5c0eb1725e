"""Drawing the current event over the text, brat-like: its arguments outlined in the event
type's colour with their role names, and an arc from the trigger to each argument."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from annotate.model import Event, Span
from gui.tag_pixmaps import readable

if TYPE_CHECKING:
    from gui.article_view import ArticleView


def piece_boxes(view: ArticleView, start: int, end: int) -> list[QRect]:
    """The rectangles of one range on screen (viewport coordinates): one when it sits on one
    line, else its first and its last line, each as far as that line's text goes. On a
    right-to-left line (Arabic) the start's caret is the right edge: boxes go by x, whatever
    the direction of the text."""
    first, last = view.rect_at(start), view.rect_at(end)
    if first.top() == last.top():
        left, right = sorted((first.left(), last.left()))
        return [QRect(left, first.top(), max(4, right - left), first.height())]
    (first_left, first_right), (last_left, last_right) = view.line_extent(start), view.line_extent(max(start, end - 1))
    if view.right_to_left(start):
        head = QRect(first_left, first.top(), max(4, first.left() - first_left), first.height())
        tail = QRect(last.left(), last.top(), max(4, last_right - last.left()), last.height())
    else:
        head = QRect(first.left(), first.top(), max(4, first_right - first.left()), first.height())
        tail = QRect(last_left, last.top(), max(4, last.left() - last_left), last.height())
    return [head, tail]


def span_box(view: ArticleView, span: Span) -> QRect:
    """The rectangle of a span's first line (of its first fragment) in viewport coordinates:
    where arcs start and end."""
    start, end = span.pieces()[0]
    return piece_boxes(view, start, end)[0]


def span_outline(view: ArticleView, span: Span) -> list[QRect]:
    """Every rectangle to outline for a span: each fragment's (a discontinuous span is drawn
    on each of its pieces, not across the gap)."""
    return [box for start, end in span.pieces() for box in piece_boxes(view, start, end)]


def paint_event(view: ArticleView, painter: QPainter, event: Event, colour: str, armed: str | None) -> None:
    """Outline the event's arguments and draw arcs from its trigger to them."""
    spans = view.workspace.spans
    trigger = spans.get(event.trigger_span_id)
    if trigger is None:
        return
    pen_colour = readable(QColor(colour), view.palette().base().color())
    font = QFont(view.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
    font.setBold(True)
    metrics = QFontMetrics(font)
    painter.setFont(font)
    start_box = span_box(view, trigger)
    start = QPointF(start_box.center().x(), start_box.top())
    painter.setPen(QPen(pen_colour, 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(start_box.adjusted(-3, -1, 3, 1), 3, 3)
    for argument in event.arguments:
        span = spans.get(argument.span_id)
        if span is None:
            continue
        box = span_box(view, span)
        painter.setPen(QPen(pen_colour, 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box.adjusted(-3, -1, 3, 1), 3, 3)
        end = QPointF(box.center().x(), box.top())
        # The arc rises above both ends, higher the further apart they are.
        lift = 10 + min(60.0, abs(end.x() - start.x()) / 8 + abs(end.y() - start.y()) / 4)
        # Never above the viewport, where the role name would be cut off (first line).
        top = max(min(start.y(), end.y()) - lift, metrics.height() / 2 + 1)
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
        width = 2.0 if argument.role == armed else 1.2
        painter.setPen(QPen(pen_colour, width))
        painter.drawPath(path)
        _arrow_head(painter, end, pen_colour)
        label = argument.role
        middle = path.pointAtPercent(0.5)
        text_width = metrics.horizontalAdvance(label) + 6
        tag = QRectF(middle.x() - text_width / 2, middle.y() - metrics.height() / 2, text_width, metrics.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(view.palette().base())
        painter.drawRoundedRect(tag, 3, 3)
        painter.setPen(pen_colour)
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)


def _arrow_head(painter: QPainter, tip: QPointF, colour: QColor) -> None:
    path = QPainterPath(tip)
    path.lineTo(tip + QPointF(-3.5, -6))
    path.lineTo(tip + QPointF(3.5, -6))
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)
