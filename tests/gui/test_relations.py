"""Relations in the window, driven by real key presses and clicks on a real project file: R,
then the other span (by number, by click, by Tab and R again), then the type; Esc; accept,
reject and delete of a selected relation; the cascades of deleting a span and an event; the
arcs over the right words with emoji before them; the warnings counted."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QIcon, QTextCursor
from PySide6.QtTest import QTest

from annotate.model import Argument, Document, Equivalence, Event, Normalization, Relation, Span, SpanStatus
from annotate.resources import builtin_schema
from annotate.schema import RelationType
from annotate.text import content_hash
from gui.main_window import MainWindow
from gui.pickers import Messages, NamePrompt, QuickPicker
from store import open_project
from store.default_project import create_or_open

# Emoji before every span: Qt counts them twice, the domain once.
ARTICLE = "🌊 Flood: 🙏 Kerry met Putin in Moscow, and the envoy hit the convoy near Goma."
WORDS = [("Kerry", "PERSON"), ("Putin", "PERSON"), ("Moscow", "GPE"), ("the envoy", "PERSON"),
         ("hit", "Conflict.Attack"), ("the convoy", "FAC"), ("Goma", "GPE"), ("met", "Contact.Meet")]
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
K = Qt.Key
TYPES = [
    RelationType("Located_in", "#1f77b4", ("PERSON", "FAC"), ("GPE",)),
    RelationType("Based_in", "#9467bd", ("PERSON",), ("GPE",)),
    RelationType("Meets", "#ff7f0e", ("PERSON",), ("PERSON",), symmetric=True),
    RelationType("Coref", "#2ca02c", symmetric=True, transitive=True),
]


def at(word: str) -> tuple[int, int]:
    start = ARTICLE.index(word)
    return start, start + len(word)


def make_project(path: Path, relation_types: list[RelationType] = TYPES, proposed: tuple[str, ...] = ()) -> Path:
    """One article: the annotator's own spans on WORDS, those in ``proposed`` a model's."""
    schema = builtin_schema("news-ace")
    schema.relation_types = list(relation_types)
    with create_or_open(path, schema) as store:
        (doc,) = store.add_documents([Document(ARTICLE, "t", "test", content_hash=content_hash(ARTICLE))])
        for word, label in WORDS:
            mine = word not in proposed
            store.insert_span(Span(doc, *at(word), label, SpanStatus.ACCEPTED if mine else SpanStatus.PROPOSED,
                                   "user" if mine else "model:en@1"))
    return path


class Answers:
    """Stands in for the pickers and boxes: each answer must be one of the offered items."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.picks: list[str | None] = []
        self.names: list[str | None] = []
        self.offered: list[tuple[str, list[str]]] = []
        self.confirms: list[str] = []
        self.titles: list[str] = []
        self.colours: list[list[str]] = []  # the dots' colours of each picker
        monkeypatch.setattr(QuickPicker, "ask", classmethod(lambda _c, _p, title, items: self._pick(title, items)))
        monkeypatch.setattr(NamePrompt, "ask", classmethod(lambda _c, _p, _title, _text: self.names.pop(0)))
        monkeypatch.setattr(Messages, "confirm", classmethod(
            lambda _c, _p, title, text: self.titles.append(title) or self.confirms.append(text) or True))

    def _pick(self, title: str, items: list[tuple[str, str]]) -> str | None:
        self.offered.append((title, [name for name, _ in items]))
        self.colours.append([colour for _, colour in items])
        answer = self.picks.pop(0)
        assert answer is None or answer in [name for name, _ in items], (answer, items)
        return answer


def key(window: MainWindow, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.article, k, modifier)


def span_id(window: MainWindow, word: str) -> int:
    return next(s.id for s in window.workspace.spans.values() if ARTICLE[s.start:s.end] == word)


def word_point(window: MainWindow, word: str) -> QPoint:
    """The middle of a word in the article's viewport, found through Qt's own positions."""
    view = window.article
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.to_qt(at(word)[0] + 1))
    return view.cursorRect(cursor).center() + QPoint(2, 0)


def click(window: MainWindow, point: QPoint) -> None:
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)


def relations(window: MainWindow) -> list[tuple[str, str, str, str]]:
    repo = window.session.repo
    spans = {s.id: ARTICLE[s.start:s.end] for s in repo.spans(1)}
    return [(r.type, spans[r.head_span_id], spans[r.child_span_id], r.status.value) for r in repo.relations(1)]


def go_to(window: MainWindow, word: str) -> None:
    window.workspace.set_current(span_id(window, word))


def test_relating_flows(make_window, project_path: Path, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    window = make_window(make_project(project_path, proposed=("Moscow",)))
    ws = window.workspace

    # By number: R, 1 (Putin). One type fits PERSON → PERSON: nobody is asked.
    go_to(window, "Kerry")
    key(window, K.Key_R)
    assert window.relations.head == span_id(window, "Kerry")
    assert [ARTICLE[s.start:s.end] for s in window.relations.candidates][:3] == ["Putin", "Moscow", "the envoy"]
    assert "Relating" in window.relation_panel.notes.text()
    key(window, K.Key_1)
    assert relations(window) == [("Meets", "Kerry", "Putin", "accepted")] and answers.offered == []
    assert ws.spans[span_id(window, "Kerry")].label == "PERSON"    # the digit did not relabel
    assert window.relations.head is None

    # By click, with two types fitting: asked, offered just those; the proposed end is accepted.
    key(window, K.Key_R)
    answers.picks.append("Based_in")
    click(window, word_point(window, "Moscow"))
    assert answers.offered == [("Relation type", ["Located_in", "Based_in"])]
    assert relations(window)[-1] == ("Based_in", "Kerry", "Moscow", "accepted")
    assert ws.spans[span_id(window, "Moscow")].status == SpanStatus.ACCEPTED
    assert ws.current == span_id(window, "Kerry")                  # the click picked, did not move

    # By Tab and R again: the current span is the other end.
    go_to(window, "the convoy")
    key(window, K.Key_R)
    key(window, K.Key_Tab)                                          # to Goma
    assert ws.current == span_id(window, "Goma")
    key(window, K.Key_R)
    assert relations(window)[-1] == ("Located_in", "the convoy", "Goma", "accepted")

    # Esc cancels, and so does cancelling the type prompt: nothing is made or logged.
    before, steps = relations(window), ws.undo_stack.count()
    go_to(window, "the envoy")
    key(window, K.Key_R)
    key(window, K.Key_Escape)
    assert window.relations.head is None and relations(window) == before
    key(window, K.Key_R)
    answers.picks.append(None)
    click(window, word_point(window, "Goma"))
    assert window.relations.head is None and relations(window) == before and ws.undo_stack.count() == steps
    key(window, K.Key_R)
    key(window, K.Key_R)                                            # still on the head: nothing
    assert window.relations.head is not None
    key(window, K.Key_Escape)

    # Undo and redo each relation made, by keys.
    key(window, K.Key_Z, CTRL)
    assert ("Located_in", "the convoy", "Goma", "accepted") not in relations(window)
    key(window, K.Key_Z, CTRL)
    assert relations(window) == [("Meets", "Kerry", "Putin", "accepted")]
    assert ws.spans[span_id(window, "Moscow")].status == SpanStatus.PROPOSED  # one step: its accept too
    key(window, K.Key_Z, CTRL | SHIFT)
    key(window, K.Key_Z, CTRL | SHIFT)
    assert len(relations(window)) == 3 and len(window.relations.relations) == 3


def test_a_type_the_schema_lacks_is_named_kept_and_counted(make_window, project_path: Path, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    window = make_window(make_project(project_path, relation_types=[]))
    go_to(window, "the envoy")
    key(window, K.Key_R)
    answers.names.append("Blames")
    click(window, word_point(window, "Putin"))
    assert relations(window) == [("Blames", "the envoy", "Putin", "accepted")]
    assert "not a relation type" in window.statusBar().currentMessage()
    assert window.session.repo.document_warnings(1) == 1            # counted for the document
    assert window.documents.model.rows[0].warnings == 1             # and shown in the list
    assert window.relation_panel.model.data(window.relation_panel.model.index(0, 4)) == 1
    key(window, K.Key_Z, CTRL)
    assert relations(window) == [] and window.session.repo.document_warnings(1) == 0


def add_relation(path: Path, head: str, child: str, type_name: str, status: str, source: str = "model:rel@1") -> None:
    with open_project(path) as store:
        ids = {ARTICLE[s.start:s.end]: s.id for s in store.spans(1)}
        store.insert_relation(Relation(1, type_name, ids[head], ids[child], SpanStatus(status), source))


def test_accept_reject_and_delete_a_selected_relation(make_window, project_path: Path, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    path = make_project(project_path, proposed=("Moscow",))
    add_relation(path, "Kerry", "Moscow", "Located_in", "proposed")
    window = make_window(path)
    ws, rel = window.workspace, window.relations
    go_to(window, "Kerry")
    key(window, K.Key_R, SHIFT)                                     # select Kerry's relation
    assert rel.current() is not None and ws.current == span_id(window, "Kerry")
    assert "Located_in" in window.relation_panel.notes.text()
    key(window, K.Key_A)
    assert relations(window) == [("Located_in", "Kerry", "Moscow", "accepted")]
    assert ws.spans[span_id(window, "Moscow")].status == SpanStatus.ACCEPTED  # its proposed end too
    assert ws.spans[span_id(window, "Kerry")].status == SpanStatus.ACCEPTED
    key(window, K.Key_Z, CTRL)
    assert relations(window)[0][3] == "proposed" and ws.spans[span_id(window, "Moscow")].status == SpanStatus.PROPOSED
    key(window, K.Key_X)                                            # a proposal is rejected, kept
    assert relations(window) == [("Located_in", "Kerry", "Moscow", "rejected")]
    assert rel.shown() == [] and ws.spans[span_id(window, "Kerry")].status == SpanStatus.ACCEPTED
    key(window, K.Key_R, CTRL)                                      # show rejected: drawn again
    assert len(rel.shown()) == 1
    key(window, K.Key_Z, CTRL)
    rel.select(next(iter(rel.relations)))
    answers.picks.append("Based_in")
    key(window, K.Key_T)                                            # T: another type, a proposal so accepted
    assert answers.offered[-1] == ("Relation type", ["Located_in", "Based_in"])
    assert relations(window) == [("Based_in", "Kerry", "Moscow", "accepted")]
    key(window, K.Key_Z, CTRL)
    assert relations(window) == [("Located_in", "Kerry", "Moscow", "proposed")]
    key(window, K.Key_Delete)                                       # Delete removes it
    assert relations(window) == [] and rel.current() is None
    assert ws.spans[span_id(window, "Kerry")].status == SpanStatus.ACCEPTED  # the span stays
    key(window, K.Key_Z, CTRL)
    assert relations(window) == [("Located_in", "Kerry", "Moscow", "proposed")]
    key(window, K.Key_Escape)                                       # nothing selected: A acts on spans again
    go_to(window, "Moscow")
    key(window, K.Key_A)
    assert ws.spans[span_id(window, "Moscow")].status == SpanStatus.ACCEPTED
    assert relations(window)[0][3] == "proposed"


def test_clicking_an_arcs_tag_selects_it_and_the_arc_spans_the_right_words(make_window, project_path: Path, qtbot) -> None:
    path = make_project(project_path)
    add_relation(path, "the convoy", "Goma", "Located_in", "accepted", "user")
    add_relation(path, "Kerry", "Putin", "Meets", "proposed")
    window = make_window(path)
    view, keys = window.article, window.relation_keys
    go_to(window, "the convoy")
    view.viewport().repaint()
    arcs = {window.relations.relations[a.relation_id].type: a for a in keys.drawn}
    assert set(arcs) == {"Located_in", "Meets"}
    for name, (head, child) in {"Located_in": ("the convoy", "Goma"), "Meets": ("Kerry", "Putin")}.items():
        arc = arcs[name]
        for point, word in ((arc.start, head), (arc.end, child)):  # the arrow at the child
            # Qt's own caret rectangles of the word's first and last character, emoji counted.
            first, last = (view.cursorRect(_cursor(view, view.to_qt(i))) for i in at(word))
            assert first.left() - 1 <= point.x() <= last.left() + 1, (name, word, point, first, last)
            assert abs(point.y() - first.top()) <= 1
    assert arcs["Meets"].tag.isEmpty()                              # not the current span's: faint, untagged
    assert not arcs["Located_in"].tag.isEmpty()
    click(window, arcs["Located_in"].tag.center().toPoint())
    assert window.relations.current() is not None and window.relations.current().type == "Located_in"
    window.relation_keys.set_label_all(True)
    view.viewport().repaint()
    assert all(not a.tag.isEmpty() for a in keys.drawn)


def _cursor(view, position: int) -> QTextCursor:
    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    return cursor


def test_deleting_a_span_takes_its_relations_and_undo_brings_them_back(make_window, project_path: Path, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    path = make_project(project_path)
    add_relation(path, "Kerry", "Moscow", "Located_in", "accepted", "user")
    with open_project(path) as store:
        ids = {ARTICLE[s.start:s.end]: s.id for s in store.spans(1)}
        store.insert_equivalence(Equivalence(1, "Coref", (ids["Kerry"], ids["the envoy"])))
        store.update_span(replace(store.span(ids["Kerry"]), norms=[Normalization("Wikidata", "Q22316", "John Kerry")],
                                  attributes={"Role": "envoy"}))
    window = make_window(path)
    go_to(window, "Kerry")
    details = window.spans.details.text()
    assert "Wikidata:Q22316 John Kerry" in details and "Role=envoy" in details
    assert "same as</b> “the envoy”" in details and "Located_in → “Moscow”" in details
    assert window.article.describe(window.workspace.current_span()) == details.split("<br>")  # the tooltip's too
    key(window, K.Key_Delete)                                       # your own span: deleted, asks first
    # Worded by what uses it: no "0 event(s)", the relation named.
    assert answers.titles == ["Delete a span a relation uses"]
    assert "used by 1 relation: Located_in (“Kerry” → “Moscow”). Delete it?" in answers.confirms[0]
    assert "event" not in answers.confirms[0]
    assert relations(window) == [] and window.relations.equivalences == []
    key(window, K.Key_Z, CTRL)
    assert relations(window) == [("Located_in", "Kerry", "Moscow", "accepted")]
    assert [tuple(q.span_ids) for q in window.relations.equivalences] == [(span_id(window, "Kerry"),
                                                                          span_id(window, "the envoy"))]


def test_deleting_an_event_argument_trigger_and_the_card_naming_it(make_window, project_path: Path, monkeypatch) -> None:
    Answers(monkeypatch)
    path = make_project(project_path)
    with open_project(path) as store:
        ids = {ARTICLE[s.start:s.end]: s.id for s in store.spans(1)}
        attack = store.insert_event(Event(1, "Conflict.Attack", ids["hit"], [Argument("Target", ids["the convoy"])]))
        store.insert_event(Event(1, "Contact.Meet", ids["met"], [Argument("Entity", ids["Kerry"]),
                                                                 Argument("Entity", ids["hit"], event_id=attack)]))
    window = make_window(path)
    go_to(window, "met")
    card = window.event_panel.card
    fillers = card.item(0, 3).text()
    assert fillers == "Kerry · → Attack (‘hit’)" and "Conflict.Attack" in card.item(0, 3).toolTip()
    go_to(window, "hit")
    key(window, K.Key_Delete)                                       # the Attack goes, and with it the argument
    meet = next(e for e in window.events.events.values() if e.type == "Contact.Meet")
    assert [a.event_id for a in meet.arguments] == [None] and attack not in window.events.events
    key(window, K.Key_Z, CTRL)
    meet = next(e for e in window.events.events.values() if e.type == "Contact.Meet")
    assert [a.event_id for a in meet.arguments] == [None, attack] and attack in window.events.events


def test_relation_undo_survives_a_restart(make_window, project_path: Path, monkeypatch) -> None:
    Answers(monkeypatch)
    window = make_window(make_project(project_path))
    go_to(window, "Kerry")
    key(window, K.Key_R)
    key(window, K.Key_1)
    assert relations(window) == [("Meets", "Kerry", "Putin", "accepted")]
    window.close()
    window.session.repo.close()
    again = make_window(project_path)
    key(again, K.Key_Z, CTRL)
    assert relations(again) == [] and again.relations.relations == {}
    key(again, K.Key_Z, CTRL | SHIFT)
    assert len(again.relations.relations) == 1


def test_the_highlighter_counts_emoji_to_the_end_of_a_block_and_colours_fragments_only(make_window, project_path: Path) -> None:
    path = make_project(project_path)
    with open_project(path) as store:
        ids = {ARTICLE[s.start:s.end]: s.id for s in store.spans(1)}
        goma = store.span(ids["Goma"])  # the last word, just before the full stop, after two emoji
        envoy = store.span(ids["the envoy"])
        store.update_span(replace(envoy, fragments=((envoy.start, envoy.start + 3), (envoy.end - 5, envoy.end))))
    window = make_window(path)
    view = window.article
    view.highlighter.finish()
    block = view.document().firstBlock()
    spaced = {r.start for r in block.layout().formats() if r.format.fontLetterSpacing() > 0}
    assert view.to_qt(goma.end - 1) in spaced                       # its tag has room
    coloured = {i for r in block.layout().formats() if r.format.background().style() != Qt.BrushStyle.NoBrush
                for i in range(r.start, r.start + r.length)}
    gap = view.to_qt(envoy.start + 3)                               # the space inside "the envoy"
    assert view.to_qt(envoy.start) in coloured and view.to_qt(envoy.end - 1) in coloured and gap not in coloured
    assert window.workspace.span_at(envoy.start + 3) is None        # the gap is not the span


def test_a_relation_made_by_another_process_is_shown(make_window, project_path: Path) -> None:
    window = make_window(make_project(project_path))
    add_relation(project_path, "Kerry", "Moscow", "Located_in", "proposed")  # another connection's commit
    assert window.refresh_if_changed_elsewhere()
    assert [r.type for r in window.relations.relations.values()] == ["Located_in"]
    assert window.relation_panel.model.rowCount() == 1


def test_the_panel_shows_every_candidate_and_a_relations_note_and_attributes(make_window, project_path: Path,
                                                                             qtbot) -> None:
    path = make_project(project_path)
    with open_project(path) as store:
        ids = {ARTICLE[s.start:s.end]: s.id for s in store.spans(1)}
        store.insert_relation(Relation(1, "Located_in", ids["Putin"], ids["Moscow"], SpanStatus.ACCEPTED, "import",
                                       note="a visit, not residence", attributes={"Certainty": "High"}))
        for word, label in (("Flood", "EVENT"), ("envoy", "PERSON"), ("convoy", "FAC"), ("near Goma", "LOC"),
                            ("Moscow, and", "ORG")):
            store.insert_span(Span(1, *at(word), label, SpanStatus.ACCEPTED, "user"))
    window = make_window(path)
    panel, rel = window.relation_panel, window.relations
    go_to(window, "Kerry")
    key(window, K.Key_R)
    assert len(rel.candidates) == 9
    window.article.repaint()
    notes = panel.notes
    # Every candidate's line is there and none is cut off: the notes are as tall as their text
    # (scrolling, should the panel be too small), and at the window's size they fit.
    assert all(f"<b>{n}</b>" in notes.text() for n in range(1, 10))
    qtbot.wait(50)                                                  # the layouts settle
    assert notes.height() >= notes.heightForWidth(notes.width())
    assert panel.notes_area.viewport().height() >= notes.heightForWidth(notes.width())
    key(window, K.Key_Escape)
    assert panel.list.isVisible()
    # The selected relation's note and attributes, in the panel and in its arc tag's tooltip.
    go_to(window, "Putin")
    key(window, K.Key_R, SHIFT)
    assert rel.current() is not None and rel.current().type == "Located_in"
    assert "Certainty=High" in notes.text() and "a visit, not residence" in notes.text()
    window.article.viewport().repaint()
    (arc,) = [a for a in window.relation_keys.drawn if not a.tag.isEmpty()]
    tip = window.article.point_tip(arc.tag.center().toPoint())
    assert tip is not None and "Certainty=High" in tip and "a visit, not residence" in tip and "“Putin” → “Moscow”" in tip
    assert window.article.point_tip(arc.tag.bottomRight().toPoint() + QPoint(30, 30)) is None


def test_the_status_bar_says_what_a_relation_gesture_did(make_window, project_path: Path, monkeypatch) -> None:
    Answers(monkeypatch)
    window = make_window(make_project(project_path))
    said = window.statusBar().currentMessage
    go_to(window, "Kerry")
    key(window, K.Key_R)
    assert said().startswith("Relating")
    key(window, K.Key_1)                                            # made: the prompt to pick is over
    assert said() == "Meets: “Kerry” → “Putin”"
    key(window, K.Key_R, SHIFT)
    key(window, K.Key_A)                                            # nothing to do: says so
    assert said() == "Meets is accepted already."
    key(window, K.Key_X)                                            # your own: deleted
    assert said() == "Deleted Meets: “Kerry” → “Putin”"
    key(window, K.Key_Z, CTRL)                                      # undone: the old words are gone
    assert said() == ""
    key(window, K.Key_R, SHIFT)
    key(window, K.Key_A)
    key(window, K.Key_Delete)
    assert said() == "Deleted Meets: “Kerry” → “Putin”"


def test_a_relation_types_colour_is_the_schemas_in_the_prompt_and_the_list_selected_or_not(
        make_window, project_path: Path, monkeypatch) -> None:
    answers = Answers(monkeypatch)
    path = make_project(project_path)
    add_relation(path, "Kerry", "Moscow", "Located_in", "accepted", "user")
    window = make_window(path)
    go_to(window, "the envoy")
    key(window, K.Key_R)
    answers.picks.append("Based_in")
    click(window, word_point(window, "Goma"))
    assert answers.offered[-1] == ("Relation type", ["Located_in", "Based_in"])
    assert answers.colours[-1] == ["#1f77b4", "#9467bd"]
    picker = QuickPicker(window, "Relation type", list(zip(answers.offered[-1][1], answers.colours[-1], strict=True)))
    model = window.relation_panel.model
    row = [window.relations.relations[i].type for i in model.ids].index("Located_in")
    icons = [picker.list.item(0).icon(), model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)]
    for icon in icons:                                              # a selected row's dot is not tinted
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Selected):
            image = icon.pixmap(12, 12, mode).toImage()
            assert image.pixelColor(image.width() // 2, image.height() // 2).name() == "#1f77b4", mode


def test_the_tooltip_over_overlapping_spans_lists_every_one(make_window, project_path: Path) -> None:
    path = make_project(project_path)
    with open_project(path) as store:
        store.insert_span(Span(1, *at("envoy"), "PERSON", SpanStatus.PROPOSED, "model:en@1", score=0.5))
    window = make_window(path)
    tip = window.article.tooltip_at(at("envoy")[0] + 1)
    assert tip is not None
    assert tip.index("<b>PERSON</b> “envoy” · proposed") < tip.index("<b>PERSON</b> “the envoy” · accepted")
    assert "score 0.50" in tip
    only = window.article.tooltip_at(at("Goma")[0])                 # one span: no covered text repeated
    assert only is not None and only.startswith("<b>GPE</b> · accepted")
    assert window.article.tooltip_at(at("near")[0]) is None
