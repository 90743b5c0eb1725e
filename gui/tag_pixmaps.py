"""Label tags drawn once per (label, status, size) and then blitted: drawing rounded boxes and
text for hundreds of tags on every repaint cost more than all of Qt's own text painting."""

from __future__ import annotations

from math import ceil

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

from annotate.model import SpanStatus

GREY = "#8a8a8a"
TEXT_CONTRAST = 4.5  # WCAG's for text: what arcs and their labels drawn on the background keep


class TagPixmaps:
    """A cache of rendered tags; ``clear`` after a font or screen change."""

    def __init__(self) -> None:
        self._cache: dict[tuple, QPixmap] = {}

    def clear(self) -> None:
        """Forget every rendered tag."""
        self._cache.clear()

    def get(self, label: str, status: SpanStatus, colour: str, font: QFont, size: tuple[float, float],
            pad: float, ratio: float, background: QColor, mention: bool = False) -> QPixmap:
        """The tag for a label in a status, ``size`` (width, height) in device-independent pixels,
        readable on ``background``; a ``mention``'s (an argument that is no name) is outlined,
        never filled."""
        key = (label, status, colour, round(size[0]), round(size[1]), ratio, background.rgb(), mention)
        pixmap = self._cache.get(key)
        if pixmap is None:
            ink = readable(QColor(colour), background)
            pixmap = self._cache[key] = _render(label, status, ink, font, size, pad, ratio, mention)
        return pixmap


def readable(colour: QColor, background: QColor, contrast: float = 0.0) -> QColor:
    """The label colour, darkened or lightened until it stands out from the background (pale
    labels such as CARDINAL's pink vanish on white otherwise). With ``contrast``, for text
    drawn straight on the background (arc labels), mixed further toward black or white until
    it has that contrast ratio (WCAG's; navy on a dark theme's black has 1.6)."""
    if abs(colour.lightnessF() - background.lightnessF()) < 0.3:
        colour = colour.darker(170) if background.lightnessF() > 0.5 else colour.lighter(170)
    if contrast_ratio(colour, background) >= contrast:
        return colour
    toward = QColor("#000000") if background.lightnessF() > 0.5 else QColor("#ffffff")
    for step in range(1, 11):
        share = step / 10
        mixed = QColor.fromRgbF(*(a + (b - a) * share for a, b in zip(_rgb(colour), _rgb(toward), strict=True)))
        if contrast_ratio(mixed, background) >= contrast:
            return mixed
    return toward


def _rgb(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


def contrast_ratio(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio of two colours, 1 (the same) to 21 (black and white)."""
    def luminance(colour: QColor) -> float:
        channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _render(label: str, status: SpanStatus, colour: QColor, font: QFont, size: tuple[float, float],
            pad: float, ratio: float, mention: bool = False) -> QPixmap:
    width, height = size
    pixmap = QPixmap(ceil((width + 1) * ratio), ceil((height + 1) * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(font)
    box = QRectF(0.5, 0.5, width, height)
    if status == SpanStatus.ACCEPTED and mention:  # outlined: no name, no entity
        painter.setPen(QPen(colour, 1.2, Qt.PenStyle.SolidLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        text_colour = colour
    elif status == SpanStatus.ACCEPTED:
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
