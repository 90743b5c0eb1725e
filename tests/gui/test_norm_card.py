"""The slot card shows each argument's normalisation and edits it: a double-click on the Time
row (or its number, then Ctrl+Shift+N) asks for the ISO date, the store has it, Ctrl+Z takes it
back — in a real window on a real project file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotate.model import Normalization, SpanStatus
from annotate.proposals.time_norms import ISO, add_time_norms
from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent, ProposedSpan
from annotate.resources import builtin_schema
from annotate.session import Session
from gui.norm_edit import NormPrompt
from store import open_project
from tests.conftest import add_document

TEXT = "KHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen 🙂 attacked Nyala on Tuesday. مرحبا"
SRC = "model:x@1"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def build(path: Path) -> int:
    """A proposed Attack whose Time argument "Tuesday" carries its proposed ISO norm."""
    session = Session(open_project(path, create=True, schema=builtin_schema("news-ace")))
    doc = add_document(session, TEXT)
    place = (Normalization("GeoNames", "365137", "Nyala"),  # as the gazetteer proposes a place
             Normalization("GeoNames", "366755", "Sudan", "Country"),
             Normalization("WGS84", "12.04888,24.88069", "12.04888, 24.88069", "Coordinates"))
    spans = [ProposedSpan(*at("Tuesday"), "DATE", SRC), ProposedSpan(*at("Nyala"), "GPE", SRC, None, place)]
    events = [ProposedEvent("Conflict.Attack", *at("attacked"),
                            (ProposedArgument("Time", *at("Tuesday"), "DATE"), ProposedArgument("Place", *at("Nyala"), "GPE")),
                            SRC)]
    spans, dated = add_time_norms(TEXT, spans, events)
    session.store_proposals({doc: [DocumentProposals(doc, tuple(spans), dated)]}, [SRC])
    session.repo.close()
    return doc


class Prompt:
    """Stands in for the norm prompt: records what it was shown, answers from a queue."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.answers: list[str | None] = []
        self.shown: list[tuple[str, str, str]] = []
        self.errors: list[str] = []
        monkeypatch.setattr(NormPrompt, "ask", classmethod(lambda _cls, _parent, text, resource, current, error="":
                                                            self._ask(text, resource, current, error)))

    def _ask(self, text: str, resource: str, current: str, error: str) -> str | None:
        self.shown.append((text, resource, current))
        self.errors.append(error)
        return self.answers.pop(0)


def stored(path: Path) -> tuple[list[Normalization], SpanStatus]:
    """The Tuesday span's norms and status, read from the file by another connection."""
    store = open_project(path)
    try:
        (doc,) = store.document_ids()
        (span,) = [s for s in store.spans(doc) if (s.start, s.end) == at("Tuesday")]
        return span.norms, span.status
    finally:
        store.close()


def row_of(window, role: str) -> int:
    card = window.event_panel.card
    return next(r for r in range(card.rowCount()) if card.item(r, 1).text().startswith(f"{role} "))


def double_click(window, row: int, column: int = 3) -> None:
    card = window.event_panel.card
    card.scrollToItem(card.item(row, column))
    point = card.visualItemRect(card.item(row, column)).center()
    # What a real double-click sends: a press and release, then the double-click.
    QTest.mouseClick(card.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    QTest.mouseDClick(card.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def open_the_event(make_window, project_path: Path, monkeypatch) -> tuple[Prompt, object]:
    """The project built, a stand-in prompt, and a window with the article's event current."""
    doc = build(project_path)
    prompt = Prompt(monkeypatch)
    window = make_window(project_path)
    window.open_document(doc)
    (event_id,) = window.events.events
    window.events.select_event(event_id)
    return prompt, window


def test_the_card_shows_and_edits_the_time_norm(make_window, project_path: Path, monkeypatch, qtbot) -> None:
    prompt, window = open_the_event(make_window, project_path, monkeypatch)
    card = window.event_panel.card
    time_row = row_of(window, "Time")
    assert card.horizontalHeaderItem(4).text() == "Norm"
    assert card.item(time_row, 4).text() == "2016-03-22"  # the proposal's norm, shown
    place = card.item(row_of(window, "Place"), 4)
    assert place.text() == "Nyala (365137)"  # the entry; all of it in the tip
    assert place.toolTip().splitlines() == ["Reference: Nyala · GeoNames 365137",
                                            "Country: Sudan · GeoNames 366755", "Coordinates: 12.04888, 24.88069"]
    tuesday = next(i for i, s in window.workspace.spans.items() if (s.start, s.end) == at("Tuesday"))
    window.workspace.set_current(tuesday)  # an argument of the current event: it stays current
    assert "<b>date</b> 2016-03-22" in window.spans.details.text()  # the span panel says it too

    prompt.answers.append("2016-03-15")  # the annotator knows better: the Tuesday before
    double_click(window, time_row)
    assert prompt.shown == [("Tuesday", ISO, "2016-03-22")]
    assert stored(project_path) == ([Normalization(ISO, "2016-03-15", "Tuesday")], SpanStatus.ACCEPTED)
    qtbot.waitUntil(lambda: card.item(row_of(window, "Time"), 4).text() == "2016-03-15")

    prompt.answers += ["2016-02-30", None]  # refused: asked again with the reason and what was typed
    double_click(window, row_of(window, "Time"))
    assert prompt.shown[-1] == ("Tuesday", ISO, "2016-02-30") and "not an ISO 8601 date" in prompt.errors[-1]
    assert "not an ISO 8601 date" in window.statusBar().currentMessage()  # cancelled: said once more
    assert stored(project_path)[0] == [Normalization(ISO, "2016-03-15", "Tuesday")]

    QTest.keyClick(window.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    assert stored(project_path) == ([Normalization(ISO, "2016-03-22", "Tuesday")], SpanStatus.PROPOSED)
    qtbot.waitUntil(lambda: card.item(row_of(window, "Time"), 4).text() == "2016-03-22")


def test_arm_the_role_then_ctrl_shift_n_clears_it(make_window, project_path: Path, monkeypatch, qtbot) -> None:
    prompt, window = open_the_event(make_window, project_path, monkeypatch)
    number = window.event_panel.card.item(row_of(window, "Time"), 0).text()
    QTest.keyClick(window.article, number)  # arms Time
    assert window.events.armed == "Time"
    prompt.answers.append("")  # empty: clear
    QTest.keyClick(window.article, Qt.Key.Key_N, CTRL_SHIFT)
    assert prompt.shown == [("Tuesday", ISO, "2016-03-22")]
    assert stored(project_path)[0] == []
    qtbot.waitUntil(lambda: window.event_panel.card.item(row_of(window, "Time"), 4).text() == "")
