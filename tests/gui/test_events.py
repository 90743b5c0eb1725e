"""Events driven by keys (and one click), then the project file compared with what was done."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotate.model import DocStatus, SpanStatus
from gui.pickers import Messages, QuickPicker
from store import open_project
from tests.gui.conftest import write_project

ARTICLE = ("Kerry will meet Putin in Moscow on Thursday. "
           "Rebels attacked the convoy and the base near Goma on Friday.")
LABELS = [("Kerry", "PERSON"), ("Putin", "PERSON"), ("Moscow", "GPE"), ("Thursday", "DATE"),
          ("Rebels", "NORP"), ("the convoy", "FAC"), ("the base", "FAC"), ("Goma", "GPE")]
CTRL = Qt.KeyboardModifier.ControlModifier


def at(word: str) -> tuple[int, int]:
    start = ARTICLE.index(word)
    return start, start + len(word)


def task() -> dict:
    return {"text": ARTICLE, "spans": [{"start": at(w)[0], "end": at(w)[1], "label": lb} for w, lb in LABELS]}


class Answers:
    """Stands in for the pickers: each answer must be one of the offered items."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queue: list[str] = []
        self.confirms: list[str] = []
        monkeypatch.setattr(QuickPicker, "ask", classmethod(lambda _cls, _parent, _title, items: self._pick(items)))
        monkeypatch.setattr(Messages, "confirm", classmethod(lambda _cls, _parent, _title, text: self._confirm(text)))

    def _pick(self, items: list[tuple[str, str]]) -> str | None:
        answer = self.queue.pop(0)
        assert answer in [name for name, _ in items], (answer, items[:5])
        return answer

    def _confirm(self, text: str) -> bool:
        self.confirms.append(text)
        return True


def key(window, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.article, k, modifier)


def select(window, word: str) -> None:
    window.article.select(*at(word))


def click_word(window, word: str, qtbot) -> None:
    view = window.article
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(at(word)[0] + 2))
    point = view.cursorRect(cursor).center() + QPoint(1, 0)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def text_of(window, span_id: int) -> str:
    return window.workspace.spans[span_id].text_in(ARTICLE)


def test_events_by_keyboard_then_reopened(make_window, project_path: Path, monkeypatch, qtbot) -> None:
    write_project(project_path, [task()])
    answers = Answers(monkeypatch)
    window = make_window(project_path)
    events = window.events

    # Contact.Meet on "meet": two Entity arguments (a repeated role), Place, Time.
    select(window, "meet")
    answers.queue.append("Contact.Meet")
    key(window, Qt.Key.Key_E)
    meet = events.current()
    assert meet.type == "Contact.Meet" and text_of(window, meet.trigger_span_id) == "meet"
    key(window, Qt.Key.Key_1)                                  # arm Entity
    assert events.armed == "Entity"
    assert [text_of(window, s.id) for s in events.candidates][:2] == ["Putin", "Kerry"]  # nearest first
    key(window, Qt.Key.Key_1)                                  # Putin
    key(window, Qt.Key.Key_1)
    key(window, Qt.Key.Key_1)                                  # Kerry: Entity repeats
    key(window, Qt.Key.Key_3)                                  # arm Place
    assert [text_of(window, s.id) for s in events.candidates] == ["Moscow", "the convoy", "the base", "Goma"]
    key(window, Qt.Key.Key_1)
    key(window, Qt.Key.Key_2)                                  # arm Time
    key(window, Qt.Key.Key_1)                                  # Thursday
    answers.queue.append("Modality = Other")
    key(window, Qt.Key.Key_V)
    assert events.current().attributes == {"Modality": "Other"}
    assert events.warnings(events.current()) == []

    # Conflict.Attack on "attacked": Attacker by key, two Targets (one by clicking the text).
    select(window, "attacked")
    answers.queue.append("Conflict.Attack")
    key(window, Qt.Key.Key_E)
    assert events.current().type == "Conflict.Attack"
    key(window, Qt.Key.Key_1)                                  # arm Attacker
    assert text_of(window, events.candidates[0].id) == "Rebels"
    key(window, Qt.Key.Key_1)
    key(window, Qt.Key.Key_2)                                  # arm Target
    key(window, Qt.Key.Key_1)                                  # the convoy (nearest)
    key(window, Qt.Key.Key_2)
    click_word(window, "the base", qtbot)                      # a click fills the armed role
    attack = events.current()
    assert sorted((a.role, text_of(window, a.span_id)) for a in attack.arguments) == [
        ("Attacker", "Rebels"), ("Target", "the base"), ("Target", "the convoy")]

    # Change the type: arguments whose role Life.Die lacks stay, flagged; undo restores it.
    answers.queue.append("Life.Die")
    key(window, Qt.Key.Key_T)
    changed = events.current()
    assert changed.type == "Life.Die" and len(changed.arguments) == 3
    assert {w.kind for w in events.warnings(changed)} >= {"unknown_role", "missing_role"}
    assert window.workspace.spans[changed.trigger_span_id].label == "Life.Die"
    assert window.session.repo.document_warnings(1) > 0        # counted for the document list
    key(window, Qt.Key.Key_Z, CTRL)
    assert events.current().type == "Conflict.Attack"
    assert window.session.repo.document_warnings(1) == 0

    # A user span as Time argument, then deleted (asks) and brought back by undo.
    select(window, "Friday")
    key(window, Qt.Key.Key_7)                                  # DATE: a new user span
    friday = window.workspace.current
    events.select_event(attack.id)
    key(window, Qt.Key.Key_4)                                  # arm Time (after Instrument)
    assert events.armed == "Time"
    key(window, Qt.Key.Key_1)
    assert ("Time", friday) in [(a.role, a.span_id) for a in events.current().arguments]
    window.workspace.set_current(friday)
    key(window, Qt.Key.Key_Delete)
    assert answers.confirms and "used by 1 event" in answers.confirms[0]
    assert friday not in window.workspace.spans
    assert "Time" not in events.events[attack.id].roles()
    key(window, Qt.Key.Key_Z, CTRL)
    assert friday in window.workspace.spans
    assert ("Time", friday) in [(a.role, a.span_id) for a in events.events[attack.id].arguments]

    # Remove an argument with Backspace while its role is armed, then undo.
    events.select_event(attack.id)
    key(window, Qt.Key.Key_2)
    key(window, Qt.Key.Key_Backspace)                          # the last Target goes
    assert len(events.current().roles()["Target"]) == 1
    key(window, Qt.Key.Key_Z, CTRL)
    assert len(events.current().roles()["Target"]) == 2
    window.close()
    window.session.repo.close()

    with open_project(project_path) as store:
        def described(event):
            spans = store.spans_by_id([event.trigger_span_id] + [a.span_id for a in event.arguments])
            return (event.type, ARTICLE[spans[event.trigger_span_id].start:spans[event.trigger_span_id].end],
                    sorted((a.role, ARTICLE[spans[a.span_id].start:spans[a.span_id].end]) for a in event.arguments),
                    event.attributes, str(event.status))

        assert sorted(described(e) for e in store.events(1)) == [
            ("Conflict.Attack", "attacked",
             [("Attacker", "Rebels"), ("Target", "the base"), ("Target", "the convoy"), ("Time", "Friday")],
             {}, "accepted"),
            ("Contact.Meet", "meet",
             [("Entity", "Kerry"), ("Entity", "Putin"), ("Place", "Moscow"), ("Time", "Thursday")],
             {"Modality": "Other"}, "accepted"),
        ]
        assert {(s.label, ARTICLE[s.start:s.end]) for s in store.spans(1) if s.source == "user"} == {
            ("Contact.Meet", "meet"), ("Conflict.Attack", "attacked"), ("DATE", "Friday")}
        log = [(r["action"], r["kind"]) for r in store.action_log(1)]
        for expected in (("set_argument", "do"), ("set_attribute", "do"), ("change_event_type", "undo"),
                         ("delete_span", "undo"), ("remove_argument", "undo")):
            assert expected in log, expected
        assert store.document_warnings(1) == 0


def test_proposed_event_is_accepted_with_its_trigger(make_window, project_path: Path) -> None:
    from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent
    from annotate.session import Session

    write_project(project_path, [{"text": ARTICLE}])
    with open_project(project_path) as store:
        meet = ProposedEvent("Contact.Meet", *at("meet"), (ProposedArgument("Entity", *at("Kerry"), "PERSON"),),
                             "model:test@1")
        Session(store).store_proposals({1: [DocumentProposals(1, (), (meet,))]}, ["model:test@1"])
    window = make_window(project_path)
    window.workspace.set_current(next(s.id for s in window.workspace.spans.values() if s.label == "Contact.Meet"))
    assert window.events.current() is not None and window.events.current().status == "proposed"
    kerry = next(s.id for s in window.workspace.spans.values() if s.label == "PERSON")
    assert window.workspace.spans[kerry].status == SpanStatus.PROPOSED
    key(window, Qt.Key.Key_A)
    assert window.events.events[window.events.current_id].status == "accepted"
    # The event was accepted as shown: its proposed argument too, or export would drop it.
    assert window.workspace.spans[kerry].status == SpanStatus.ACCEPTED
    key(window, Qt.Key.Key_Z, CTRL)                            # one step undoes all three
    assert next(iter(window.events.events.values())).status == "proposed"
    assert window.workspace.spans[kerry].status == SpanStatus.PROPOSED
    key(window, Qt.Key.Key_X)                                  # rejecting keeps the argument's span
    assert next(iter(window.events.events.values())).status == "rejected"
    assert window.workspace.spans[kerry].status == SpanStatus.PROPOSED


def test_a_proposed_event_is_reviewed_as_one_with_its_arguments(make_window, project_path: Path) -> None:
    from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent, ProposedSpan
    from annotate.session import Session

    write_project(project_path, [{"text": ARTICLE}])
    with open_project(project_path) as store:
        meet = ProposedEvent("Contact.Meet", *at("meet"), (ProposedArgument("Entity", *at("Kerry"), "PERSON", 0.99),
                                                           ProposedArgument("Entity", *at("Putin"), "PERSON", 0.99)),
                             "model:test@1", 0.6)
        alone = (ProposedSpan(*at("Moscow"), "GPE", "model:test@1", 0.8), ProposedSpan(*at("Goma"), "GPE", "model:test@1", 0.7))
        Session(store).store_proposals({1: [DocumentProposals(1, alone, (meet,))]}, ["model:test@1"])
    window = make_window(project_path)
    ws = window.workspace

    def current() -> str:
        return text_of(window, ws.current)

    assert current() == "Moscow"                 # Kerry scores higher, but comes with its event
    key(window, Qt.Key.Key_A)
    assert current() == "Goma"
    key(window, Qt.Key.Key_A)
    assert current() == "meet" and window.events.current() is not None
    assert "A accepts it with its 2 argument(s)" in window.event_panel.title.text()
    key(window, Qt.Key.Key_1)                    # the Entity role: Putin is a wrong argument
    key(window, Qt.Key.Key_Backspace)
    key(window, Qt.Key.Key_A)                    # the event with what is left of it
    kerry, putin = (next(s for s in ws.spans.values() if s.label == "PERSON" and text_of(window, s.id) == w)
                    for w in ("Kerry", "Putin"))
    assert kerry.status == SpanStatus.ACCEPTED
    assert current() == "Putin" and putin.status == SpanStatus.PROPOSED  # offered by itself now
    key(window, Qt.Key.Key_Z, CTRL)
    key(window, Qt.Key.Key_Z, CTRL)                # the event is a proposal with both arguments again
    ws.set_current(next(s.id for s in ws.spans.values() if s.label == "Contact.Meet"))
    key(window, Qt.Key.Key_X)                    # a rejected trigger: its arguments come on their own
    assert current() in ("Kerry", "Putin")


def test_imported_events_are_shown_and_done_with_warnings_asks_once(
    make_window, project_path: Path, monkeypatch
) -> None:
    answers = Answers(monkeypatch)
    imported = task() | {"events": [{"type": "Contact.Meet", "trigger": {"start": at("meet")[0], "end": at("meet")[1]},
                                     "arguments": [{"role": "Place", "start": at("Goma")[0], "end": at("Goma")[1],
                                                    "label": "GPE"}]}]}
    write_project(project_path, [imported, {"text": "Another article."}])
    window = make_window(project_path)
    assert window.documents.model.rows[0].warnings == 2       # no Entity; Place in another sentence
    assert window.event_panel.list_model.rowCount() == 1
    window.events.select_event(next(iter(window.events.events)))
    assert "Contact.Meet" in window.event_panel.title.text()
    kinds = {w.kind for w in window.events.warnings(window.events.current())}
    assert kinds == {"missing_role", "outside_sentence"}
    key(window, Qt.Key.Key_Return, CTRL)
    assert len(answers.confirms) == 1 and window.workspace.document.id == 2
    key(window, Qt.Key.Key_PageUp)
    window.workspace.set_status(DocStatus.IN_PROGRESS)
    key(window, Qt.Key.Key_Return, CTRL)                       # asked once: not again
    assert len(answers.confirms) == 1
