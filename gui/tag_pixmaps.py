"""Label tags drawn once per (label, status, size) and then blitted: drawing rounded boxes and
text for hundreds of tags on every repaint cost more than all of Qt's own text painting."""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

from annotate.model import SpanStatus

GREY = "#8a8a8a"


class TagPixmaps:
    """A cache of rendered tags; ``clear`` after a font or screen change."""

    def __init__(self) -> None:
        self._cache: dict[tuple, QPixmap] = {}

    def clear(self) -> None:
        """Forget every rendered tag."""
        self._cache.clear()

    def get(self, label: str, status: SpanStatus, colour: str, font: QFont, size: tuple[float, float],
            pad: float, ratio: float, background: QColor) -> QPixmap:
        """The tag for a label in a status, ``size`` (width, height) in device-independent pixels,
        readable on ``background``."""
        key = (label, status, colour, round(size[0]), round(size[1]), ratio, background.rgb())
        pixmap = self._cache.get(key)
        if pixmap is None:
            ink = readable(QColor(colour), background)
            pixmap = self._cache[key] = _render(label, status, ink, font, size, pad, ratio)
        return pixmap


def readable(colour: QColor, background: QColor) -> QColor:
    """The label colour, darkened or lightened until it stands out from the background (pale
    labels such as CARDINAL's pink vanish on white otherwise)."""
    if abs(colour.lightnessF() - background.lightnessF()) >= 0.3:
        return colour
    return colour.darker(170) if background.lightnessF() > 0.5 else colour.lighter(170)


def _render(label: str, status: SpanStatus, colour: QColor, font: QFont, size: tuple[float, float],
            pad: float, ratio: float) -> QPixmap:
    width, height = size
    pixmap = QPixmap(ceil((width + 1) * ratio), ceil((height + 1) * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    box = QRectF(0.5, 0.5, width, height)
    if status == SpanStatus.ACCEPTED:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        text_colour = QColor("#000000") if colour.lightnessF() > 0.55 else QColor("#ffffff")
    else:
        style = Qt.PenStyle.DashLine if status == SpanStatus.PROPOSED else Qt.PenStyle.DotLine
        painter.setPen(QPen(colour, 1, style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_colour = colour if status == SpanStatus.PROPOSED else QColor(GREY)
    painter.drawRoundedRect(box, 3, 3)
    painter.setPen(text_colour)
    painter.drawText(box.adjusted(pad / 2 - 1, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)
    painter.end()
    return pixmap
