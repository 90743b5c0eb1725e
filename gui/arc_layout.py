"""Laying out and drawing the arcs over the text, the relations' and the current event's
together, brat-like: up from one span, level, and down to the other with an arrow, the label on
the level part.

Laid out together, a relation and an event arc over the same words take different levels, so
their labels do not meet; the shortest arcs are placed first and lowest, and an arc on one line
rises only as many levels as the arcs under it need, however far apart its ends are. A label
that would overlap one placed before slides along its arc's level part, else the arc rises a
level. The text has no room between its lines, so a label sits in the lower part of the line
above. Lines are drawn first and labels after them, each in ``layer`` order (the selected
relation and the current span's over the event's arcs, those over faint relations): no line
crosses a label, and what is selected is never under anything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

# The lowest arcs run just above their line's top, under the line above's baseline (its
# descenders only), where an arc crosses the least text.
BASE = 3.0  # how far the lowest labelled arc rises above its line's top, in pixels
FAINT = 2.0  # an unlabelled (faint) relation's rise
LEVEL = 12.0  # each level higher (a label's height, so labels on levels one above another do not meet)
CORNER = 5.0
MAX_RISE = 6  # levels an arc may climb to keep its label clear
PAD = 6.0  # room around a label's text

FAINT_LAYER, EVENT_LAYER, RELATION_LAYER, SELECTED_LAYER = range(4)


@dataclass(eq=False)
class Arc:
    """One arc: its ends (span ids and their boxes, viewport coordinates), how it is drawn, and,
    once laid out, its anchor points, the height of its level part and its label's box."""

    head: int
    child: int
    head_box: QRect
    child_box: QRect
    pen: QPen
    layer: int
    label: str = ""  # none: a faint arc
    font: QFont = field(default_factory=QFont)
    frame: QPen | None = None  # a framed label (relations); role names are not framed
    arrow: float = 1.0
    relation_id: int = 0  # the relation drawn, 0 for an event's arc
    start: QPointF = field(default_factory=QPointF)
    end: QPointF = field(default_factory=QPointF)
    top: float = 0.0
    tag: QRectF = field(default_factory=QRectF)
    path: QPainterPath = field(default_factory=QPainterPath)

    @property
    def ink(self) -> QColor:
        """The arc's colour."""
        return self.pen.color()


@dataclass(frozen=True, slots=True)
class Outline:
    """A box drawn round a span under the arcs (an event's trigger and arguments, the ends of
    the selected relation)."""

    box: QRectF
    pen: QPen


def _anchor(arcs: Sequence[Arc]) -> None:
    """Anchor points on the ends' top edges; a span several arcs end at shares its width out
    among them, in the order of their other ends, so their lines do not run together."""
    at: dict[int, list[tuple[float, Arc, bool]]] = {}
    for arc in arcs:
        at.setdefault(arc.head, []).append((arc.child_box.center().x(), arc, True))
        at.setdefault(arc.child, []).append((arc.head_box.center().x(), arc, False))
    for ends in at.values():
        ends.sort(key=lambda e: (e[0], e[1].layer))
        for number, (_, arc, is_head) in enumerate(ends, start=1):
            box = arc.head_box if is_head else arc.child_box
            x = box.center().x() if len(ends) == 1 else box.left() + box.width() * number / (len(ends) + 1)
            if is_head:
                arc.start = QPointF(x, box.top())
            else:
                arc.end = QPointF(x, box.top())


def _label_box(arc: Arc, top: float, left: float, right: float, taken: list[QRectF],
               spared: Sequence[QRectF] = ()) -> QRectF | None:
    """Where the label goes on the level part at ``top``: the middle, else the nearest place
    along it that overlaps no label ``taken`` (and, where there is such a place, none of the
    boxes ``spared``: the span tags of the line above); None when there is none."""
    metrics = QFontMetricsF(arc.font)
    width, height = metrics.horizontalAdvance(arc.label) + PAD, metrics.height()
    middle = (left + right) / 2
    lo, hi = left + CORNER + width / 2, right - CORNER - width / 2
    step = max(2.0, (hi - lo) / 24)
    places = [middle] + [middle + sign * k * step for k in range(1, 13) for sign in (-1, 1)
                         if lo <= middle + sign * k * step <= hi] + ([lo, hi] if lo < hi else [])
    boxes = [QRectF(x - width / 2, top - height / 2, width, height) for x in places]
    free = [box for box in boxes if not any(box.intersects(other.adjusted(-1, -1, 1, 1)) for other in taken)]
    clear = [box for box in free if not any(box.intersects(other) for other in spared)]
    chosen = clear or free
    return chosen[0] if chosen else None


def _path(start: QPointF, end: QPointF, top: float) -> QPainterPath:
    sign = 1.0 if end.x() >= start.x() else -1.0
    corner = max(0.0, min(CORNER, abs(end.x() - start.x()) / 2, start.y() - top, end.y() - top))
    path = QPainterPath(start)
    path.lineTo(start.x(), top + corner)
    path.quadTo(start.x(), top, start.x() + sign * corner, top)
    path.lineTo(end.x() - sign * corner, top)
    path.quadTo(end.x(), top, end.x(), top + corner)
    path.lineTo(end)
    return path


def place(arcs: Sequence[Arc], ceiling: float, spared: Sequence[QRectF] = ()) -> None:
    """Lay the arcs out (see the module's words); none rises above ``ceiling`` (the viewport's
    top, where a label would be cut off), and labels keep off the boxes ``spared`` (the span
    tags) where they can without rising."""
    _anchor(arcs)
    levels: list[tuple[float, float, float, int]] = []  # labelled arcs: (line top, left x, right x, level)
    taken: list[QRectF] = []
    for arc in sorted(arcs, key=lambda a: (abs(a.end.x() - a.start.x()) + abs(a.end.y() - a.start.y()), -a.layer)):
        line = min(arc.start.y(), arc.end.y())
        left, right = sorted((arc.start.x(), arc.end.x()))
        if not arc.label:
            arc.top, arc.tag = max(line - FAINT, ceiling), QRectF()
            arc.path = _path(arc.start, arc.end, arc.top)
            continue
        level = 1 + max((lv for y, lo, hi, lv in levels if abs(y - line) < 4 and lo < right and left < hi), default=-1)
        box = None
        for rise in range(MAX_RISE):
            arc.top = max(line - BASE - (level + rise) * LEVEL, ceiling)
            box = _label_box(arc, arc.top, left, right, taken, spared)
            if box is not None or arc.top == ceiling:
                level += rise
                break
        if box is None:  # nowhere clear (against the viewport's top): in the middle, over the others
            metrics = QFontMetricsF(arc.font)
            width, height = metrics.horizontalAdvance(arc.label) + PAD, metrics.height()
            box = QRectF((left + right - width) / 2, arc.top - height / 2, width, height)
        levels.append((line, left, right, level))
        taken.append(box)
        arc.tag = box
        arc.path = _path(arc.start, arc.end, arc.top)


def paint_overlay(painter: QPainter, background: QColor, outlines: Sequence[Outline], arcs: Sequence[Arc],
                  ceiling: float, spared: Sequence[QRectF] = ()) -> list[Arc]:
    """Lay out (see ``place``) and draw: the outlines, then every arc's line, then every
    label, each in layer order. The arcs in the order they were drawn."""
    place(arcs, ceiling, spared)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for outline in outlines:
        painter.setPen(outline.pen)
        painter.drawRoundedRect(outline.box, 3, 3)
    ordered = sorted(arcs, key=lambda a: a.layer)
    for arc in ordered:
        painter.setPen(arc.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(arc.path)
        _arrow(painter, arc.end, arc.ink, arc.arrow)
    for arc in ordered:
        if not arc.label:
            continue
        painter.setPen(arc.frame if arc.frame is not None else Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(arc.tag, 4, 4)
        painter.setFont(arc.font)
        painter.setPen(arc.ink)
        painter.drawText(arc.tag, Qt.AlignmentFlag.AlignCenter, arc.label)
    return ordered


def _arrow(painter: QPainter, tip: QPointF, colour: QColor, scale: float) -> None:
    path = QPainterPath(tip)
    path.lineTo(tip + QPointF(-3.5 * scale, -5.5 * scale))
    path.lineTo(tip + QPointF(3.5 * scale, -5.5 * scale))
    path.closeSubpath()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPath(path)
