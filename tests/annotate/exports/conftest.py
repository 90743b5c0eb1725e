"""A small annotated project built through the domain, shared by the export tests.

Over a hundred documents (spaCy's debug data wants 100 to train a new pipeline), each with
entities; a few with overlapping spans, rejected proposals, events with a repeated role and an
attribute, emoji and Arabic text; most marked done.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.actions import (
    CreateSpan,
    CreateTriggeredEvent,
    RejectSpan,
    SetArgument,
    SetAttribute,
    SetDocumentStatus,
)
from annotate.model import DocStatus, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import ARABIC_TEXT, EMOJI_TEXT, add_document

PEOPLE = ["Kerry", "Putin", "Lavrov", "Blinken", "Guterres", "Machel", "Ruto", "Tinubu", "Sall", "Kagame"]
PLACES = ["Geneva", "Moscow", "Nairobi", "Dakar", "Kigali", "Cairo", "Beira", "Lagos"]
DAYS = ["Monday", "Tuesday", "Thursday", "Friday"]


def at(text: str, word: str, after: int = 0) -> tuple[int, int]:
    start = text.index(word, after)
    return start, start + len(word)


def build(path: Path) -> dict:
    """The project; returns what the tests compare against."""
    store = open_project(path, create=True, schema=builtin_schema("news-ace"))
    session = Session(store)
    for i in range(140):
        a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i * 3 + 1) % len(PEOPLE)]
        place, day = PLACES[i % len(PLACES)], DAYS[i % len(DAYS)]
        text = f"Report {i}. {a} met {b} in {place} on {day}, officials said."
        doc = add_document(session, text, f"Report {i}")
        for word, label in ((a, "PERSON"), (b, "PERSON"), (place, "GPE"), (day, "DATE")):
            session.apply(CreateSpan(doc, *at(text, word, text.index(".") + 1), label))
        session.apply(SetDocumentStatus(doc, DocStatus.DONE))

    # The document every format is checked on in detail.
    text = ("Kerry will meet Putin and Lavrov in Moscow on Thursday. "
            "The United Nations Security Council met later. Rebels attacked the convoy.")
    doc = add_document(session, text, "Detail")
    ids = {}
    for word, label in (("Kerry", "PERSON"), ("Putin", "PERSON"), ("Lavrov", "PERSON"), ("Moscow", "GPE"),
                        ("Thursday", "DATE"), ("The United Nations Security Council", "ORG"),
                        ("United Nations", "ORG"), ("Rebels", "NORP"), ("the convoy", "FAC")):
        session.apply(made := CreateSpan(doc, *at(text, word), label))
        ids[word] = made.span_id
    session.apply(officials := CreateSpan(doc, *at(text, "Rebels"), "PERSON", SpanStatus.PROPOSED, "model:x@1"))
    session.apply(RejectSpan(officials.span_id))
    session.apply(meet := CreateTriggeredEvent(doc, "Contact.Meet", *at(text, "meet")))
    for word in ("Putin", "Lavrov"):  # a repeated role
        session.apply(SetArgument(meet.event_id, "Entity", ids[word]))
    session.apply(SetArgument(meet.event_id, "Entity", ids["Kerry"]))
    session.apply(SetArgument(meet.event_id, "Place", ids["Moscow"]))
    session.apply(SetArgument(meet.event_id, "Time", ids["Thursday"]))
    session.apply(SetAttribute(meet.event_id, "Modality", "Other"))
    session.apply(attack := CreateTriggeredEvent(doc, "Conflict.Attack", *at(text, "attacked")))
    session.apply(SetArgument(attack.event_id, "Attacker", ids["Rebels"]))
    session.apply(SetArgument(attack.event_id, "Target", ids["the convoy"]))
    session.apply(SetDocumentStatus(doc, DocStatus.DONE))

    for text, word, label in ((EMOJI_TEXT, "Beira 🙏", "GPE"), (ARABIC_TEXT, "القاهرة", "GPE")):
        other = add_document(session, text, "Unicode")
        session.apply(CreateSpan(other, *at(text, word), label))
        if text == EMOJI_TEXT:  # made in character mode: not on token boundaries
            session.apply(CreateSpan(other, at(text, "Graça")[0], at(text, "Graça")[0] + 3, "PERSON"))
        session.apply(SetDocumentStatus(other, DocStatus.DONE))
    not_done = add_document(session, "Ruto spoke in Nairobi.", "Not done")
    session.apply(CreateSpan(not_done, 0, 4, "PERSON"))
    store.close()
    return {"detail": doc, "documents": 143, "not_done": not_done}


@pytest.fixture(scope="session")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The project file (do not change it) and facts about it."""
    path = tmp_path_factory.mktemp("export") / "annotated.annotary"
    return path, build(path)


def snapshot(path: Path) -> dict:
    """Every document's annotations by text, comparable across projects."""
    out = {}
    with open_project(path) as store:
        for document_id in store.document_ids():
            document = store.document(document_id)
            text = document.text
            spans = store.spans(document_id)
            by_id = {s.id: s for s in spans}

            def ref(span_id: int) -> tuple:
                s = by_id[span_id]
                return (text[s.start:s.end], s.start, s.label)

            out[text] = {
                "spans": sorted((s.start, s.end, s.label, str(s.status)) for s in spans if s.status != SpanStatus.PROPOSED),
                "events": sorted(
                    (e.type, ref(e.trigger_span_id), tuple(sorted((a.role, ref(a.span_id)) for a in e.arguments)),
                     tuple(sorted(e.attributes.items())))
                    for e in store.events(document_id)
                ),
            }
    return out
