"""Windows on real project files, offscreen, with QSettings in a temp file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import srsly
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotate.session import Session
from gui.main_window import MainWindow
from store import open_project
from store.default_project import create_or_open
from annotate.resources import builtin_schema


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings) -> Callable[..., MainWindow]:
    """Open a window on a project file; closed (and its file released) after the test."""
    opened: list[MainWindow] = []

    def make(path: Path, propose_ahead: bool = False) -> MainWindow:
        store = open_project(path)
        window = MainWindow(Session(store), path, settings, propose_ahead=propose_ahead)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        window.article.setFocus()
        opened.append(window)
        return window

    yield make
    for window in opened:
        if window.worker is not None:
            window.worker.wait(60000)
        window.close()
        window.session.repo.close()


def write_project(path: Path, tasks: list[dict]) -> Path:
    """A project with the news-ace schema holding JSONL tasks."""
    source = path.parent / f"{path.stem}-tasks.jsonl"
    srsly.write_jsonl(source, tasks)
    with create_or_open(path, builtin_schema("news-ace")) as store:
        Session(store).import_paths([source])
    return path
