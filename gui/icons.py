"""Small icons drawn in code (status dots, colour swatches): no image files to ship."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

STATUS_COLOURS = {"new": "#9aa0a6", "in_progress": "#1a73e8", "done": "#188038", "skipped": "#e37400"}


@lru_cache(maxsize=64)
def dot(colour: str, size: int = 12) -> QIcon:
    """A filled circle, in its colour on a selected row too (Qt would tint it with the
    selection's, and a pale colour would look grey)."""
    pixmap = QPixmap(size * 2, size * 2)
    pixmap.setDevicePixelRatio(2)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(1, 1, size - 2, size - 2)
    painter.end()
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)
    return icon


def status_icon(status: str) -> QIcon:
    """The icon of a document status."""
    return dot(STATUS_COLOURS.get(status, "#9aa0a6"))
