"""Train in the loop in the window: a round starts when due, in a child process that is stopped
while the annotator types, and the status bar reports its score."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest

from annotate.loop_training import set_loop
from gui.loop_trainer import LoopTrainer
from store import open_project
from tests.annotate.exports.conftest import build


def process_state(pid: int) -> str:
    """The kernel's one-letter state of a process (T: stopped)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


def test_not_due_starts_nothing(tmp_path: Path, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("ANNOTARY_HOME", str(tmp_path / "home"))
    project = tmp_path / "p.annotary"
    build(project)
    with open_project(project) as store:
        set_loop(store, enabled=False)
        trainer = LoopTrainer(project, store)
        assert not trainer.document_done() and not trainer.running


@pytest.mark.slow
def test_a_due_round_runs_apart_pauses_while_typing_and_reports(tmp_path: Path, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("ANNOTARY_HOME", str(tmp_path / "home"))
    project = tmp_path / "p.annotary"
    build(project)
    with open_project(project) as store:
        set_loop(store, enabled=True, every=5)
        trainer = LoopTrainer(project, store, epochs=1)
        messages: list[str] = []
        trainer.status.connect(messages.append)
        switched: list[str] = []
        trainer.switched.connect(switched.append)
        QCoreApplication.instance().installEventFilter(trainer)
        try:
            assert trainer.document_done() and trainer.running
            assert not trainer.document_done()  # one round at a time
            qtbot.waitUntil(lambda: trainer.process.processId() > 0)
            pid = trainer.process.processId()
            QCoreApplication.sendEvent(trainer, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
            # A key press anywhere in the application goes through the filter:
            assert trainer.paused
            qtbot.waitUntil(lambda: process_state(pid) == "T", timeout=2000)  # signals arrive asynchronously
            trainer.resume_timer.setInterval(50)
            trainer.typing()
            qtbot.waitUntil(lambda: not trainer.paused, timeout=2000)
            qtbot.waitUntil(lambda: process_state(pid) != "T", timeout=2000)
            qtbot.waitUntil(lambda: not trainer.running, timeout=300_000)
        finally:
            QCoreApplication.instance().removeEventFilter(trainer)
        assert messages[0].startswith("Training a project model on")
        assert any(m.startswith("Project model F") for m in messages), messages
        assert store.setting("loop.trained_at") is not None
        assert (store.setting("proposer.model") in switched) == bool(switched)


def test_marking_documents_done_in_the_window_starts_a_due_round(tmp_path: Path, make_window) -> None:
    from tests.gui.conftest import write_project

    project = write_project(tmp_path / "w.annotary", [{"text": f"Article {i}: Kerry met Lavrov in Geneva."} for i in range(4)])
    with open_project(project) as store:
        set_loop(store, enabled=True, every=3)
    window = make_window(project)
    window.done_and_next()
    window.done_and_next()
    assert not window.loop_trainer.running  # two documents done: not yet
    window.done_and_next()
    assert window.loop_trainer.running
    assert window.loop_status.text().startswith("Training a project model on 3 documents")
    assert window.session.repo.setting("loop.trained_at") == "3"  # recorded at the start
    # A key bound to a window action (here A) reaches the filter as a shortcut, not a key press:
    QTest.keyClick(window.article, Qt.Key.Key_A)
    assert window.loop_trainer.paused
    window.close()
    assert not window.loop_trainer.running  # closing the window ends the round


def test_the_loop_dialog_saves_the_settings(tmp_path: Path, make_window) -> None:
    from gui.loop_dialog import LoopDialog
    from tests.gui.conftest import write_project

    project = write_project(tmp_path / "d.annotary", [{"text": f"Article {i}: Kerry met Lavrov."} for i in range(3)])
    window = make_window(project)
    untouched = LoopDialog(window)
    untouched.save()
    assert window.session.repo.setting("loop.enabled") is None  # OK alone keeps the default
    dialog = LoopDialog(window)
    assert not dialog.enabled.isChecked()  # 3 documents: fewer than 20, off by default
    assert "no rounds (off by default below 20 documents" in dialog.about.text()
    dialog.enabled.setChecked(True)
    dialog.every.setValue(2)
    assert "the next round after 2 more." in dialog.about.text()  # follows the choices as they change
    dialog.save()
    repo = window.session.repo
    assert repo.setting("loop.enabled") == "on" and repo.setting("loop.every") == "2"
    assert LoopDialog(window).enabled.isChecked()
    assert any(a.text() == "Train in the &loop…" for a in window.findChildren(type(window.menus.show_rejected)))
