"""Starting the window: the application object, settings, open windows, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported where it is used: the frame must appear before anything else
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QWidget

    from gui.frame import Frame
    from gui.main_window import MainWindow

from annotate.errors import AnnotaryError
from annotate.paths import data_dir

RECENT_MAX = 10


def run_window(
    project: Path | None,
    screenshot: Path | None = None,
    document: int | None = None,
    propose_ahead: bool = True,
    dark: bool | None = None,
    exit_after_paint: bool = False,
) -> int:
    """Open the window on ``project`` (the default project when None) and run until closed.
    With ``screenshot``, render offscreen to that PNG and return instead. With
    ``exit_after_paint``, print ``painted`` once the article is first drawn and quit (start-up
    timing for benchmarks and the self-test)."""
    if screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui.theme import apply_theme

    found = QApplication.instance()
    app = found if isinstance(found, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Annotary")
    app.setOrganizationName("Annotary")
    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    if dark is not None:
        settings.setValue("dark", dark)
    apply_theme(app, bool(settings.value("dark", False, type=bool)))
    controller = WindowController(settings, propose_ahead and screenshot is None)
    sys.excepthook = controller.report_fault
    if screenshot is not None:
        window = controller.open(project)
        if window is None:
            return 1
        if document is not None:
            window.open_document(document)
        for _ in range(3):
            app.processEvents()
        window.article.highlighter.finish()
        app.processEvents()
        ok = window.grab().save(str(screenshot))
        window.close()
        return 0 if ok else 1
    frame = controller.open_framed(project, exit_after_paint)
    if frame is None:
        return 1
    return app.exec()


class WindowController:
    """Keeps the open windows and the recent-projects list."""

    def __init__(self, settings: QSettings, propose_ahead: bool) -> None:
        self.settings = settings
        self.propose_ahead = propose_ahead
        self.windows: list[QWidget] = []

    def report_fault(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """An exception no handler caught (in a slot or an event): one line on stderr and in
        the status bar of the open windows, the traceback in the log; the window goes on."""
        from annotate.fault_log import report_line

        if isinstance(exc, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        line = report_line(exc.with_traceback(tb), "window")
        print(f"error: {line}", file=sys.stderr, flush=True)
        for window in self.windows:
            inner = window.content() if hasattr(window, "content") else window
            status = getattr(inner, "show_fault", None)
            if status is not None:
                status(line)

    def open_framed(self, project: Path | None, exit_after_paint: bool = False) -> Frame | None:
        """Show a frame at once and fill it with the project's window after its first paint.
        With ``exit_after_paint``, print ``frame painted`` and ``painted`` (the article) and quit."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        from gui.frame import Frame

        frame = Frame(project.name if project is not None else "the default project")

        def fill() -> None:
            window = self.open(project, show=False)
            if window is None:  # the message has been shown
                frame.close()
                QApplication.exit(1)
                return
            if exit_after_paint:
                def painted() -> None:
                    print("painted", flush=True)
                    QTimer.singleShot(0, frame.close)

                window.article.firstPainted.connect(painted)
            self._wire(frame, window)
            if not exit_after_paint:
                window.warn_if_open_elsewhere()

        def frame_painted() -> None:
            if exit_after_paint:
                print("frame painted", flush=True)
            QTimer.singleShot(0, fill)  # after the paint has reached the screen

        frame.painted.connect(frame_painted)
        frame.show()
        self.windows.append(frame)
        return frame

    def _wire(self, frame: Frame, window: MainWindow) -> None:
        """Put a project's window in its frame; File > Open from it replaces the frame."""
        window.openRequested.disconnect()
        window.openRequested.connect(lambda path: self._switch(frame, Path(path)))
        frame.set_content(window)

    def open(self, project: Path | None, show: bool = True) -> MainWindow | None:
        """A window on a project (created with the samples when it is the default one)."""
        from annotate.session import Session
        from gui.main_window import MainWindow
        from gui.pickers import Messages
        from store import open_project
        from store.default_project import open_default_project

        try:
            store = open_default_project() if project is None else open_project(project)
        except AnnotaryError as exc:
            Messages.warn(None, "Cannot open the project", str(exc))
            return None
        window = MainWindow(Session(store), store.path, self.settings, self.propose_ahead)
        window.openRequested.connect(lambda path, old=window: self._switch(old, Path(path)))
        self._remember(store.path)
        if show:
            window.show()
            self.windows.append(window)
        return window

    def _switch(self, old: QWidget, path: Path) -> None:
        """Open another project in a new window and close the old one (kept if that fails)."""
        from gui.frame import Frame

        window = self.open(path, show=False)
        if window is None:
            return
        frame = Frame(path.name)
        self._wire(frame, window)
        frame.show()
        self.windows.append(frame)
        window.warn_if_open_elsewhere()
        old.close()
        if old in self.windows:
            self.windows.remove(old)

    def _remember(self, path: Path) -> None:
        here = str(path.resolve())
        known = self.settings.value("recent", [], type=list)
        earlier = [p for p in known if p != here] if isinstance(known, list) else []
        self.settings.setValue("recent", [here, *earlier][:RECENT_MAX])
