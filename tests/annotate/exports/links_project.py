"""A project with every kind of annotation ADR 0009 added, on text with combining marks, emoji and
Arabic: relations (one with an end off token boundaries), an event whose argument is an event,
equivalence sets, norms, span attributes, a discontinuous span, notes on spans, events and
relations, a rejected span with a note and an unreviewed proposal.

It is stored through the real import path (``Session.import_batch``), the only way relations
and equivalence sets enter a project so far, and read back with :func:`links_snapshot`, which
names every span by its offsets, label and pieces so that two projects compare."""

from __future__ import annotations

from pathlib import Path

from annotate.formats.parsed import (
    ParsedBatch,
    ParsedDocument,
    ParsedEquivalence,
    ParsedEvent,
    ParsedRelation,
    ParsedSpan,
)
from annotate.model import Normalization, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import ARABIC_TEXT, COMBINING_TEXT, EMOJI_TEXT

LATIN = COMBINING_TEXT + " North and South America condemned the attack after Arriaga's visit."


def at(text: str, word: str, after: int = 0) -> tuple[int, int]:
    start = text.index(word, after)
    return start, start + len(word)


def _latin() -> ParsedDocument:
    text = LATIN
    doc = ParsedDocument(text, "Combining marks", "test")
    north, america = at(text, "North"), at(text, "America")
    doc.spans = [
        ParsedSpan(*at(text, "Jose\u0301 Arriaga"), "PERSON", note="first line\nsecond line",
                   attributes={"Title": "Envoy"},
                   norms=[Normalization("Wikidata", "Q5", "José Arriaga"), Normalization("GeoNames", "1", "", "Alias")]),
        ParsedSpan(*at(text, "envoys"), "PERSON"),
        ParsedSpan(*at(text, "Geneva"), "GPE", norms=[Normalization("GeoNames", "2660646", "Genève")]),
        ParsedSpan(north[0], america[1], "LOC", fragments=(north, america)),  # 3: in pieces
        ParsedSpan(*at(text, "South America"), "LOC"),
        ParsedSpan(*at(text, "met"), "Contact.Meet"),  # 5
        ParsedSpan(*at(text, "condemned"), "Statement.Condemn"),  # 6
        ParsedSpan(*at(text, "attack"), "Conflict.Attack"),  # 7
        ParsedSpan(*at(text, "Arriaga", text.index("after")), "PERSON"),  # 8
        ParsedSpan(*at(text, "envoys"), "ORG", SpanStatus.REJECTED, note="not an organisation"),
    ]
    doc.events = [
        # The condemning names the attack, which comes after it in the list.
        ParsedEvent("Statement.Condemn", 6, [("Speaker", 3), ("Theme", 7)], argument_events={1: 2},
                    note="an event as argument"),
        ParsedEvent("Contact.Meet", 5, [("Entity", 0), ("Entity", 1), ("Place", 2)], {"Modality": "Asserted"},
                    norms=[Normalization("FrameNet", "Meet_with", "Meet with")], note="talks 🙏"),
        ParsedEvent("Conflict.Attack", 7, [("Attacker", 4)]),
    ]
    doc.relations = [
        ParsedRelation("Located", 0, 2, note="seen there", attributes={"Certainty": "High"}),
        ParsedRelation("Origin", 1, 3),  # to the span in pieces
        ParsedRelation("Located", 5, 2),  # from a trigger
    ]
    doc.equivalences = [ParsedEquivalence("Equiv", (0, 8))]
    return doc


def _emoji() -> ParsedDocument:
    text = EMOJI_TEXT
    doc = ParsedDocument(text, "Emoji", "test")
    graca = at(text, "Graça")[0]
    doc.spans = [
        ParsedSpan(*at(text, "Beira"), "GPE", note="🌊 coast"),
        ParsedSpan(*at(text, "Graça Machel"), "PERSON", attributes={"Gender": "F"}),
        ParsedSpan(*at(text, "Mozambique"), "GPE"),
        ParsedSpan(graca, graca + 3, "PERSON"),  # "Gra": not on token boundaries
        ParsedSpan(*at(text, "Flood"), "EVENT", SpanStatus.PROPOSED),  # unreviewed
    ]
    doc.relations = [ParsedRelation("Located", 1, 2), ParsedRelation("Visits", 3, 0)]  # the second off tokens
    doc.equivalences = [ParsedEquivalence("Equiv", (0, 2))]
    return doc


def _arabic() -> ParsedDocument:
    text = ARABIC_TEXT
    doc = ParsedDocument(text, "Arabic", "test")
    doc.spans = [
        ParsedSpan(*at(text, "المتظاهرون"), "NORP", attributes={"Number": "Plural"}, note="المحتجون"),
        ParsedSpan(*at(text, "محكمة القاهرة"), "FAC"),
        ParsedSpan(*at(text, "القاهرة"), "GPE", norms=[Normalization("Wikidata", "Q85", "القاهرة")]),
    ]
    doc.relations = [ParsedRelation("Located", 1, 2, note="في القاهرة"), ParsedRelation("Near", 0, 1)]
    return doc


def build_links(path: Path, status: str = "new") -> None:
    """Store the three documents in a new project at ``path`` (``status`` "done": marked done,
    but for the one with an unreviewed proposal, which an import never marks done)."""
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch(documents=[_latin(), _emoji(), _arabic()]), status=status)


def links_snapshot(path: Path) -> dict[str, dict[str, list]]:
    """Every document's annotations by text, each span named by range, label and pieces."""
    out = {}
    with open_project(path, readonly=True) as store:
        for document_id in store.document_ids():
            text = store.document(document_id).text
            spans = store.spans(document_id)
            by_id = {s.id: s for s in spans}
            events = store.events(document_id)

            def ref(span_id: int) -> tuple:
                s = by_id[span_id]
                return s.start, s.end, s.label, s.fragments

            event_ref = {e.id: (e.type, ref(e.trigger_span_id)) for e in events}
            out[text] = {
                "spans": sorted((s.start, s.end, s.label, s.status.value, s.fragments, sorted(s.attributes.items()),
                                 [n.as_dict() for n in s.norms], s.note or "") for s in spans),
                "events": sorted(
                    (e.type, ref(e.trigger_span_id), e.status.value,
                     sorted((a.role, ref(a.span_id), event_ref.get(a.event_id)) for a in e.arguments),
                     sorted(e.attributes.items()), [n.as_dict() for n in e.norms], e.note or "")
                    for e in events),
                "relations": sorted((r.type, ref(r.head_span_id), ref(r.child_span_id), r.status.value, r.note or "",
                                     sorted(r.attributes.items())) for r in store.relations(document_id)),
                "equivalences": sorted((q.type, sorted(ref(m) for m in q.span_ids))
                                       for q in store.equivalences(document_id)),
            }
    return out
