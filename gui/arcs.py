"""Where spans are on screen, and the current event over the text, brat-like: its arguments
outlined in the event type's colour, and an arc from the trigger to each, labelled by role."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from annotate.model import Event, Span
from gui.arc_layout import EVENT_LAYER, Arc, Outline
from gui.tag_pixmaps import TEXT_CONTRAST, readable

if TYPE_CHECKING:
    from gui.article_view import ArticleView


def piece_boxes(view: ArticleView, start: int, end: int) -> list[QRect]:
    """The rectangles of one range on screen (viewport coordinates): one when it sits on one
    line, else its first and its last line, each as far as that line's text goes. On a
    right-to-left line (Arabic) the start's caret is the right edge: boxes go by x, whatever
    the direction of the text; where the range holds Arabic on one line, by its glyphs (the
    carets of a right-to-left run in a left-to-right line are not at its ends)."""
    first, last = view.rect_at(start), view.rect_at(end)
    if first.top() == last.top():
        left, right = sorted((first.left(), last.left()))
        text = view.workspace.document.text[start:end] if view.workspace.document else ""
        if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
            left, right = view.x_extent(start, end) or (left, right)  # its glyphs' extent, not the carets'
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


def event_arcs(view: ArticleView, event: Event, colour: str, armed: str | None) -> tuple[list[Arc], list[Outline]]:
    """The event's arcs, from its trigger to each argument, labelled by role (laid out and
    drawn with the relations' by gui/arc_layout), and the outlines of its trigger (solid) and
    arguments (dashed)."""
    spans = view.workspace.spans
    trigger = spans.get(event.trigger_span_id)
    if trigger is None:
        return [], []
    ink = readable(QColor(colour), view.palette().base().color(), TEXT_CONTRAST)
    font = QFont(view.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.7))
    font.setBold(True)
    start_box = span_box(view, trigger)
    outlines = [Outline(QRectF(start_box.adjusted(-3, -1, 3, 1)), QPen(ink, 2))]
    arcs = []
    for argument in event.arguments:
        span = spans.get(argument.span_id)
        if span is None:
            continue
        box = span_box(view, span)
        outlines.append(Outline(QRectF(box.adjusted(-3, -1, 3, 1)), QPen(ink, 1.5, Qt.PenStyle.DashLine)))
        pen = QPen(ink, 2.0 if argument.role == armed else 1.2)
        arcs.append(Arc(trigger.id or 0, span.id or 0, start_box, box, pen, EVENT_LAYER, argument.role, font))
    return arcs, outlines
