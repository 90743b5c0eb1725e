"""Writing brat: every kind from a real project, spans across line breaks, and an
annotation.conf that allows what the documents hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotate.exports.brat_conf_out import ANY_OVERLAP
from annotate.exports.brat_out import EDGE_BREAK, ONLY_BREAKS, write_brat
from annotate.exports.collect import ExportDocument, collect
from annotate.formats.brat_check import check_document
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEquivalence, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import Normalization
from annotate.schema import AttributeDef, EntityLabel, EventType, RelationType, Role, Schema
from annotate.session import Session
from store import open_project
from tests.annotate.brat_corpus import at, export_brat, import_into, read_pairs

SCHEMA = Schema(
    "test",
    entity_labels=[EntityLabel("PERSON", "#111111"), EntityLabel("GPE", "#222222"), EntityLabel("ORG", "#333333")],
    event_types=[EventType("Contact.Meet", "#444444", [Role("Entity", "+", ("PERSON", "ORG")), Role("Place", "?", ("GPE",))]),
                 EventType("Say", "#555555", [Role("Speaker", "?", ("PERSON",)), Role("What", "*")])],
    attributes=[AttributeDef("Negation", ("true",)), AttributeDef("Modality", ("Asserted", "Other")),
                AttributeDef("Famous", ("true",), targets=("<ENTITY>",)),
                AttributeDef("Sure", ("Yes", "No"), targets=("<RELATION>",))],
    relation_types=[RelationType("Located.In", "#666666", ("PERSON", "ORG"), ("GPE",), "Located", "Place"),
                    RelationType("Same", "#777777", symmetric=True, transitive=True),
                    RelationType("Follows", "#888888")],
)


def project_with(tmp_path: Path, *docs: ParsedDocument, schema: Schema = SCHEMA) -> Path:
    path = tmp_path / "p.annotary"
    with open_project(path, create=True, schema=schema) as store:
        Session(store).import_batch(ParsedBatch(documents=list(docs)))
    return path


def only_ann(folder: Path) -> str:
    (ann,) = [pair[1] for pair in read_pairs(folder).values()]
    return ann


def test_every_kind_is_written(tmp_path: Path) -> None:
    text = "Kerry met Putin in Moscow.\nLavrov said so."
    spans = [ParsedSpan(*at(text, "Kerry"), "PERSON", note="first line\nsecond line",
                        attributes={"Famous": "true"}, norms=[Normalization("Wikipedia", "32616", "John Kerry")]),
             ParsedSpan(*at(text, "met"), "Contact.Meet"), ParsedSpan(*at(text, "Putin"), "PERSON"),
             ParsedSpan(*at(text, "Moscow"), "GPE"), ParsedSpan(*at(text, "Lavrov"), "PERSON"),
             ParsedSpan(*at(text, "said"), "Say"),
             ParsedSpan(at(text, "Kerry")[0], at(text, "Putin")[1], "ORG", fragments=(at(text, "Kerry"), at(text, "Putin")))]
    meet = ParsedEvent("Contact.Meet", 1, [("Entity", 0), ("Entity", 2), ("Place", 3)],
                       {"Modality": "Other", "Negation": "true"}, note="checked", norms=[Normalization("Wikidata", "Q1")])
    say = ParsedEvent("Say", 5, [("Speaker", 4), ("What", 1)], argument_events={1: 0})
    doc = ParsedDocument(text, "t", "test", spans=spans, events=[meet, say],
                         relations=[ParsedRelation("Located.In", 0, 3, note="then", attributes={"Sure": "Yes"}),
                                    ParsedRelation("Follows", 5, 1)],
                         equivalences=[ParsedEquivalence("Same", (0, 4))])
    export_brat(project_with(tmp_path, doc), tmp_path / "out")
    ann = only_ann(tmp_path / "out")
    assert ann.splitlines() == [
        "T1\tPERSON 0 5\tKerry", "T2\tORG 0 5;10 15\tKerry Putin", "T3\tContact-Meet 6 9\tmet",
        "T4\tPERSON 10 15\tPutin", "T5\tGPE 19 25\tMoscow", "T6\tPERSON 27 33\tLavrov", "T7\tSay 34 38\tsaid",
        "A1\tFamous T1", "N1\tReference T1 Wikipedia:32616\tJohn Kerry",
        "#1\tAnnotatorNotes T1\tfirst line", "#2\tAnnotatorNotes T1\tsecond line",
        "E1\tContact-Meet:T3 Entity:T1 Entity2:T4 Place:T5",
        "A2\tModality E1 Other", "A3\tNegation E1", "N2\tReference E1 Wikidata:Q1\t", "#3\tAnnotatorNotes E1\tchecked",
        "E2\tSay:T7 Speaker:T6 What:E1",
        "R1\tLocated-In Located:T1 Place:T5", "A4\tSure R1 Yes", "#4\tAnnotatorNotes R1\tthen",
        "R2\tFollows Arg1:E2 Arg2:E1",  # the ends are triggers: their events' ids
        "*\tSame T1 T6",
    ]
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "Located-In\tLocated:PERSON|ORG, Place:GPE\n" in conf
    assert "Same\tArg1:<ENTITY>, Arg2:<ENTITY>, <REL-TYPE>:symmetric-transitive\n" in conf
    assert "Follows\tArg1:<ANY>, Arg2:<ANY>\n" in conf  # events at its ends
    assert "Say\tSpeaker?:PERSON, What*:<ANY>\n" in conf  # an event in a role of any label
    assert "Famous\tArg:<ENTITY>\n" in conf and "Sure\tArg:<RELATION>, Value:Yes|No\n" in conf
    assert "Negation\tArg:<EVENT>\n" in conf and "Modality\tArg:<EVENT>, Value:Asserted|Other\n" in conf
    assert ANY_OVERLAP in conf  # the ORG "Kerry ... Putin" holds PERSON spans; nothing allowed that
    assert check_document(text, ann, conf) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_span_across_a_line_break_goes_out_as_fragments_and_comes_back_whole(newline: str, tmp_path: Path) -> None:
    text = f"Kerry met the Secretary{newline}General{newline}{newline}of the UN in Geneva."
    start, end = at(text, "Secretary")[0], at(text, "UN")[1]
    project = project_with(tmp_path, ParsedDocument(text, "t", "test", spans=[ParsedSpan(start, end, "PERSON")]))
    report = export_brat(project, tmp_path / "out")
    ann = only_ann(tmp_path / "out")
    pieces = [at(text, "Secretary"), at(text, "General"), (at(text, "of the UN")[0], end)]
    assert ann == f"T1\tPERSON {';'.join(f'{s} {e}' for s, e in pieces)}\tSecretary General of the UN\n"
    assert report.left_out == {}
    again = tmp_path / "again.annotary"
    import_into(again, tmp_path / "out", schema=SCHEMA)
    with open_project(again, readonly=True) as store:
        (span,) = store.spans(store.document_ids()[0])
        assert (span.start, span.end, span.fragments) == (start, end, ())


def test_line_breaks_at_the_edge_of_a_span_are_left_out_and_counted(tmp_path: Path) -> None:
    text = "Kerry\nmet\n\nPutin."
    spans = [ParsedSpan(0, 6, "PERSON"), ParsedSpan(9, 11, "Say"), ParsedSpan(11, 16, "Say")]
    doc = ParsedDocument(text, "t", "test", spans=spans, relations=[ParsedRelation("Located.In", 0, 1)],
                         events=[ParsedEvent("Say", 1, [("Speaker", 0)]), ParsedEvent("Say", 2, [("What", 1)], argument_events={0: 0})])
    report = export_brat(project_with(tmp_path, doc), tmp_path / "out")
    assert only_ann(tmp_path / "out") == "T1\tPERSON 0 5\tKerry\nT2\tSay 11 16\tPutin\nE1\tSay:T2\n"
    # the span of two line breaks cannot go out, nor the event it triggers, the argument naming
    # that event or the relation ending at it
    assert report.left_out == {EDGE_BREAK: 1, ONLY_BREAKS: 4}



def test_the_report_counts_what_the_ann_files_hold(tmp_path: Path) -> None:
    text = "Kerry met\nPutin in Moscow."
    spans = [ParsedSpan(9, 10, "PERSON"), ParsedSpan(0, 5, "PERSON"), ParsedSpan(*at(text, "Moscow"), "GPE"),
             ParsedSpan(9, 10, "Say"), ParsedSpan(*at(text, "met"), "Say")]
    doc = ParsedDocument(text, "t", "test", spans=spans,
                         events=[ParsedEvent("Say", 3, [("Speaker", 1)]), ParsedEvent("Say", 4, [("Speaker", 1)])],
                         relations=[ParsedRelation("Follows", 0, 1), ParsedRelation("Located.In", 1, 2)],
                         equivalences=[ParsedEquivalence("Same", (0, 1)), ParsedEquivalence("Same", (1, 2))])
    report = export_brat(project_with(tmp_path, doc), tmp_path / "out")
    ann = only_ann(tmp_path / "out")
    assert [line[0] for line in ann.splitlines()] == ["T", "T", "T", "E", "R", "*"]
    # the spans of a line break, the event it triggers, the relation and the set member at it: left out
    assert (report.spans, report.events, report.relations, report.equivalences) == (3, 1, 1, 1)
    assert report.left_out == {ONLY_BREAKS: 5}
    assert report.lines()[0] == "Exported 1 documents, 3 spans, 1 events, 1 relation, 1 equivalence set."

class OnceOnly:
    """Documents that can be read once (an export stream), with a length."""

    def __init__(self, docs: list[ExportDocument]) -> None:
        self.docs, self.read = docs, False

    def __len__(self) -> int:
        return len(self.docs)

    def __iter__(self) -> Iterator[ExportDocument]:
        assert not self.read, "read twice"
        self.read = True
        return iter(self.docs)


def test_documents_are_read_once_in_order(tmp_path: Path) -> None:
    docs = [ParsedDocument(f"Kerry met Putin {n}.", f"d{n}", "test", spans=[ParsedSpan(0, 5, "PERSON")]) for n in range(3)]
    project = project_with(tmp_path, *docs)
    seen: list[tuple[int, int]] = []
    with open_project(project, readonly=True) as store:
        exports, report = collect(store, "all")
        out = tmp_path / "out"
        out.mkdir()
        write_brat(OnceOnly(exports), out, store.schema(), report, lambda done, total: seen.append((done, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert len(list(out.glob("*.ann"))) == 3 and report.documents == 3


def test_no_overlap_rule_is_added_when_the_schema_allows_what_is_there(tmp_path: Path) -> None:
    text = "The Moscow City Council met."
    schema = Schema("s", entity_labels=[EntityLabel("ORG", "#111111"), EntityLabel("GPE", "#222222")],
                    span_rules=["<OVERLAP>\tArg1:GPE, Arg2:ORG, <OVL-TYPE>:contain"])
    doc = ParsedDocument(text, "t", "test", spans=[ParsedSpan(*at(text, "Moscow City Council"), "ORG"),
                                                   ParsedSpan(*at(text, "Moscow"), "GPE")])
    export_brat(project_with(tmp_path, doc, schema=schema), tmp_path / "out")
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert ANY_OVERLAP not in conf and "<OVERLAP>\tArg1:GPE, Arg2:ORG, <OVL-TYPE>:contain\n" in conf


def test_an_event_attribute_put_on_a_span_is_declared_for_entities_too(tmp_path: Path) -> None:
    text = "Kerry met Putin."
    doc = ParsedDocument(text, "t", "test", spans=[ParsedSpan(0, 5, "PERSON", attributes={"Negation": "true"})])
    export_brat(project_with(tmp_path, doc), tmp_path / "out")
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    assert "Negation\tArg:<EVENT>|<ENTITY>\n" in conf
    assert check_document(text, only_ann(tmp_path / "out"), conf) == []


def everything(project: Path) -> dict:
    """Every annotation of every document, by text and offsets (ids left out)."""
    out = {}
    with open_project(project, readonly=True) as store:
        for document_id in store.document_ids():
            spans = {s.id: s for s in store.spans(document_id)}
            events = store.events(document_id)

            def key(span_id: int) -> tuple:
                s = spans[span_id]
                return s.start, s.end, s.label

            trigger_of = {e.id: key(e.trigger_span_id) for e in events}
            out[store.document(document_id).text] = {
                "spans": sorted((s.start, s.end, s.label, s.fragments, sorted(s.attributes.items()),
                                 [n.as_dict() for n in s.norms], s.note) for s in spans.values()),
                "events": sorted((e.type, key(e.trigger_span_id), sorted((a.role, key(a.span_id), trigger_of.get(a.event_id))
                                                                         for a in e.arguments),
                                  sorted(e.attributes.items()), [n.as_dict() for n in e.norms], e.note) for e in events),
                "relations": sorted((r.type, key(r.head_span_id), key(r.child_span_id), sorted(r.attributes.items()), r.note)
                                    for r in store.relations(document_id)),
                "equivalences": sorted((q.type, sorted(key(m) for m in q.span_ids)) for q in store.equivalences(document_id)),
            }
    return out


def test_annotary_to_brat_to_annotary_keeps_every_kind(tmp_path: Path) -> None:
    text = "Kerry met Putin in Moscow.\nLavrov said so."
    spans = [ParsedSpan(*at(text, "Kerry"), "PERSON", note="first line\nsecond line", attributes={"Famous": "true"},
                        norms=[Normalization("Wikipedia", "32616", "John Kerry")]),
             ParsedSpan(*at(text, "met"), "Contact.Meet"), ParsedSpan(*at(text, "Putin"), "PERSON"),
             ParsedSpan(*at(text, "Moscow"), "GPE"), ParsedSpan(*at(text, "Lavrov"), "PERSON"),
             ParsedSpan(*at(text, "said"), "Say"),
             ParsedSpan(at(text, "Kerry")[0], at(text, "Putin")[1], "ORG", fragments=(at(text, "Kerry"), at(text, "Putin"))),
             ParsedSpan(at(text, "Moscow")[0], at(text, "Lavrov")[1], "ORG")]  # across the line break
    doc = ParsedDocument(text, "t", "test", spans=spans, events=[
        ParsedEvent("Contact.Meet", 1, [("Entity", 0), ("Entity", 2), ("Place", 3)], {"Modality": "Other"},
                    note="checked", norms=[Normalization("Wikidata", "Q1", "meeting")]),
        ParsedEvent("Say", 5, [("Speaker", 4), ("What", 1)], argument_events={1: 0})],
        relations=[ParsedRelation("Located.In", 3, 0, note="then", attributes={"Sure": "No"}),
                   ParsedRelation("Follows", 5, 1)],
        equivalences=[ParsedEquivalence("Same", (0, 4, 2))])
    project = project_with(tmp_path, doc)
    export_brat(project, tmp_path / "out")
    again = tmp_path / "again.annotary"
    report = import_into(again, tmp_path / "out", schema=SCHEMA)
    # every brat name mapped back to the schema's; only the rule letting the ORG spans overlap is new
    assert report.schema_additions == ["span rule <OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"]
    assert everything(again) == everything(project)
