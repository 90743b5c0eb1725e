"""A whole annotation session driven by key presses, then the file checked row by row."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotate.model import DocStatus, SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedSpan
from store import open_project
from tests.conftest import ARABIC_TEXT, EMOJI_TEXT
from tests.gui.conftest import write_project

ARTICLE = "Kerry will meet Putin in Moscow on Thursday, officials said."
SRC = "model:test@1.0"


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def key(window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.article, k, modifier)


def test_full_session_by_keyboard(make_window, project_path: Path, qtbot) -> None:
    write_project(project_path, [{"text": ARTICLE}, {"text": EMOJI_TEXT}, {"text": ARABIC_TEXT}])
    with open_project(project_path) as store:
        from annotate.session import Session

        proposals = [ProposedSpan(*at(ARTICLE, w), label, SRC) for w, label in
                     (("Kerry", "PERSON"), ("Putin", "ORG"), ("Moscow", "GPE"), ("officials", "PERSON"))]
        Session(store).store_proposals({1: [DocumentProposals(1, tuple(proposals))]}, [SRC])

    window = make_window(project_path)
    ws = window.workspace
    assert ws.document.id == 1
    assert ws.current_span().text_in(ARTICLE) == "Kerry"  # the first proposal is current

    key(window, Qt.Key.Key_A)                               # accept Kerry → moves to Putin
    assert ws.current_span().text_in(ARTICLE) == "Putin"
    key(window, Qt.Key.Key_1)                               # relabel Putin: ORG → PERSON
    key(window, Qt.Key.Key_Return)                          # accept it
    assert ws.current_span().text_in(ARTICLE) == "Moscow"
    key(window, Qt.Key.Key_Tab)                             # step over Moscow
    assert ws.current_span().text_in(ARTICLE) == "officials"
    key(window, Qt.Key.Key_X)                               # reject "officials"
    key(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    key(window, Qt.Key.Key_Tab)
    # Select part of "Thursday" with Shift+arrows and give it a label: it snaps to the token.
    start = ARTICLE.index("Thursday") + 2
    window.article.select(start, start)
    for _ in range(3):
        key(window, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    key(window, Qt.Key.Key_7)                               # DATE
    thursday = ws.current_span()
    assert (thursday.text_in(ARTICLE), thursday.label, thursday.source) == ("Thursday", "DATE", "user")
    # Resize Moscow to "Moscow on Thursday" and back by one token.
    ws.set_current(next(s.id for s in ws.spans.values() if s.label == "GPE"))
    key(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.current_span().text_in(ARTICLE) == "Moscow on"
    key(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.current_span().text_in(ARTICLE) == "Moscow"
    moscow = ws.current_span()
    assert moscow.status == SpanStatus.ACCEPTED  # a resized proposal is a decided one
    steps = ws.undo_stack.count()
    key(window, Qt.Key.Key_A)  # accepting it again changes nothing: no undo step, no log row
    assert ws.undo_stack.count() == steps
    # Undo the last resize, redo it.
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ws.spans[moscow.id].text_in(ARTICLE) == "Moscow on"
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert ws.spans[moscow.id].text_in(ARTICLE) == "Moscow" and ws.spans[moscow.id].status == SpanStatus.ACCEPTED
    assert window.documents.model.rows[0].accepted == 4

    key(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # done → next article
    assert ws.document.id == 2

    # Across an emoji: select "Beira 🙏" by mouse-equivalent cursor selection and label it.
    s, _ = at(EMOJI_TEXT, "Beira")
    _, e = at(EMOJI_TEXT, "🙏")
    window.article.select(s, e)
    key(window, Qt.Key.Key_3)                               # GPE
    assert ws.current_span().text_in(EMOJI_TEXT) == "Beira 🙏"
    # Character mode (Alt+key): no snapping, even inside a word.
    g, _ = at(EMOJI_TEXT, "Graça")
    window.article.select(g, g + 3)
    key(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert ws.current_span().text_in(EMOJI_TEXT) == "Gra"
    key(window, Qt.Key.Key_Delete)                          # a user span is deleted, not rejected
    key(window, Qt.Key.Key_PageDown)
    assert ws.document.id == 3

    # Arabic: a partial selection snaps to the whole word.
    a, _ = at(ARABIC_TEXT, "القاهرة")
    window.article.select(a + 1, a + 3)
    key(window, Qt.Key.Key_3)
    assert ws.current_span().text_in(ARABIC_TEXT) == "القاهرة"
    key(window, Qt.Key.Key_S)                               # skip

    # Undo across articles: the Arabic span's creation is undone on article 3, then redone.
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # un-skip
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)   # un-create
    assert ws.document.id == 3 and not ws.spans
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    window.close()
    window.session.repo.close()

    with open_project(project_path) as store:
        spans = {
            d: [(store.document(d).text[s.start:s.end], s.label, str(s.status), s.source) for s in store.spans(d)]
            for d in (1, 2, 3)
        }
        assert spans[1] == [
            ("Kerry", "PERSON", "accepted", SRC),
            ("Putin", "PERSON", "accepted", SRC),
            ("Moscow", "GPE", "accepted", SRC),
            ("Thursday", "DATE", "accepted", "user"),
            ("officials", "PERSON", "rejected", SRC),
        ]
        assert spans[2] == [("Beira 🙏", "GPE", "accepted", "user")]
        assert spans[3] == [("القاهرة", "GPE", "accepted", "user")]
        assert [store.document(d).status for d in (1, 2, 3)] == [DocStatus.DONE, DocStatus.IN_PROGRESS, DocStatus.SKIPPED]
        log = [(r["action"], r["kind"]) for r in store.action_log() if r["action"] != "import"]
        assert ("resize_span", "undo") in log and log.count(("create_span", "do")) >= 3


def test_accept_all_is_one_undo_step(make_window, project_path: Path) -> None:
    write_project(project_path, [{"text": ARTICLE}])
    with open_project(project_path) as store:
        from annotate.session import Session

        spans = tuple(ProposedSpan(*at(ARTICLE, w), "PERSON", SRC) for w in ("Kerry", "Putin"))
        Session(store).store_proposals({1: [DocumentProposals(1, spans)]}, [SRC])
    window = make_window(project_path)
    key(window, Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier)
    assert {s.status for s in window.workspace.spans.values()} == {SpanStatus.ACCEPTED}
    key(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert {s.status for s in window.workspace.spans.values()} == {SpanStatus.PROPOSED}
    assert window.workspace.document.status == DocStatus.NEW


def test_whitespace_selection_is_refused_with_a_message(make_window, project_path: Path, qtbot) -> None:
    write_project(project_path, [{"text": "Kerry   met Putin."}])
    window = make_window(project_path)
    window.article.select(6, 7)
    key(window, Qt.Key.Key_1)
    assert window.workspace.spans == {}
    assert "whitespace" in window.statusBar().currentMessage()
