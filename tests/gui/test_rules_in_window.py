"""The domain's rules as the window applies them: undo after a restart, the question before
marking done an article with unreviewed proposals, a key that changes nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotate.model import DocStatus, SpanStatus
from gui.main_window import MainWindow
from gui.pickers import Messages
from store import open_project
from tests.gui.test_faults import with_proposals


def press(window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.article, key, modifier)


def test_undo_after_a_restart_undoes_the_last_action(make_window, project_path: Path) -> None:
    window = make_window(with_proposals(project_path))
    kerry = window.workspace.current
    press(window, Qt.Key.Key_A)
    putin = window.workspace.current
    press(window, Qt.Key.Key_X)  # reject Putin
    window.close()
    window.session.repo.close()

    again = make_window(project_path)  # as after a crash: nothing but the file
    ws = again.workspace
    assert ws.undo_stack.canUndo() and not ws.undo_stack.canRedo()
    press(again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.spans[putin].status == SpanStatus.PROPOSED and ws.spans[kerry].status == SpanStatus.ACCEPTED
    press(again, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.spans[kerry].status == SpanStatus.PROPOSED
    again.close()
    again.session.repo.close()

    third = make_window(project_path)  # the two undos are redo-able after a restart too
    ws = third.workspace
    assert ws.undo_stack.canRedo()
    press(third, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    with open_project(project_path, readonly=True) as store:
        assert store.span(kerry).status == SpanStatus.ACCEPTED and store.span(putin).status == SpanStatus.PROPOSED


def answer(monkeypatch, choice: str) -> list[str]:
    asked: list[str] = []

    def choose(cls, parent, title, text, choices):
        asked.append(text)
        assert choice in choices
        return choice

    monkeypatch.setattr(Messages, "choose", classmethod(choose))
    return asked


def test_marking_done_with_unreviewed_proposals_asks(make_window, project_path: Path, monkeypatch) -> None:
    window = make_window(with_proposals(project_path))
    ws = window.workspace
    asked = answer(monkeypatch, MainWindow.CANCEL)
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and "3 proposal(s)" in asked[0]
    assert ws.document.id == 1 and ws.document.status == DocStatus.NEW

    ws.step(1)
    answer(monkeypatch, MainWindow.REVIEW)
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    first = min(ws.spans.values(), key=lambda s: s.start)
    assert ws.current == first.id and ws.document.status == DocStatus.NEW

    answer(monkeypatch, MainWindow.ACCEPT_ALL)
    press(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert ws.document.id == 2  # moved on
    with open_project(project_path, readonly=True) as store:
        assert store.document(1).status == DocStatus.DONE
        assert {s.status for s in store.spans(1)} == {SpanStatus.ACCEPTED}
    press(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # one undo step
    with open_project(project_path, readonly=True) as store:
        assert store.document(1).status == DocStatus.NEW
        assert {s.status for s in store.spans(1)} == {SpanStatus.PROPOSED}


def test_a_key_that_changes_nothing_adds_no_undo_step(make_window, project_path: Path) -> None:
    window = make_window(with_proposals(project_path))
    ws = window.workspace
    press(window, Qt.Key.Key_A)
    ws.set_current(min(ws.spans.values(), key=lambda s: s.start).id)  # back to Kerry, accepted
    steps = ws.undo_stack.count()
    with open_project(project_path, readonly=True) as store:
        rows = len(store.action_log())
    press(window, Qt.Key.Key_A)
    assert ws.undo_stack.count() == steps
    with open_project(project_path, readonly=True) as store:
        assert len(store.action_log()) == rows
