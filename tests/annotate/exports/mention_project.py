"""A project whose events have argument mentions (the news-ace schema's MENTION label: role
fillers that are no names), built through the domain, for the export tests of mentions."""

from __future__ import annotations

from pathlib import Path

from annotate.actions import CreateSpan, CreateTriggeredEvent, RejectSpan, SetArgument, SetDocumentStatus
from annotate.model import DocStatus, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

PEOPLE = ["Kerry", "Putin", "Lavrov", "Blinken", "Guterres", "Ruto", "Tinubu", "Kagame"]
PLACES = ["Damascus", "Aleppo", "Homs", "Idlib", "Hama"]
# Emoji and Arabic before the spans: offsets are code points.
DETAIL = ("🌊 Pro-regime forces attacked a bland regime paper in Damascus on Monday. "
          "The Syrian regime forces held significant negotiations with Lavrov in حلب.")


def at(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def build(path: Path, reports: int = 130) -> dict:
    """The project (enough documents for spaCy's debug data): ``reports`` short documents with a mention argument each, and the detail
    document: three accepted mentions (one around an entity), each an argument; an unreviewed
    mention and a rejected one; every document marked done."""
    store = open_project(path, create=True, schema=builtin_schema("news-ace"))
    session = Session(store)
    for i in range(reports):
        person, place = PEOPLE[i % len(PEOPLE)], PLACES[i % len(PLACES)]
        text = f"Report {i}. Armed men attacked {person} in {place} on Friday."
        doc = add_document(session, text, f"Report {i}")
        ids = {}
        for word, label in (("Armed men", "MENTION"), (person, "PERSON"), (place, "GPE"), ("Friday", "DATE")):
            session.apply(made := CreateSpan(doc, *at(text, word), label))
            ids[word] = made.span_id
        session.apply(attack := CreateTriggeredEvent(doc, "Conflict.Attack", *at(text, "attacked")))
        for role, word in (("Attacker", "Armed men"), ("Target", person), ("Place", place), ("Time", "Friday")):
            session.apply(SetArgument(attack.event_id, role, ids[word]))
        session.apply(SetDocumentStatus(doc, DocStatus.DONE))

    doc = add_document(session, DETAIL, "Detail")
    ids = {}
    for word, label in (("Pro-regime forces", "MENTION"), ("a bland regime paper", "MENTION"),
                        ("The Syrian regime forces", "MENTION"), ("Syrian", "NORP"), ("Damascus", "GPE"),
                        ("Monday", "DATE"), ("Lavrov", "PERSON"), ("حلب", "GPE")):
        session.apply(made := CreateSpan(doc, *at(DETAIL, word), label))
        ids[word] = made.span_id
    session.apply(CreateSpan(doc, *at(DETAIL, "significant negotiations"), "MENTION", SpanStatus.PROPOSED,
                             "model:events@1"))
    session.apply(rejected := CreateSpan(doc, *at(DETAIL, "regime paper"), "MENTION", SpanStatus.PROPOSED,
                                         "model:events@1"))
    session.apply(RejectSpan(rejected.span_id))
    session.apply(attack := CreateTriggeredEvent(doc, "Conflict.Attack", *at(DETAIL, "attacked")))
    for role, word in (("Attacker", "Pro-regime forces"), ("Target", "a bland regime paper"),
                       ("Place", "Damascus"), ("Time", "Monday")):
        session.apply(SetArgument(attack.event_id, role, ids[word]))
    session.apply(meet := CreateTriggeredEvent(doc, "Contact.Meet", *at(DETAIL, "held")))
    for role, word in (("Entity", "The Syrian regime forces"), ("Entity", "Lavrov"), ("Place", "حلب")):
        session.apply(SetArgument(meet.event_id, role, ids[word]))
    session.apply(SetDocumentStatus(doc, DocStatus.DONE))
    store.close()
    # Accepted mentions: one per report, three in the detail document.
    return {"documents": reports + 1, "mentions": reports + 3, "detail": DETAIL}
