"""The top-level window Annotary shows first: painted as soon as Qt is up, before the project,
the store and the window's own modules are loaded, and then filled with the main window.

Python imports are most of the start-up time; showing the frame first means the user sees the
window at once, the way a native program appears, and the article a moment later.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget


class _Placeholder(QLabel):
    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        self.painted.emit()


class Frame(QMainWindow):
    """A window whose content arrives later (``set_content``)."""

    painted = Signal()  # the first paint, while it still says "Opening…"

    def __init__(self, opening: str) -> None:
        super().__init__()
        self.setWindowTitle("Annotary")
        self.resize(1360, 820)
        placeholder = _Placeholder(f"Opening {opening}…")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setEnabled(False)  # drawn in the palette's muted text colour
        placeholder.painted.connect(self._first_paint)
        self.setCentralWidget(placeholder)
        self._painted = False

    def _first_paint(self) -> None:
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def set_content(self, window: QMainWindow) -> None:
        """Put the main window inside the frame; its title becomes the frame's."""
        window.setWindowFlags(Qt.WindowType.Widget)
        self.setCentralWidget(window)
        self.setWindowTitle(window.windowTitle())
        window.windowTitleChanged.connect(self.setWindowTitle)
        window.show()

    def content(self) -> QWidget | None:
        """The main window, once set."""
        widget = self.centralWidget()
        return None if isinstance(widget, _Placeholder) else widget

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        content = self.content()
        if content is not None:
            content.close()  # releases the project's lock and stops the worker
        super().closeEvent(event)
