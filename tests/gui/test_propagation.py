"""Label all occurrences and proposals in score order, in the real window (offscreen): keys as
the annotator presses them, spans as the project stores them and the article draws them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtTest import QTest

from annotate.model import SOURCE_PROPAGATION, DocStatus, SpanStatus
from annotate.operations import mark_done
from annotate.propagation import SCORE_OTHER_DOCUMENT, SCORE_SAME_DOCUMENT
from annotate.proposals.types import DocumentProposals, ProposedSpan
from annotate.session import Session
from gui.cheatsheet import CheatSheet
from gui.main_window import MainWindow
from store import open_project
from tests.gui.conftest import write_project

ARTICLE = "Obama met Putin in Moscow. Later Obama flew home 🌊; Obama's aide stayed in Moscow."
OTHER = "Putin phoned Obama. Obamacare was not discussed."
SRC = "model:test@1.0"
K, CTRL = Qt.Key, Qt.KeyboardModifier.ControlModifier


def starts(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at != -1:
        found.append(at)
        at = text.find(word, at + 1)
    return found


@pytest.fixture
def window(make_window, project_path: Path) -> MainWindow:
    """Two articles; the first has model proposals with scores: Putin 0.9, the first Obama 0.6,
    the first Moscow none."""
    write_project(project_path, [{"text": ARTICLE}, {"text": OTHER}])
    with open_project(project_path) as store:
        spans = (ProposedSpan(0, 5, "PERSON", SRC, 0.6), ProposedSpan(10, 15, "PERSON", SRC, 0.9),
                 ProposedSpan(19, 25, "GPE", SRC))
        Session(store).store_proposals({1: [DocumentProposals(1, spans)]}, [SRC])
    return make_window(project_path)


def press(window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.article, key, modifier)


def span_id(window: MainWindow, start: int) -> int:
    return next(s.id for s in window.workspace.spans.values() if s.start == start)


def propagated(window: MainWindow, document_id: int) -> list[tuple[int, str, float | None]]:
    return [(s.start, s.label, s.score) for s in window.session.repo.spans(document_id) if s.source == SOURCE_PROPAGATION]


def dashed(window: MainWindow, start: int) -> bool:
    """Whether the article draws the character at ``start`` as a proposal (dashed underline)."""
    view = window.article
    view.highlighter.finish()
    at = view.to_qt(start)
    block = view.document().findBlock(at)
    return any(r.start <= at - block.position() < r.start + r.length
               and r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
               for r in block.layout().formats())


def test_accepting_a_name_proposes_it_elsewhere_drawn_as_proposals_and_ctrl_z_takes_all(window: MainWindow) -> None:
    ws = window.workspace
    others = starts(ARTICLE, "Obama")[1:]
    assert not any(dashed(window, s) for s in others)
    ws.set_current(span_id(window, 0))
    press(window, K.Key_A)
    assert ws.spans[span_id(window, 0)].status == SpanStatus.ACCEPTED
    assert propagated(window, 1) == [(s, "PERSON", SCORE_SAME_DOCUMENT) for s in others]
    assert all(dashed(window, s) for s in others)  # drawn as proposals, after the emoji too
    assert "2 more “Obama” proposed" in window.statusBar().currentMessage()
    assert ws.current_span().start == others[0]  # the best-scored proposal next
    press(window, K.Key_Z, CTRL)  # one undo: the accept and its proposals
    assert propagated(window, 1) == [] and ws.spans[span_id(window, 0)].status == SpanStatus.PROPOSED
    assert not any(dashed(window, s) for s in others)
    assert window.workspace.undo_stack.count() == 1


def test_labelling_a_selection_proposes_its_other_occurrences(window: MainWindow) -> None:
    later = starts(ARTICLE, "Moscow")[1]
    window.article.select(later, later + 6)
    press(window, K.Key_3)  # GPE
    made = [(s.start, s.status) for s in window.session.repo.spans(1) if s.label == "GPE"]
    # The first Moscow has the model's proposal already: it is not proposed twice.
    assert made == [(19, SpanStatus.PROPOSED), (later, SpanStatus.ACCEPTED)]
    window.article.select(33, 38)  # the second Obama, as a new PERSON
    press(window, K.Key_1)
    assert [s for s, *_ in propagated(window, 1)] == [starts(ARTICLE, "Obama")[2]]
    press(window, K.Key_Z, CTRL)
    assert propagated(window, 1) == []


def test_rejecting_proposes_nothing_and_says_what_stays(window: MainWindow) -> None:
    ws = window.workspace
    ws.set_current(span_id(window, 0))
    press(window, K.Key_X)
    assert propagated(window, 1) == []
    ws.set_current(span_id(window, 0))
    press(window, K.Key_A)  # changed their mind: accepted, proposed elsewhere
    ws.set_current(span_id(window, 0))
    press(window, K.Key_X)
    assert [st for st in (s.status for s in window.session.repo.spans(1) if s.source == SOURCE_PROPAGATION)] == [
        SpanStatus.PROPOSED, SpanStatus.PROPOSED]
    assert "2 proposal(s) of the same text stay proposals" in window.statusBar().currentMessage()


def test_label_all_in_the_project_with_its_key(window: MainWindow) -> None:
    ws = window.workspace
    ws.set_current(span_id(window, 0))
    press(window, K.Key_L, CTRL)
    assert window.statusBar().currentMessage() == "Proposed “Obama” as PERSON 3 time(s) in 2 document(s)."
    assert propagated(window, 2) == [(OTHER.index("Obama"), "PERSON", SCORE_OTHER_DOCUMENT)]  # not Obamacare
    assert len(propagated(window, 1)) == 2 and all(dashed(window, s) for s in starts(ARTICLE, "Obama")[1:])
    assert ws.spans[span_id(window, 0)].status == SpanStatus.ACCEPTED
    model = window.documents.model
    assert model.data(model.index(1, 3)) == 1  # the other article's row counts its new proposal
    press(window, K.Key_Z, CTRL)
    assert propagated(window, 1) == propagated(window, 2) == [] and model.data(model.index(1, 3)) == 0
    press(window, K.Key_L, CTRL)
    press(window, K.Key_L, CTRL)  # again: nothing new
    assert window.statusBar().currentMessage() == "Every “Obama” in the project has a span already."


def test_label_all_leaves_a_done_article_alone_and_says_so(window: MainWindow) -> None:
    window.session.apply(mark_done(window.session.repo, 2))  # the other article, reviewed already
    window.workspace.set_current(span_id(window, 0))
    press(window, K.Key_L, CTRL)
    assert window.statusBar().currentMessage() == ("Proposed “Obama” as PERSON 2 time(s) in 1 document(s). "
                                                   "Left out 1 document(s) marked done or skipped.")
    assert propagated(window, 2) == [] and window.session.repo.document(2).status == DocStatus.DONE
    assert len(propagated(window, 1)) == 2


def test_label_all_is_in_the_menu_and_the_shortcut_sheet(window: MainWindow) -> None:
    sheet = CheatSheet(window, window.menus.groups)
    rows = {sheet.table.item(r, 1).text(): sheet.table.item(r, 2).text() for r in range(sheet.table.rowCount())}
    assert rows["Label all occurrences in the project (the current span's text, as its label)"] == "Ctrl+L"
    assert rows["Next span (reading order)"] == "Tab"
    assert any("next proposal by score" in text and keys == "A, Return, Enter" for text, keys in rows.items())


def test_proposals_are_offered_in_score_order_and_tab_stays_in_reading_order(window: MainWindow) -> None:
    ws = window.workspace
    assert ws.current_span().start == 10  # Putin, 0.9: the best first
    press(window, K.Key_Tab)
    assert ws.current_span().start == 19  # Tab: the next span in reading order (Moscow)
    press(window, K.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    press(window, K.Key_A)  # accept Putin (no other Putin here) ...
    assert ws.current_span().start == 0  # ... then Obama, 0.6
    press(window, K.Key_A)  # accept Obama: its two other occurrences come in at 1.0
    obamas = starts(ARTICLE, "Obama")
    assert ws.current_span().start == obamas[1]
    press(window, K.Key_X)
    assert ws.current_span().start == obamas[2]  # the other 1.0 one
    press(window, K.Key_A)
    assert ws.current_span().start == 19  # Moscow, no score, last
