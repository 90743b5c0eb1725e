"""Which key does what, in every focus state of the window: the article, the document search
box, a picker's filter field, the document list. A key typed into a text field is the text
field's; the article keys (Tab, A, Enter, X, label keys...) work everywhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from annotate.model import SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedSpan
from annotate.session import Session
from gui.main_window import MainWindow
from gui.pickers import QuickPicker
from store import open_project
from tests.gui.conftest import write_project

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Kerry will meet Putin in Moscow on Thursday, officials said."
SECOND = "Lavrov flew to Geneva on Monday."
SRC = "model:test@1.0"
NO = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier
K = Qt.Key

# The keys a user types, as a keyboard delivers them: "?" and "A" with Shift, the text with the
# key; Shift+Tab arrives as Key_Backtab with Shift.
TYPED = {char: SHIFT if char in "?A" else NO for char in "axsetv1/?Apr"}
EDITING = {
    "Return": (K.Key_Return, NO), "Enter": (K.Key_Enter, Qt.KeyboardModifier.KeypadModifier),
    "Delete": (K.Key_Delete, NO), "Backspace": (K.Key_Backspace, NO), "Tab": (K.Key_Tab, NO),
    "Backtab": (K.Key_Backtab, SHIFT), "Esc": (K.Key_Escape, NO), "Alt+Left": (K.Key_Left, ALT),
    "Alt+Shift+Right": (K.Key_Right, ALT | SHIFT), "Alt+1": (K.Key_1, ALT),
}


@pytest.fixture
def window(make_window, project_path: Path, monkeypatch, qtlog) -> MainWindow:
    """Two articles; the first has four proposals (Kerry current). Pickers and the cheat sheet
    are recorded instead of shown."""
    write_project(project_path, [{"text": ARTICLE}, {"text": SECOND}])
    with open_project(project_path) as store:
        words = (("Kerry", "PERSON"), ("Putin", "ORG"), ("Moscow", "GPE"), ("officials", "PERSON"))
        spans = tuple(ProposedSpan(ARTICLE.index(w), ARTICLE.index(w) + len(w), label, SRC) for w, label in words)
        Session(store).store_proposals({1: [DocumentProposals(1, spans)]}, [SRC])
    asked: list[str] = []
    monkeypatch.setattr(QuickPicker, "ask", classmethod(lambda _cls, _p, title, _items: asked.append(title)))
    monkeypatch.setattr(MainWindow, "show_cheatsheet", lambda self: asked.append("cheat sheet"))
    win = make_window(project_path)
    win.asked = asked  # type: ignore[attr-defined]
    return win


def state(window: MainWindow) -> tuple:
    """Everything a key could change in the project and the article."""
    repo = window.session.repo
    spans = tuple((s.id, s.start, s.end, s.label, s.status) for d in (1, 2) for s in repo.spans(d))
    docs = tuple(repo.document(d).status for d in (1, 2))
    ws = window.workspace
    return (spans, docs, ws.undo_stack.count(), ws.document.id, ws.current, tuple(window.asked),  # type: ignore[attr-defined]
            window.relations.head)


def press(widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key press and release on the focused widget (QTest derives a printable key's text)."""
    QTest.keyClick(widget, key, modifier)


def focus(window: MainWindow, widget: QWidget, qtbot) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def text_of(window: MainWindow, span_id: int | None) -> str:
    return window.workspace.spans[span_id].text_in(window.workspace.document.text)


def listed(window: MainWindow) -> int | None:
    """The document the list highlights."""
    rows = window.documents.view.selectionModel().selectedRows()
    return window.documents.model.id_at(rows[0].row()) if rows else None


def no_ambiguity(qtlog) -> None:
    messages = [r.message for r in qtlog.records]
    assert not [m for m in messages if "Ambiguous shortcut" in m], messages


# -- the article focused ------------------------------------------------------------------------
def test_article_keys(window: MainWindow, qtbot, qtlog) -> None:
    view, ws = window.article, window.workspace
    focus(window, view, qtbot)
    assert text_of(window, ws.current) == "Kerry"
    press(view, K.Key_Tab)
    assert text_of(window, ws.current) == "Putin"                    # Tab: the next span
    press(view, K.Key_Backtab, SHIFT)
    assert text_of(window, ws.current) == "Kerry"                    # Shift+Tab as Qt sends it
    press(view, K.Key_Backtab, SHIFT)
    assert text_of(window, ws.current) == "officials"                # wraps to the last
    press(view, K.Key_Tab, SHIFT)
    assert text_of(window, ws.current) == "Moscow"                   # Shift+Tab as QTest spells it
    press(view, K.Key_Tab)
    press(view, K.Key_Tab)
    assert text_of(window, ws.current) == "Kerry"
    press(view, K.Key_A)                                             # A: accept, on to the next proposal
    assert ws.spans[1].status == SpanStatus.ACCEPTED and text_of(window, ws.current) == "Putin"
    press(view, K.Key_Return)                                        # Enter: accept
    assert ws.spans[2].status == SpanStatus.ACCEPTED and text_of(window, ws.current) == "Moscow"
    press(view, K.Key_X)                                             # X: reject
    assert ws.spans[3].status == SpanStatus.REJECTED and text_of(window, ws.current) == "officials"
    press(view, K.Key_1)                                             # a label key relabels
    assert ws.spans[4].label == "PERSON" and ws.spans[4].status == SpanStatus.ACCEPTED
    press(view, K.Key_Slash)
    press(view, K.Key_E)
    assert window.asked == ["Label", "Event type"]  # type: ignore[attr-defined]
    press(view, K.Key_Question)  # offscreen, Qt matches "?" only without the Shift that typed it
    assert window.asked[-1] == "cheat sheet"  # type: ignore[attr-defined]
    press(view, K.Key_Escape)                                        # nothing armed: nothing happens
    assert QApplication.focusWidget() is view
    press(view, K.Key_Z, CTRL)
    assert ws.spans[4].status == SpanStatus.PROPOSED                 # Ctrl+Z: undo
    press(view, K.Key_F, CTRL)
    assert QApplication.focusWidget() is window.documents.search     # Ctrl+F: the search box
    no_ambiguity(qtlog)


# -- the search box focused -----------------------------------------------------------------------
@pytest.mark.parametrize("name", list(TYPED))
def test_a_letter_typed_into_the_search_box_is_text(window: MainWindow, qtbot, qtlog, name: str) -> None:
    box = window.documents.search
    focus(window, box, qtbot)
    before = state(window)
    QTest.keyClick(box, name, TYPED[name])
    assert box.text() == name
    assert state(window) == before
    assert QApplication.focusWidget() is box
    no_ambiguity(qtlog)


EXPECTED_IN_BOX = {
    # key: (text after, cursor after, focus after) with "Kyiv" in the box and the cursor after "K"
    "Return": ("Kyiv", 1, "box"), "Enter": ("Kyiv", 1, "box"), "Delete": ("Kiv", 1, "box"),
    "Backspace": ("yiv", 0, "box"), "Tab": ("Kyiv", None, "next"), "Backtab": ("Kyiv", None, "previous"),
    "Esc": ("Kyiv", None, "article"), "Alt+Left": ("Kyiv", None, "box"), "Alt+Shift+Right": ("Kyiv", None, "box"),
    "Alt+1": ("K1yiv", 2, "box"),  # what QLineEdit does with it
}


@pytest.mark.parametrize("name", list(EDITING))
def test_editing_keys_in_the_search_box_edit_or_leave_it(window: MainWindow, qtbot, qtlog, name: str) -> None:
    key, modifier = EDITING[name]
    box = window.documents.search
    box.setText("Kyiv")
    window.workspace.set_current(2)  # Putin: Alt+arrows would move its edges
    focus(window, box, qtbot)
    box.setCursorPosition(1)
    before = state(window)
    press(box, key, modifier)
    text, cursor, where = EXPECTED_IN_BOX[name]
    assert state(window) == before                                   # e.g. Enter accepts nothing
    assert box.text() == text                                        # Esc keeps the search text
    if cursor is not None:
        assert box.cursorPosition() == cursor
    focused = QApplication.focusWidget()
    if where == "box":
        assert focused is box
    elif where == "article":
        assert focused is window.article
    else:
        assert focused is not box and focused is not window.article and window.isAncestorOf(focused)
    if name in ("Return", "Enter"):
        assert window.documents.model.query == "Kyiv"               # Enter searches
    no_ambiguity(qtlog)


def test_window_commands_still_work_from_the_search_box(window: MainWindow, qtbot) -> None:
    box = window.documents.search
    focus(window, box, qtbot)
    press(box, K.Key_PageDown)
    assert window.workspace.document.id == 2                         # PageDown: next article
    press(box, K.Key_PageUp)
    assert window.workspace.document.id == 1
    focus(window, window.article, qtbot)
    press(window.article, K.Key_A)
    focus(window, box, qtbot)
    QTest.keyClicks(box, "Ky")
    press(box, K.Key_Z, CTRL)                                        # Ctrl+Z in the box: the box's undo
    assert box.text() == "" and window.workspace.spans[1].status == SpanStatus.ACCEPTED
    press(box, K.Key_F, CTRL)                                        # Ctrl+F: still the search box
    assert QApplication.focusWidget() is box
    press(box, K.Key_Escape)
    press(window.article, K.Key_Z, CTRL)                             # in the article: the project's
    assert window.workspace.spans[1].status == SpanStatus.PROPOSED


# -- a picker's filter focused --------------------------------------------------------------------
def test_keys_in_a_pickers_filter_are_the_pickers(window: MainWindow, qtbot, qtlog) -> None:
    items = [(lb.name, lb.colour) for lb in window.schema.entity_labels]
    for name in (*TYPED, *EDITING):
        picker = QuickPicker(window, "Label", items)
        qtbot.addWidget(picker)
        picker.show()
        picker.activateWindow()
        qtbot.waitUntil(lambda p=picker: QApplication.activeWindow() is p)
        focus(window, picker.filter, qtbot)
        before = state(window)
        if name in TYPED:
            QTest.keyClick(picker.filter, name, TYPED[name])
        else:
            press(picker.filter, *EDITING[name])
        assert state(window) == before, name
        if name in TYPED:
            assert picker.filter.text() == name and picker.isVisible()
        elif name in ("Return", "Enter"):
            assert picker.result() == QDialog.DialogCode.Accepted and not picker.isVisible()
        elif name == "Esc":
            assert picker.result() == QDialog.DialogCode.Rejected and not picker.isVisible()
        elif name in ("Tab", "Backtab"):
            assert picker.isVisible() and picker.isAncestorOf(QApplication.focusWidget())
        picker.close()
    no_ambiguity(qtlog)


# -- the document list focused --------------------------------------------------------------------
def test_article_keys_work_from_the_document_list(window: MainWindow, qtbot, qtlog) -> None:
    table, ws = window.documents.view, window.workspace
    focus(window, table, qtbot)
    press(table, K.Key_Tab)
    assert text_of(window, ws.current) == "Putin"
    press(table, K.Key_Backtab, SHIFT)
    assert text_of(window, ws.current) == "Kerry"
    press(table, K.Key_A)
    assert ws.spans[1].status == SpanStatus.ACCEPTED
    press(table, K.Key_Return)
    assert ws.spans[2].status == SpanStatus.ACCEPTED
    press(table, K.Key_X)
    assert ws.spans[3].status == SpanStatus.REJECTED
    press(table, K.Key_PageDown)
    assert ws.document.id == 2 and listed(window) == 2
    assert QApplication.focusWidget() is table
    no_ambiguity(qtlog)


# -- the document list follows the open article ---------------------------------------------------
def test_undo_and_redo_into_another_article_select_it_in_the_list(window: MainWindow, qtbot) -> None:
    view, ws = window.article, window.workspace
    focus(window, view, qtbot)
    press(view, K.Key_A)                                             # accept Kerry in article 1
    press(view, K.Key_PageDown)
    assert ws.document.id == 2 and listed(window) == 2
    press(view, K.Key_Z, CTRL)                                       # undo reopens article 1
    assert ws.document.id == 1 and ws.spans[1].status == SpanStatus.PROPOSED
    assert listed(window) == 1
    press(view, K.Key_PageDown)
    assert listed(window) == 2
    press(view, K.Key_Z, CTRL | SHIFT)                               # redo reopens article 1
    assert ws.document.id == 1 and ws.spans[1].status == SpanStatus.ACCEPTED
    assert listed(window) == 1


# -- nothing reaches into another object's insides ----------------------------------------------
WINDOW_PRIVATE = re.compile(r"\b(?:window|window_)\._[a-z]\w*")
ANY_PRIVATE = re.compile(r"\b(\w+)\.(_[a-z]\w*)")
KNOWN: set[tuple[str, str]] = set()  # none left


def gui_lines() -> list[tuple[str, int, str]]:
    return [(path.name, number, line)
            for path in sorted((ROOT / "gui").glob("*.py"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]


def test_no_module_reaches_into_the_windows_privates() -> None:
    offenders = [f"{name}:{number}: {line.strip()}" for name, number, line in gui_lines()
                 if name != "main_window.py" and WINDOW_PRIVATE.search(line)]
    assert offenders == []


def test_no_gui_object_reads_another_objects_private_attributes() -> None:
    offenders = {(name, m.group(0)) for name, _number, line in gui_lines()
                 for m in ANY_PRIVATE.finditer(line) if m.group(1) not in ("self", "cls")}
    assert offenders <= KNOWN, sorted(offenders - KNOWN)


# -- a real keyboard --------------------------------------------------------------------------------
# Offscreen, Qt matches a key event against exactly the key it carries, so the old pair of
# sequences ("Shift+Tab" and "Backtab") never collided there. Through an X server Qt also tries
# the unshifted key, both sequences matched, and Qt fired neither ("Ambiguous shortcut
# overload: Backtab"). This presses keys with XTest on Xvfb, as a keyboard would: Shift+Tab in
# the article, then letters, Enter, Tab and Esc in the search box.
REAL_KEYBOARD = """
import ctypes, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, qInstallMessageHandler
from PySide6.QtWidgets import QApplication
messages = []
qInstallMessageHandler(lambda mode, context, text: messages.append(text))
app = QApplication([])
from annotate.session import Session
from gui.main_window import MainWindow
from store import open_project
path = Path(sys.argv[1])
window = MainWindow(Session(open_project(path)), path, QSettings(sys.argv[2], QSettings.Format.IniFormat), False)
window.show()
window.activateWindow()
def settle():
    for _ in range(30):
        app.processEvents()
        time.sleep(0.01)
settle()
window.article.setFocus()
settle()
x11, xtst = ctypes.cdll.LoadLibrary("libX11.so.6"), ctypes.cdll.LoadLibrary("libXtst.so.6")
x11.XOpenDisplay.restype = ctypes.c_void_p
display = ctypes.c_void_p(x11.XOpenDisplay(None))
code = lambda name: x11.XKeysymToKeycode(display, ctypes.c_ulong(x11.XStringToKeysym(name)))
print("current:", window.workspace.current_span().label, flush=True)
def press(*names):
    for name in names:
        xtst.XTestFakeKeyEvent(display, code(name), 1, 0)
    for name in reversed(names):
        xtst.XTestFakeKeyEvent(display, code(name), 0, 0)
    x11.XFlush(display)
    settle()
press(b"Shift_L", b"Tab")
print("after Shift+Tab:", window.workspace.current_span().label, flush=True)
box = window.documents.search
box.setFocus()
settle()
steps = window.workspace.undo_stack.count()
for keys in ((b"a",), (b"Shift_L", b"slash"), (b"Return",), (b"Tab",)):
    press(*keys)
    box.setFocus()
    settle()
press(b"Escape")
print("in the box:", box.text(), "| undo steps:", window.workspace.undo_stack.count() - steps,
      "| current:", window.workspace.current_span().label,
      "| focus:", QApplication.focusWidget().objectName(), flush=True)
print("ambiguous:", [m for m in messages if "Ambiguous" in m], flush=True)
window.close()
"""


def test_real_keyboard_shift_tab_and_the_search_box(tmp_path: Path) -> None:
    import ctypes.util
    import shutil
    import subprocess
    import sys

    if not shutil.which("xvfb-run") or not ctypes.util.find_library("Xtst"):
        pytest.skip("needs xvfb-run and libXtst to press keys through an X server")
    project = write_project(tmp_path / "p.annotary", [{"text": ARTICLE}])
    with open_project(project) as store:
        spans = tuple(ProposedSpan(ARTICLE.index(w), ARTICLE.index(w) + len(w), label, SRC)
                      for w, label in (("Kerry", "PERSON"), ("Putin", "ORG"), ("Moscow", "GPE")))
        Session(store).store_proposals({1: [DocumentProposals(1, spans)]}, [SRC])
    env = {"ANNOTARY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-c", REAL_KEYBOARD,
         str(project), str(tmp_path / "s.ini")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "current: PERSON" in lines, result.stdout + result.stderr  # Kerry
    assert "after Shift+Tab: GPE" in lines, result.stdout + result.stderr  # back, wrapping to Moscow
    # Typed into the search box: text; Enter searches and accepts nothing; Esc goes back.
    assert "in the box: a? | undo steps: 0 | current: GPE | focus: article" in lines, result.stdout + result.stderr
    assert "ambiguous: []" in lines, result.stdout
