"""The window under faults: a write lock another process holds, a change another process
makes, an exception in a slot. One line in the status bar, never a modal, nothing lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotate.actions import AcceptSpan
from annotate.model import SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedSpan
from annotate.session import Session
from gui.app import WindowController
from store import open_project
from tests.gui.conftest import write_project
from tests.store.test_faults import hold_write_lock

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Kerry will meet Putin in Moscow on Thursday, officials said."
SRC = "model:test@1.0"


def with_proposals(path: Path) -> Path:
    write_project(path, [{"text": ARTICLE}, {"text": "A second article about Geneva."}])
    with open_project(path) as store:
        spans = [ProposedSpan(ARTICLE.index(w), ARTICLE.index(w) + len(w), label, SRC)
                 for w, label in (("Kerry", "PERSON"), ("Putin", "PERSON"), ("Moscow", "GPE"))]
        Session(store).store_proposals({1: [DocumentProposals(1, tuple(spans))]}, [SRC])
    return path


def stored_status(path: Path, span_id: int) -> SpanStatus:
    with open_project(path, readonly=True) as store:
        return store.span(span_id).status


def short_busy_timeout(window) -> None:
    window.session.repo.db.execute("PRAGMA busy_timeout = 200")


def test_a_key_while_another_process_holds_the_lock_says_so_and_is_not_an_undo_step(
    make_window, project_path: Path, qtbot
) -> None:
    window = make_window(with_proposals(project_path))
    short_busy_timeout(window)
    ws = window.workspace
    kerry = ws.current
    holder = hold_write_lock(project_path, 1.5, write=False)
    QTest.keyClick(window.article, Qt.Key.Key_A)
    message = window.statusBar().currentMessage()
    holder.join()
    assert "another process is writing" in message and "\n" not in message
    assert ws.undo_stack.count() == 0
    assert ws.spans[kerry].status == SpanStatus.PROPOSED and ws.current == kerry
    assert stored_status(project_path, kerry) == SpanStatus.PROPOSED
    QTest.keyClick(window.article, Qt.Key.Key_A)  # the lock is free again
    assert ws.undo_stack.count() == 1 and stored_status(project_path, kerry) == SpanStatus.ACCEPTED


def test_an_undo_that_cannot_be_saved_leaves_the_undo_stack_where_it_was(make_window, project_path: Path, qtbot) -> None:
    window = make_window(with_proposals(project_path))
    short_busy_timeout(window)
    ws = window.workspace
    kerry = ws.current
    QTest.keyClick(window.article, Qt.Key.Key_A)
    assert ws.undo_stack.index() == 1
    holder = hold_write_lock(project_path, 1.5, write=False)
    ws.undo_stack.undo()
    qtbot.waitUntil(lambda: ws.undo_stack.index() == 1, timeout=2000)  # put back
    holder.join()
    assert "another process is writing" in window.statusBar().currentMessage()
    assert stored_status(project_path, kerry) == SpanStatus.ACCEPTED
    assert ws.spans[kerry].status == SpanStatus.ACCEPTED
    ws.undo_stack.undo()  # and it can still be undone
    assert ws.undo_stack.index() == 0 and stored_status(project_path, kerry) == SpanStatus.PROPOSED
    ws.undo_stack.redo()
    assert stored_status(project_path, kerry) == SpanStatus.ACCEPTED


def test_the_window_shows_what_another_process_wrote(make_window, project_path: Path, qtbot) -> None:
    window = make_window(with_proposals(project_path))
    ws = window.workspace
    kerry = ws.current
    row = window.documents.model.row_of[1]
    assert window.documents.model.rows[row].accepted == 0
    # A second process: the command line, another window.
    code = (
        "import sys; from annotate.actions import AcceptSpan; from annotate.session import Session; "
        "from store import open_project\n"
        f"with open_project(sys.argv[1]) as s: Session(s).apply(AcceptSpan({kerry}))"
    )
    subprocess.run([sys.executable, "-c", code, str(project_path)], cwd=ROOT, check=True)
    qtbot.waitUntil(lambda: ws.spans[kerry].status == SpanStatus.ACCEPTED, timeout=5000)  # the watch timer
    assert window.documents.model.rows[row].accepted == 1
    assert ws.current == kerry  # where the annotator was
    assert window.refresh_if_changed_elsewhere() is False  # nothing new since


def test_own_writes_do_not_count_as_changes_elsewhere(make_window, project_path: Path) -> None:
    window = make_window(with_proposals(project_path))
    window.session.apply(AcceptSpan(window.workspace.current))
    assert window.refresh_if_changed_elsewhere() is False


def test_an_exception_in_a_slot_is_one_line_and_the_log_keeps_the_traceback(
    make_window, project_path: Path, capsys, isolated_home: Path
) -> None:
    window = make_window(with_proposals(project_path))
    controller = WindowController(window.settings, propose_ahead=False)
    controller.windows.append(window)
    try:
        raise OSError(28, "No space left on device", str(project_path))
    except OSError as exc:
        controller.report_fault(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the disk is full" in err[0] and str(project_path) in err[0]
    assert "details in" in err[0]
    assert "the disk is full" in window.statusBar().currentMessage()
    log = (isolated_home / "logs" / "annotary.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "No space left on device" in log


def test_screenshot_of_a_file_that_is_not_a_project_exits_with_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.annotary"
    bad.write_text("not a database", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "main.py", "gui", str(bad), "--screenshot", str(tmp_path / "x.png")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "notes.annotary" in lines[0] and "not an Annotary project" in lines[0], result.stderr
    assert not (tmp_path / "x.png").exists()


def test_a_full_disk_in_the_window_is_one_line_and_no_undo_step(make_window, project_path: Path) -> None:
    window = make_window(with_proposals(project_path))
    ws = window.workspace
    db = window.session.repo.db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full" for this connection
    kerry = ws.current
    for press in range(400):  # relabel back and forth until a write needs a page it cannot have
        ws.set_current(kerry)
        steps = ws.undo_stack.count()
        QTest.keyClick(window.article, Qt.Key.Key_1 if press % 2 else Qt.Key.Key_2)
        if "disk is full" in window.statusBar().currentMessage():
            break
    message = window.statusBar().currentMessage()
    assert "disk is full" in message and "\n" not in message and "details in" in message
    assert ws.undo_stack.count() == steps  # the failed key is no undo step
    with open_project(project_path, readonly=True) as store:
        assert store.span(kerry).label == ws.spans[kerry].label  # the screen shows what is stored


def test_a_write_to_another_document_keeps_the_selection_and_the_armed_role(make_window, project_path: Path) -> None:
    with_proposals(project_path)
    with open_project(project_path) as store:
        from annotate.actions import CreateTriggeredEvent

        start = ARTICLE.index("meet")
        Session(store).apply(meet := CreateTriggeredEvent(1, "Contact.Meet", start, start + 4))
    window = make_window(project_path)
    ws = window.workspace
    ws.set_current(meet.trigger_span_id)
    QTest.keyClick(window.article, Qt.Key.Key_1)  # arm the first role
    assert window.events.armed == "Entity"
    window.article.select(25, 31)
    code = (
        "import sys; from annotate.actions import CreateSpan; from annotate.session import Session; "
        "from store import open_project\n"
        "with open_project(sys.argv[1]) as s: Session(s).apply(CreateSpan(2, 0, 1, 'PERSON'))"
    )
    subprocess.run([sys.executable, "-c", code, str(project_path)], cwd=ROOT, check=True)
    assert window.refresh_if_changed_elsewhere() is True
    assert window.events.armed == "Entity" and window.article.selection() == (25, 31)
    assert window.documents.model.rows[window.documents.model.row_of[2]].accepted == 1
