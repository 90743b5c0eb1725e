"""The window keeps its start-up objects out of the garbage collector's way while it is open,
and lets them go when it closes."""

from __future__ import annotations

import gc
from pathlib import Path

from tests.gui.conftest import write_project


def test_heap_is_frozen_while_open_and_released_on_close(make_window, project_path: Path, qtbot) -> None:
    gc.unfreeze()
    write_project(project_path, [{"text": "Kerry met Putin in Moscow."}])
    window = make_window(project_path)
    qtbot.waitUntil(lambda: window.article.has_painted)
    assert gc.get_freeze_count() > 0
    window.close()
    assert gc.get_freeze_count() == 0
