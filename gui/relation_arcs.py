"""Drawing relations over the text: a dashed arc from the head to the child, an arrow at the
child, the type in a framed tag at its middle (for the current span's relations; the others
faint and untagged, see ``paint_relations``). Event arcs (gui/arcs) are solid with plain role
names, so the two never read alike. A proposed relation is dotted with its type followed by
"?"; a rejected one (shown with rejected spans) is grey and struck through; the selected one
is thicker with its ends outlined. While a relation is being made, its head is outlined and
the candidates carry the number that picks them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen

from annotate.model import Relation, Span, SpanStatus
from gui.arcs import span_box, span_outline
from gui.tag_pixmaps import readable

if TYPE_CHECKING:
    from gui.article_view import ArticleView

GREY = "#8a8a8a"
LEVEL = 13  # how much higher each arc nested over another rises, in pixels


@dataclass(frozen=True, slots=True)
class DrawnArc:
    """Where a relation was drawn: the ends' anchor points and its type tag (clicks on the
    tag select the relation)."""

    relation_id: int
    start: QPointF
    end: QPointF
    tag: QRectF


def arc_font(view: ArticleView) -> QFont:
    """The small font of relation tags."""
    font = QFont(view.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.66))
    return font


def paint_relations(view: ArticleView, painter: QPainter, relations: Sequence[Relation], colours: dict[str, str],
                    selected: int | None, focus: int | None, label_all: bool = False) -> list[DrawnArc]:
    """Draw the relations whose ends are near the screen; returns where each went. The text
    has no room between its lines, so only the relations of the ``focus`` span (the current
    one) and the ``selected`` relation are drawn in full, labelled (every one with
    ``label_all``); the others are faint unlabelled arcs, enough to see that a span is related
    without hiding the line above."""
    spans = view.workspace.spans
    height = view.viewport().height()
    font = arc_font(view)
    metrics = QFontMetrics(font)
    painter.setFont(font)
    ends: list[tuple[bool, float, Relation, QRect, QRect, Span, Span]] = []
    for relation in relations:
        first, second = spans.get(relation.head_span_id), spans.get(relation.child_span_id)
        if first is None or second is None:
            continue
        a, b = span_box(view, first), span_box(view, second)
        if max(a.bottom(), b.bottom()) < -40 or min(a.top(), b.top()) > height + 40:
            continue  # nowhere near the screen
        full = label_all or relation.id == selected or focus in (relation.head_span_id, relation.child_span_id)
        ends.append((full, abs(a.center().x() - b.center().x()) + abs(a.top() - b.top()), relation, a, b, first, second))
    placed: list[tuple[float, float, float, int]] = []  # labelled arcs: (line y, left x, right x, level)
    drawn: list[DrawnArc] = []
    # Faint ones first (under the others); shorter arcs first and lowest, so a longer one over
    # the same words rises above them.
    for full, _, relation, a, b, head, child in sorted(ends, key=lambda e: (e[0], e[1], e[2].id or 0)):
        start, end = QPointF(a.center().x(), a.top()), QPointF(b.center().x(), b.top())
        line = min(start.y(), end.y())
        level = 0
        if full:
            left, right = sorted((start.x(), end.x()))
            level = 1 + max((lv for y, lo, hi, lv in placed if abs(y - line) < 4 and lo < right and left < hi),
                            default=-1)
            placed.append((line, left, right, level))
        lift = (9 if full else 6) + level * LEVEL + min(30.0, abs(end.y() - start.y()) / 4)
        top = max(line - lift, metrics.height() / 2 + 1)  # never above the viewport
        drawn.append(_paint_arc(view, painter, relation, colours, (full, relation.id == selected), start, end, top,
                                metrics))
        if relation.id == selected:
            _outline_ends(view, painter, [head, child], _ink(view, relation, colours))
    return drawn


def _ink(view: ArticleView, relation: Relation, colours: dict[str, str]) -> QColor:
    if relation.status == SpanStatus.REJECTED:
        return QColor(GREY)
    return readable(QColor(colours.get(relation.type, GREY)), view.palette().base().color())


def _paint_arc(view: ArticleView, painter: QPainter, relation: Relation, colours: dict[str, str],
               style: tuple[bool, bool], start: QPointF, end: QPointF, top: float, metrics: QFontMetrics) -> DrawnArc:
    """One arc; ``style`` is (drawn in full with its tag, selected)."""
    full, selected = style
    ink = _ink(view, relation, colours)
    if not full:
        ink.setAlpha(110)
    proposed = relation.status == SpanStatus.PROPOSED
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x(), top), QPointF(end.x(), top), end)
    width = 2.6 if selected else 1.4 if full else 1.0
    painter.setPen(QPen(ink, width, Qt.PenStyle.DotLine if proposed else Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    _arrow(painter, end, ink, 1.0 if full else 0.7)
    if not full:
        return DrawnArc(relation.id or 0, start, end, QRectF())
    label = relation.type + ("?" if proposed else "")
    middle = path.pointAtPercent(0.5)
    tag_width = metrics.horizontalAdvance(label) + 8
    tag = QRectF(middle.x() - tag_width / 2, middle.y() - metrics.height() / 2, tag_width, metrics.height())
    painter.setPen(QPen(ink, 1.6 if selected else 1, Qt.PenStyle.DotLine if proposed else Qt.PenStyle.SolidLine))
    painter.setBrush(view.palette().base())
    painter.drawRoundedRect(tag, 4, 4)
    font = QFont(painter.font())
    font.setItalic(proposed)
    font.setStrikeOut(relation.status == SpanStatus.REJECTED)
    font.setBold(selected)
    painter.setFont(font)
    painter.setPen(ink)
    painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
    painter.setFont(_plain(font))  # the next arc's tag starts plain
    return DrawnArc(relation.id or 0, start, end, tag)


def _plain(font: QFont) -> QFont:
    plain = QFont(font)
    plain.setItalic(False)
    plain.setStrikeOut(False)
    plain.setBold(False)
    return plain


def _arrow(painter: QPainter, tip: QPointF, colour: QColor, scale: float = 1.0) -> None:
    path = QPainterPath(tip)
    path.lineTo(tip + QPointF(-4 * scale, -7 * scale))
    path.lineTo(tip + QPointF(4 * scale, -7 * scale))
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)


def _outline_ends(view: ArticleView, painter: QPainter, spans: list[Span], ink: QColor) -> None:
    painter.setPen(QPen(ink, 1.5, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for span in spans:
        for box in span_outline(view, span):
            painter.drawRoundedRect(QRectF(box.adjusted(-3, -1, 3, 1)), 3, 3)


def paint_pick(view: ArticleView, painter: QPainter, head: Span, candidates: Sequence[Span]) -> None:
    """A relation being made: its head outlined, each candidate with the number picking it."""
    ink = view.palette().highlight().color()
    painter.setPen(QPen(ink, 2, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for outline in span_outline(view, head):
        painter.drawRoundedRect(QRectF(outline.adjusted(-3, -2, 3, 2)), 3, 3)
    font = arc_font(view)
    font.setBold(True)
    painter.setFont(font)
    size = QFontMetrics(font).height()
    for number, span in enumerate(candidates, start=1):
        box: QRect = span_box(view, span)
        badge = QRectF(box.left() - size / 2, box.top() - size / 2 - 1, size, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(badge)
        painter.setPen(view.palette().highlightedText().color())
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(number))
