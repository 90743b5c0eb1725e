"""Where things are drawn over the article, checked against Qt's own caret rectangles: label
tags beside right-to-left text, relation and event arcs and their labels, the number badges of
a relation being made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from annotate.model import Argument, Document, Event, Relation, Span, SpanStatus
from annotate.resources import builtin_schema
from annotate.schema import RelationType
from annotate.text import content_hash
from gui.main_window import MainWindow
from gui.tag_pixmaps import contrast_ratio
from store.default_project import create_or_open

MIXED = "Fighters of the Nusra Front (جبهة النصرة) attacked Aleppo, and (النصرة) left."
ARABIC = "اجتمع لافروف مع غوتيريش في جنيف."


def project(path: Path, texts: list[tuple[str, list[tuple[str, str]]]]) -> Path:
    """Documents with the annotator's own spans on (word, label) pairs, the first occurrence."""
    with create_or_open(path, builtin_schema("news-ace")) as store:
        for text, words in texts:
            (doc,) = store.add_documents([Document(text, "t", "test", content_hash=content_hash(text))])
            for word, label in words:
                start = text.index(word)
                store.insert_span(Span(doc, start, start + len(word), label, SpanStatus.ACCEPTED, "user"))
    return path


def carets(window: MainWindow, start: int, end: int) -> list[int]:
    """Qt's caret x (viewport) at each code point strictly inside ``start``..``end``."""
    view = window.article
    out = []
    for offset in range(start + 1, end):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.to_qt(offset))
        out.append(view.cursorRect(cursor).left())
    return out


def tag_box(window: MainWindow, span_id: int) -> QRectF:
    """Where the span's tag is painted, in viewport coordinates."""
    view = window.article
    view.highlighter.finish()
    view.viewport().repaint()
    block = view.document().firstBlock()
    geometry = view.blockBoundingGeometry(block).translated(view.contentOffset())
    for box, span in view.span_layout.tag_boxes(block, view.viewport().width()):
        if span.id == span_id:
            return box.translated(geometry.topLeft())
    raise AssertionError(f"no tag for span {span_id}")


def test_a_tag_beside_right_to_left_text_covers_none_of_it_and_splits_no_word(make_window, project_path: Path) -> None:
    window = make_window(project(project_path, [(MIXED, [("Nusra Front", "ORG"), ("جبهة النصرة", "ORG"),
                                                          ("Aleppo", "GPE")]),
                                                (ARABIC, [("لافروف", "PERSON"), ("غوتيريش", "PERSON")])]))
    ws = window.workspace
    for number in (1, 2):
        window.open_document(number)
        text = ws.document.text
        for span in ws.spans.values():
            box, inside = tag_box(window, span.id), carets(window, span.start, span.end)
            word = text[span.start:span.end]
            # No caret inside the span falls in its tag: the tag covers none of its letters.
            assert all(not box.left() + 1 < x < box.right() - 1 for x in inside), (word, box, inside)
            # The tag is on the side where the paragraph goes on: right of the span on an
            # English line (Arabic in it too), left of it on an Arabic line.
            if number == 1:
                assert max(inside) <= box.left() + 1, (word, box, inside)
            else:
                assert min(inside) >= box.right() - 1, (word, box, inside)
            # The span's letters stay together: no tag-wide hole between two of them.
            steps = [b - a for a, b in zip(sorted(inside), sorted(inside)[1:])]
            assert max(steps, default=0) < box.width() - 2, (word, box, inside)


# Four lines before the arcs' so that none is pressed against the top of the view.
FILLER = "Officials spoke.\nThey said more.\nThen they left.\nIt rained.\n"
EVENTS = FILLER + "Kerry met Putin in Moscow.\nSoldiers killed many hundreds of the unarmed civilians.\nAl Bo Cy Di.\n"
SPANS = [("Kerry", "PERSON"), ("met", "Contact.Meet"), ("Putin", "PERSON"), ("Moscow", "GPE"),
         ("killed", "Life.Die"), ("civilians", "PERSON"), ("Al", "PERSON"), ("Bo", "PERSON"), ("Cy", "PERSON"),
         ("Di", "PERSON")]
TYPES = [RelationType("Located_in", "#1f77b4", ("PERSON",), ("GPE",)),
         RelationType("Meets", "#000075", ("PERSON",), ("PERSON",)),
         RelationType("Acquainted_with", "#2ca02c", ("PERSON",), ("PERSON",))]


def events_project(path: Path) -> Path:
    """Two events and two relations over the same words: Contact.Meet (Kerry, Putin, Moscow),
    Located_in Putin → Moscow and Meets Kerry → Putin; Life.Die with a far Victim."""
    schema = builtin_schema("news-ace")
    schema.relation_types = TYPES
    with create_or_open(path, schema) as store:
        (doc,) = store.add_documents([Document(EVENTS, "t", "test", content_hash=content_hash(EVENTS))])
        ids = {}
        for word, label in SPANS:
            start = EVENTS.index(word)
            ids[word] = store.insert_span(Span(doc, start, start + len(word), label, SpanStatus.ACCEPTED, "user"))
        store.insert_event(Event(doc, "Contact.Meet", ids["met"], [Argument("Entity", ids["Kerry"]),
                                                                   Argument("Entity", ids["Putin"]),
                                                                   Argument("Place", ids["Moscow"])]))
        store.insert_event(Event(doc, "Life.Die", ids["killed"], [Argument("Victim", ids["civilians"])]))
        store.insert_relation(Relation(doc, "Located_in", ids["Putin"], ids["Moscow"], SpanStatus.ACCEPTED, "user"))
        store.insert_relation(Relation(doc, "Meets", ids["Kerry"], ids["Putin"], SpanStatus.ACCEPTED, "user"))
        for head, child in (("Al", "Bo"), ("Cy", "Di")):
            store.insert_relation(Relation(doc, "Acquainted_with", ids[head], ids[child], SpanStatus.PROPOSED,
                                           "model:r@1"))
    return path


def span_of(window: MainWindow, word: str) -> Span:
    text = window.workspace.document.text
    return next(s for s in window.workspace.spans.values() if text[s.start:s.end] == word)


def caret(window: MainWindow, offset: int) -> QRect:
    cursor = QTextCursor(window.article.document())
    cursor.setPosition(window.article.to_qt(offset))
    return window.article.cursorRect(cursor)


def test_relations_are_drawn_over_event_arcs_and_no_label_covers_another(make_window, project_path: Path) -> None:
    window = make_window(events_project(project_path))
    window.workspace.set_current(span_of(window, "met").id)
    located = next(r for r in window.relations.relations.values() if r.type == "Located_in")
    window.relations.select(located.id)                             # Putin current, the event still
    assert window.events.current() is not None and window.relations.current_id == located.id
    window.article.viewport().repaint()
    arcs = window.overlay_arcs
    events = [i for i, a in enumerate(arcs) if a.relation_id == 0]
    relations = {window.relations.relations[a.relation_id].type: i for i, a in enumerate(arcs)
                 if a.relation_id and a.label}
    assert len(events) == 3 and set(relations) == {"Located_in", "Meets"}, relations
    # The selected relation and the current span's (Putin's) are drawn after every event arc.
    assert min(relations.values()) > max(events) and relations["Located_in"] == len(arcs) - 1
    labelled = [a for a in arcs if a.label]
    assert len(labelled) == 5
    for n, one in enumerate(labelled):
        for other in labelled[n + 1:]:
            assert not one.tag.intersects(other.tag), (one.label, other.label, one.tag, other.tag)
            # Arcs over the same words on one line take different levels, a relation's and an
            # event's alike.
            same_line = abs(min(one.start.y(), one.end.y()) - min(other.start.y(), other.end.y())) < 2
            left, right = sorted((one.start.x(), one.end.x()))
            lo, hi = sorted((other.start.x(), other.end.x()))
            if same_line and left < hi and lo < right:
                assert abs(one.top - other.top) >= one.tag.height() - 1, (one.label, other.label)
            # Every label is on its own arc's level part.
            for arc in (one, other):
                assert abs(arc.tag.center().y() - arc.top) < 1 and left - 1 <= one.tag.center().x() <= right + 1


def test_labels_wider_than_their_arcs_move_off_each_other(make_window, project_path: Path) -> None:
    window = make_window(events_project(project_path))
    window.article.set_tags(False)                                  # the words close together
    window.relation_keys.set_label_all(True)
    window.article.viewport().repaint()
    first, second = [a for a in window.overlay_arcs if a.label == "Acquainted_with?"]
    assert first.end.x() < second.start.x()                         # the arcs do not overlap
    middles = [(a.start.x() + a.end.x()) / 2 for a in (first, second)]
    assert first.tag.width() > middles[1] - middles[0]              # but their labels would, in their middles
    assert not first.tag.intersects(second.tag)


def test_an_arc_between_far_words_of_one_line_stays_on_the_line_above(make_window, project_path: Path) -> None:
    window = make_window(events_project(project_path))
    window.workspace.set_current(span_of(window, "killed").id)
    window.article.viewport().repaint()
    (victim,) = [a for a in window.overlay_arcs if a.label == "Victim"]
    line = caret(window, span_of(window, "killed").start)
    assert abs(victim.start.y() - line.top()) <= 1 and abs(victim.end.y() - line.top()) <= 1
    assert victim.end.x() - victim.start.x() > 150                  # far apart
    assert victim.tag.top() >= line.top() - line.height()          # yet neither it nor its label climbs


def test_arcs_are_readable_in_the_dark_theme(make_window, project_path: Path, qtbot) -> None:
    window = make_window(events_project(project_path))
    window.set_dark(True)
    try:
        qtbot.waitUntil(lambda: window.article.palette().base().color().lightness() < 60)
        window.workspace.set_current(span_of(window, "Kerry").id)   # Meets is navy
        window.article.viewport().repaint()
        base = window.article.palette().base().color()
        meets = next(a for a in window.overlay_arcs if a.label == "Meets")
        assert contrast_ratio(meets.ink, base) >= 4.5, meets.ink.name()
        assert meets.frame is not None and contrast_ratio(meets.frame.color(), base) >= 4.5
    finally:
        window.set_dark(False)


def test_a_candidates_number_sits_inside_its_span(make_window, project_path: Path) -> None:
    window = make_window(project(project_path, [(MIXED, [("Fighters", "PERSON"), ("Nusra Front", "ORG"),
                                                          ("جبهة النصرة", "ORG"), ("Aleppo", "GPE"),
                                                          ("of", "ORG")])]))
    window.workspace.set_current(span_of(window, "Fighters").id)
    window.relation_keys.relate_key()
    window.article.viewport().repaint()
    keys, candidates = window.relation_keys, window.relations.candidates
    assert len(keys.badges) == len(candidates) == 4
    for badge, span in zip(keys.badges, candidates, strict=True):
        word = window.workspace.document.text[span.start:span.end]
        inside = [caret(window, i) for i in range(span.start, span.end + 1)]
        assert min(r.left() for r in inside) - 1 <= badge.left() and badge.right() <= max(r.left() for r in inside) + 1, word
        assert inside[0].top() - 1 <= badge.top() and badge.bottom() <= inside[0].bottom() + 1, word


MENTIONS = "Pro-regime forces attacked the Syrian regime paper in Damascus."


def mentions_project(path: Path, status: SpanStatus = SpanStatus.ACCEPTED) -> Path:
    """Two argument mentions (one around an entity) of an attack, and two entities."""
    with create_or_open(path, builtin_schema("news-ace")) as store:
        (doc,) = store.add_documents([Document(MENTIONS, "t", "test", content_hash=content_hash(MENTIONS))])
        ids = {}
        for word, label in (("Pro-regime forces", "MENTION"), ("attacked", "Conflict.Attack"),
                            ("the Syrian regime paper", "MENTION"), ("Syrian", "NORP"), ("Damascus", "GPE")):
            start = MENTIONS.index(word)
            ids[word] = store.insert_span(Span(doc, start, start + len(word), label,
                                               status if label == "MENTION" else SpanStatus.ACCEPTED, "user"))
        store.insert_event(Event(doc, "Conflict.Attack", ids["attacked"], [
            Argument("Attacker", ids["Pro-regime forces"]), Argument("Target", ids["the Syrian regime paper"])]))
    return path


def format_at(window: MainWindow, offset: int) -> QTextCharFormat | None:
    """The character format the highlighter gave the code point at ``offset``."""
    view = window.article
    view.highlighter.finish()
    block = view.document().findBlock(view.to_qt(offset))
    position = view.to_qt(offset) - block.position()
    ranges = block.layout().formats()
    found = [QTextCharFormat(r.format) for r in ranges if r.start <= position < r.start + r.length]
    return found[-1] if found else None


def test_a_mention_is_underlined_not_filled_and_an_entity_inside_keeps_its_fill(make_window, project_path: Path) -> None:
    window = make_window(mentions_project(project_path))
    window.open_document(1)
    dotted = QTextCharFormat.UnderlineStyle.DotLine
    mention = format_at(window, MENTIONS.index("forces"))
    entity = format_at(window, MENTIONS.index("Damascus"))
    nested = format_at(window, MENTIONS.index("Syrian"))
    assert mention is not None and entity is not None and nested is not None
    assert mention.underlineStyle() == dotted and mention.background().style() == Qt.BrushStyle.NoBrush
    assert entity.underlineStyle() != dotted and entity.background().style() != Qt.BrushStyle.NoBrush
    # NORP inside the mention: its own fill, and the mention's underline under it.
    assert nested.underlineStyle() == dotted and nested.background().color() == entity_fill(window, "NORP")
    base = window.article.palette().base().color()
    assert contrast_ratio(mention.underlineColor(), base) >= 3  # a line on the background: WCAG's 3


def entity_fill(window: MainWindow, label: str):
    offset = MENTIONS.index("Syrian")
    span = next(s for s in window.workspace.spans.values() if s.label == label and s.start == offset)
    return window.article.highlighter.format_for(span, False).background().color()


def background_share(window: MainWindow, span_id: int) -> float:
    """How much of a span's tag, on the rows just inside its border above and below the text,
    shows the article's background (an outlined tag: nearly all, a filled one: nothing)."""
    box = tag_box(window, span_id)
    image = window.article.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    base = window.article.palette().base().color()
    inside = [image.pixelColor(round(x * ratio), round(y * ratio))
              for x in range(int(box.left()) + 4, int(box.right()) - 3)
              for y in (box.top() + 2, box.bottom() - 2)]
    same = sum(1 for c in inside if abs(c.lightness() - base.lightness()) < 20)
    return same / len(inside)


def transparent_share(window: MainWindow, span: Span) -> float:
    """How much of a span's tag, drawn large, is see-through on the rows above its text."""
    view = window.article
    pixmap = view.tag_pixmaps.get(span.label, span.status, view.colour_of(span.label), view.span_layout.tag_font(),
                                  (80, 30), 8, 1.0, view.palette().base().color(), view.is_mention(span.label))
    image = pixmap.toImage()
    row = [image.pixelColor(x, y).alpha() for x in range(4, 76) for y in (3, 4)]
    return sum(1 for a in row if a == 0) / len(row)


def test_a_mentions_tag_is_outlined_where_an_entitys_is_filled_in_both_themes(make_window, project_path: Path,
                                                                               qtbot) -> None:
    window = make_window(mentions_project(project_path))
    window.open_document(1)
    mention, entity = span_of(window, "Pro-regime forces"), span_of(window, "Damascus")
    for dark in (False, True):
        window.set_dark(dark)
        try:
            qtbot.waitUntil(lambda d=dark: (window.article.palette().base().color().lightness() < 60) == d)
            assert background_share(window, mention.id) > 0.5, dark
            assert background_share(window, entity.id) < 0.3, dark
            assert transparent_share(window, mention) > 0.9 and transparent_share(window, entity) == 0, dark
            line = format_at(window, mention.start).underlineColor()
            assert contrast_ratio(line, window.article.palette().base().color()) >= 3, (dark, line.name())
        finally:
            window.set_dark(False)


def test_a_proposed_mention_is_drawn_apart_from_a_proposed_entity(make_window, project_path: Path) -> None:
    window = make_window(mentions_project(project_path, SpanStatus.PROPOSED))
    window.open_document(1)
    view = window.article
    mention = next(s for s in window.workspace.spans.values() if s.label == "MENTION")
    entity = Span(1, 0, 3, "PERSON", SpanStatus.PROPOSED)
    ours, theirs = view.highlighter.format_for(mention, False), view.highlighter.format_for(entity, False)
    assert ours.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert theirs.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert ours.background().style() == Qt.BrushStyle.NoBrush != theirs.background().style()
    accepted = Span(1, 0, 3, "MENTION", SpanStatus.ACCEPTED)
    assert ours.underlineColor().alpha() < view.highlighter.format_for(accepted, False).underlineColor().alpha()


def test_the_window_offers_mentions_for_any_role(make_window, project_path: Path) -> None:
    window = make_window(mentions_project(project_path))
    window.open_document(1)
    events = window.events
    (event_id,) = events.events
    events.select_event(event_id)
    attack = builtin_schema("news-ace").event_type("Conflict.Attack")
    assert attack is not None
    events.arm([r.name for r in attack.roles].index("Time") + 1)  # DATE and TIME only, and no such span
    assert [window.workspace.document.text[s.start:s.end] for s in events.candidates] == [
        "Pro-regime forces", "the Syrian regime paper"]
    assert all(w.kind != "label_not_allowed" for w in events.warnings(events.events[event_id]))
    card = window.event_panel.card
    row = [r.name for r in attack.roles].index("Attacker")
    assert card.item(row, 2).text() == "PERSON, ORG, NORP, GPE, MENTION"
    # The article's counts say how many of its spans are mentions, no entities.
    assert "of them 2 MENTION mentions" in window.spans.counts.text()
