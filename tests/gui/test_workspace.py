"""Reading the neighbouring articles ahead: used when nothing changed, never when something did."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotate.actions import AcceptSpan
from annotate.model import SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedSpan
from annotate.session import Session
from store import open_project
from tests.gui.conftest import write_project

TEXTS = ["Kerry met Putin in Moscow.", "Lavrov flew to Geneva on Monday.", "Talks resumed in Vienna."]


def _with_proposals(path: Path) -> Path:
    write_project(path, [{"text": t} for t in TEXTS])
    with open_project(path) as store:
        first = {i + 1: text.split()[0] for i, text in enumerate(TEXTS)}
        proposals = {doc: [DocumentProposals(doc, (ProposedSpan(0, len(word), "PERSON", "m"),), ())]
                     for doc, word in first.items()}
        Session(store).store_proposals(proposals, ["m"])
    return path


def _opened_with_neighbours_read(make_window, qtbot, path: Path):
    window = make_window(path)
    window.open_document(1)
    qtbot.waitUntil(lambda: 2 in window.workspace._prefetched)
    return window


def test_next_article_comes_from_what_was_read_ahead(make_window, project_path: Path, qtbot) -> None:
    window = _opened_with_neighbours_read(make_window, qtbot, _with_proposals(project_path))
    read_ahead = window.workspace._prefetched[2][2]
    QTest.keyClick(window.article, Qt.Key.Key_PageDown)
    assert window.workspace.document.id == 2
    assert list(window.workspace.spans.values()) == read_ahead
    assert all(a is b for a, b in zip(window.workspace.spans.values(), read_ahead))


def test_a_change_from_this_window_is_seen(make_window, project_path: Path, qtbot) -> None:
    window = _opened_with_neighbours_read(make_window, qtbot, _with_proposals(project_path))
    (lavrov,) = window.session.repo.spans(2)
    window.session.apply(AcceptSpan(lavrov.id))  # e.g. an undo reaching back into another article
    QTest.keyClick(window.article, Qt.Key.Key_PageDown)
    assert window.workspace.spans[lavrov.id].status == SpanStatus.ACCEPTED


def test_a_change_from_another_connection_is_seen(make_window, project_path: Path, qtbot) -> None:
    window = _opened_with_neighbours_read(make_window, qtbot, _with_proposals(project_path))
    with open_project(project_path) as other:  # the command line, say, while the window is open
        (lavrov,) = other.spans(2)
        Session(other).apply(AcceptSpan(lavrov.id))
    QTest.keyClick(window.article, Qt.Key.Key_PageDown)
    assert window.workspace.spans[lavrov.id].status == SpanStatus.ACCEPTED
