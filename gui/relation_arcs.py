"""The relations' arcs over the text (laid out and drawn with the event's by gui/arc_layout):
dashed from the head to the child, an arrow at the child, the type in a framed tag (for the
current span's relations and the selected one; the others faint and untagged, see
``relation_arcs``). Event arcs (gui/arcs) are solid with plain role names, so the two never
read alike. A proposed relation is dotted with its type followed by "?"; a rejected one (shown
with rejected spans) is grey and struck through; the selected one is thicker, bold, with its
ends outlined, and drawn over everything. While a relation is being made, its head is outlined
and the candidates carry the number that picks them, inside their first character."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from annotate.model import Relation, Span, SpanStatus
from gui.arc_layout import FAINT_LAYER, RELATION_LAYER, SELECTED_LAYER, Arc, Outline
from gui.arcs import span_box, span_outline
from gui.tag_pixmaps import TEXT_CONTRAST, readable

if TYPE_CHECKING:
    from gui.article_view import ArticleView

GREY = "#8a8a8a"


def arc_font(view: ArticleView) -> QFont:
    """The small font of relation tags."""
    font = QFont(view.font())
    font.setPointSizeF(max(6.0, font.pointSizeF() * 0.66))
    return font


def relation_arcs(view: ArticleView, relations: Sequence[Relation], colour_of: Callable[[str], str],
                  selected: int | None, focus: int | None, label_all: bool = False) -> tuple[list[Arc], list[Outline]]:
    """The arcs of the relations whose ends are near the screen, and the outlines of the
    selected one's ends. The text has no room between its lines, so only the relations of the
    ``focus`` span (the current one) and the ``selected`` relation are drawn in full, labelled
    (every one with ``label_all``); the others are faint unlabelled arcs, enough to see that a
    span is related without hiding the line above."""
    spans = view.workspace.spans
    height = view.viewport().height()
    background = view.palette().base().color()
    arcs: list[Arc] = []
    outlines: list[Outline] = []
    for relation in relations:
        head, child = spans.get(relation.head_span_id), spans.get(relation.child_span_id)
        if head is None or child is None:
            continue
        a, b = span_box(view, head), span_box(view, child)
        if max(a.bottom(), b.bottom()) < -40 or min(a.top(), b.top()) > height + 40:
            continue  # nowhere near the screen
        chosen = relation.id == selected
        full = label_all or chosen or focus in (relation.head_span_id, relation.child_span_id)
        proposed = relation.status == SpanStatus.PROPOSED
        ink = QColor(GREY) if relation.status == SpanStatus.REJECTED else readable(
            QColor(colour_of(relation.type)), background, TEXT_CONTRAST)
        line_ink = QColor(ink)
        if not full:
            line_ink.setAlpha(110)
        style = Qt.PenStyle.DotLine if proposed else Qt.PenStyle.DashLine
        pen = QPen(line_ink, 2.6 if chosen else 1.4 if full else 1.0, style)
        layer = SELECTED_LAYER if chosen else RELATION_LAYER if full else FAINT_LAYER
        if not full:
            arcs.append(Arc(head.id or 0, child.id or 0, a, b, pen, layer, arrow=0.7, relation_id=relation.id or 0))
            continue
        font = arc_font(view)
        font.setItalic(proposed)
        font.setStrikeOut(relation.status == SpanStatus.REJECTED)
        font.setBold(chosen)
        frame = QPen(ink, 1.6 if chosen else 1, style if proposed else Qt.PenStyle.SolidLine)
        arcs.append(Arc(head.id or 0, child.id or 0, a, b, pen, layer, relation.type + ("?" if proposed else ""),
                        font, frame, relation_id=relation.id or 0))
        if chosen:
            outline = QPen(ink, 1.5, Qt.PenStyle.DashLine)
            outlines += [Outline(QRectF(box.adjusted(-3, -1, 3, 1)), outline)
                         for span in (head, child) for box in span_outline(view, span)]
    return arcs, outlines


def paint_pick(view: ArticleView, painter: QPainter, head: Span, candidates: Sequence[Span]) -> list[QRectF]:
    """A relation being made: its head outlined, each candidate with the number picking it in a
    badge just inside its start, on its own line (over nothing but the span). The badges."""
    ink = view.palette().highlight().color()
    painter.setPen(QPen(ink, 2, Qt.PenStyle.DashLine))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for outline in span_outline(view, head):
        painter.drawRoundedRect(QRectF(outline.adjusted(-3, -2, 3, 2)), 3, 3)
    font = arc_font(view)
    font.setBold(True)
    painter.setFont(font)
    size = QFontMetrics(font).height()
    badges = []
    text = view.workspace.document.text if view.workspace.document else ""
    for number, span in enumerate(candidates, start=1):
        box = span_box(view, span)  # its first line
        # On an Arabic line, just inside its first letter, its rightmost; elsewhere inside its
        # left end (Arabic in an English line has its tag's gap at its right).
        rtl = view.right_to_left(span.start) and span.start < len(text) and unicodedata.bidirectional(
            text[span.start]) in ("R", "AL")
        x = max(box.left(), box.right() - size - 1) if rtl else box.left() + 1
        badge = QRectF(x, box.top() + (box.height() - size) / 2, size, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(ink)
        painter.drawEllipse(badge)
        painter.setPen(view.palette().highlightedText().color())
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, str(number))
        badges.append(badge)
    return badges
