"""Reading everything brat carries: into parsed documents, and through a real import into a
project (relations, equivalence sets, events as arguments, fragments, attributes, norms, notes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.exports.run import export
from annotate.formats.brat_in import read_brat_document
from annotate.model import Normalization
from annotate.schema import Schema
from store import open_project
from tests.annotate.brat_corpus import NEWS, at, corpus_docs, import_into, news_ann, t_line, write_corpus


def read(tmp_path: Path, text: str, ann: str):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")
    (tmp_path / "a.ann").write_text(ann, encoding="utf-8", newline="")
    return read_brat_document(tmp_path / "a.txt", tmp_path / "a.ann")


def test_every_kind_is_read_into_the_parsed_document(tmp_path: Path) -> None:
    doc, warnings = read(tmp_path, NEWS, news_ann())
    assert warnings == []
    words = {i: NEWS[s.start:s.end] for i, s in enumerate(doc.spans)}
    facility = doc.spans[9]
    assert facility.fragments == (at(NEWS, "convoy"), at(NEWS, "gate"))  # one span, two pieces
    assert (facility.start, facility.end) == (at(NEWS, "convoy")[0], at(NEWS, "gate")[1])
    meet, report, attack = doc.events
    assert [(r, words[i]) for r, i in meet.arguments] == [("Entity", "Kerry"), ("Entity2", "Putin"),
                                                          ("Place", "Moscow"), ("Time", "Thursday")]
    # E2's argument E3 comes later in the file: the argument is that event, its span the trigger
    assert report.argument_events == {1: 2} and words[report.arguments[1][1]] == "attacked"
    located, member, cause = doc.relations
    assert (words[located.head], words[located.child]) == ("Moscow City Council", "Moscow")
    assert (words[cause.head], words[cause.child]) == ("attacked", "reported")  # E ids: their triggers
    assert doc.meta["_brat_relation_roles"] == [("Arg1", "Arg2"), ("Member", "Group"), ("Arg1", "Arg2")]
    (equiv,) = doc.equivalences
    assert equiv.type == "Equiv" and [words[m] for m in equiv.members] == ["Kerry", "Lavrov"]
    assert meet.attributes == {"Modality": "Other"} and attack.attributes == {"Negation": "true"}
    assert doc.spans[4].attributes == {"Notable": "true"} and doc.spans[1].attributes == {"Confidence": "High"}
    assert located.attributes == {"Certain": "true"}
    assert doc.spans[0].norms == [Normalization("Wikipedia", "32616", "John Kerry", "Reference")]
    assert meet.norms == [Normalization("Wikidata", "Q1", "meeting")]
    assert doc.spans[0].note == "US Secretary of State\nat the time"  # two notes: two lines of one
    assert attack.note == "unconfirmed" and member.note == "former member"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_fragments_split_only_by_line_breaks_are_one_span(newline: str, tmp_path: Path) -> None:
    text = f"Kerry met the Secretary{newline}General in Geneva.{newline}{newline}Then he left."
    secretary, general = at(text, "Secretary"), at(text, "General")
    ann = (f"T1\tPerson {secretary[0]} {secretary[1]};{general[0]} {general[1]}\tSecretary General\n"
           f"T2\tPerson {at(text, 'Geneva')[0]} {at(text, 'Geneva')[1]};{at(text, 'Then')[0]} {at(text, 'Then')[1]}\tGeneva Then\n"
           f"T3\tPerson 0 5;10 13\tKerry the\n")
    doc, _ = read(tmp_path, text, ann)
    assert (doc.spans[0].start, doc.spans[0].end, doc.spans[0].fragments) == (secretary[0], general[1], ())
    assert doc.spans[1].fragments == (at(text, "Geneva"), at(text, "Then"))  # the gap holds a "."
    assert doc.spans[2].fragments == ((0, 5), (10, 13))  # a gap with text stays a gap


def test_a_gap_of_blank_lines_only_is_joined(tmp_path: Path) -> None:
    text = "Geneva\n\n\r\nThen"
    doc, _ = read(tmp_path, text, "T1\tGPE 0 6;10 14\tGeneva Then\n")
    assert (doc.spans[0].start, doc.spans[0].end, doc.spans[0].fragments) == (0, 14, ())


def test_things_annotary_cannot_hold_are_counted_by_file_and_line(tmp_path: Path) -> None:
    text = "Kerry met Putin."
    ann = ("T1\tPerson 0 5\tKerry\nT2\tPerson 10 15\tPutin\nR1\tKnows Arg1:T1 Arg2:T2\nA1\tSure R1\n"
           "N1\tReference R1 Wikidata:Q5\tknowing\n#1\tAnnotatorNotes A1\tabout the attribute\n"
           "*\tEquiv T1\n#2\tAnnotatorNotes *\tthe set\nN2\tReference T1 Wikipedia:1\tKerry\n#3\tAnnotatorNotes N2\tx\n")
    doc, warnings = read(tmp_path, text, ann)
    ann_path = tmp_path / "a.ann"
    assert sorted(warnings) == sorted([
        f"{ann_path}: 1 normalisations on relations skipped (Annotary keeps them on spans and events) (line 5)",
        f"{ann_path}: 3 notes on attributes, normalisations or notes skipped (Annotary keeps notes on spans, "
        "events and relations) (lines 6, 8, 10)",
        f"{ann_path}: 1 equivalence sets with fewer than two members skipped (line 7)",
    ])
    assert doc.relations[0].attributes == {"Sure": "true"} and doc.equivalences == []


@pytest.mark.parametrize("ann, problem", [
    ("T1\tPerson 0 5\tKerry\nT2\tMeet 6 9\tmet\nE1\tMeet:T2 Theme:E2\nE2\tMeet:T2 Theme:E1\n",
     "line 3: events are arguments of each other in a cycle (E1 → E2 → E1)"),
    ("T1\tMeet 6 9\tmet\nE1\tMeet:T1 Theme:E1\n", "line 2: events are arguments of each other in a cycle (E1 → E1)"),
    ("T1\tPerson 0 5\tKerry\nR1\tKnows Arg1:T1 Arg2:T9\n", "line 2: relation argument 'Arg2:T9' names missing annotation 'T9'"),
    ("T1\tPerson 0 5\tKerry\nR1\tKnows Arg1:T1\n", "line 2: an R line needs TYPE ARG1:ID ARG2:ID"),
    ("T1\tPerson 0 5\tKerry\nR1\tKnows Arg1:T1 T1\n", "line 2: cannot read relation argument 'T1'"),
    ("T1\tPerson 0 5\tKerry\n*\tEquiv T1 T7\n", "line 2: equivalence member names missing annotation 'T7'"),
    ("T1\tPerson 0 5\tKerry\nN1\tReference T1 32616\tKerry\n", "line 2: an N line needs TYPE TARGET RESOURCE:ID<TAB>TEXT"),
    ("T1\tPerson 0 5\tKerry\nN1\tReference T4 Wikipedia:1\tKerry\n", "line 2: normalisation target 'T4' is not an annotation"),
    ("T1\tPerson 0 5\tKerry\nN1\tReference T1 W:1\tK\nA1\tSure N1\n", "line 3: attribute is on 'N1'; brat puts it on a T, E or R"),
    ("T1\tPerson 0 5\tKerry\nA1\tSure T2\n", "line 2: attribute target 'T2' is not an annotation of this file"),
    ("T1\tPerson 0 5\tKerry\n#1\tAnnotatorNotes T3\tx\n", "line 2: note refers to missing annotation 'T3'"),
    ("T1\tPerson 0 5\tKerry\nT1\tPerson 10 15\tPutin\n", "line 2: duplicate id T1"),
    ("T1\tPerson 0 5\tKery\n", "line 1: span text 'Kery' differs from the .txt"),
    ("T1\tMeet 6 9\tmet\nE1\tMeet:T1 Theme:T5\n", "line 2: event argument 'Theme:T5' names missing annotation 'T5'"),
])
def test_bad_lines_fail_with_the_file_and_line(ann: str, problem: str, tmp_path: Path) -> None:
    with pytest.raises(ImportFailed) as failed:
        read(tmp_path, "Kerry met Putin.", ann)
    assert f"a.ann, {problem}" in str(failed.value)


def test_fragments_out_of_order_are_read_in_text_order_and_said(tmp_path: Path) -> None:
    doc, warnings = read(tmp_path, "Kerry met Putin.", "T1\tPerson 10 15;0 5\tPutin Kerry\n")
    assert doc.spans[0].fragments == ((0, 5), (10, 15)) and (doc.spans[0].start, doc.spans[0].end) == (0, 15)
    assert warnings == [f"{tmp_path / 'a.ann'}: 1 discontinuous spans with fragments out of text order, "
                        "read in text order (line 1)"]


def test_an_import_stores_every_kind_and_extends_the_schema(tmp_path: Path) -> None:
    source = write_corpus(tmp_path / "in", corpus_docs())
    report = import_into(tmp_path / "p.annotary", source)
    assert (report.relations, report.equivalences) == (4, 1)
    with open_project(tmp_path / "p.annotary", readonly=True) as store:
        schema = store.schema()
        member = schema.relation_type("Member-of")
        assert (member.head_role, member.child_role, member.head_labels, member.child_labels) == (
            "Member", "Group", ("Person",), ("Organization",))
        assert schema.relation_type("Equiv").equivalence
        assert schema.span_rules == ["<OVERLAP>\tArg1:GPE, Arg2:Organization, <OVL-TYPE>:contain"]
        assert schema.attribute("Confidence").targets == ("Person", "Organization")
        assert schema.event_type("Report").role("Event").labels == ("Meet", "Attack", "Report")
        (news,) = [i for i in store.document_ids() if store.document(i).text == NEWS]
        spans = {s.id: s for s in store.spans(news)}
        events = {e.type: e for e in store.events(news)}
        (argument,) = [a for a in events["Report"].arguments if a.role == "Event"]
        assert argument.event_id == events["Attack"].id and argument.span_id == events["Attack"].trigger_span_id
        relations = {r.type: r for r in store.relations(news)}
        assert relations["Cause"].head_span_id == events["Attack"].trigger_span_id
        assert relations["Located"].attributes == {"Certain": "true"}
        assert relations["Member-of"].note == "former member"
        (equiv,) = store.equivalences(news)
        assert sorted(NEWS[spans[i].start:spans[i].end] for i in equiv.span_ids) == ["Kerry", "Lavrov"]
        kerry = next(s for s in spans.values() if NEWS[s.start:s.end] == "Kerry")
        assert kerry.note == "US Secretary of State\nat the time" and kerry.norms[0].reference == "32616"
        facility = next(s for s in spans.values() if s.label == "Facility")
        assert facility.fragments == (at(NEWS, "convoy"), at(NEWS, "gate"))


def test_without_a_conf_the_names_brat_used_become_the_schema(tmp_path: Path) -> None:
    text = "Kerry met Putin in Moscow."
    ann = "\n".join([t_line("T1", "Person", text, "Kerry"), t_line("T2", "GPE", text, "Moscow"),
                     t_line("T3", "Meet", text, "met"), "E1\tMeet:T3 Entity:T1", "R1\tLocated Subject:T1 Place:T2",
                     "R2\tLocated Place:T2 Subject:T1", "*\tSame T1 T1", "A1\tNotable T1",
                     "A2\tCertain R1 Yes", "A3\tNegation E1"]) + "\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    report = import_into(tmp_path / "p.annotary", folder, schema=Schema("empty"))
    assert {"relation type Located", "attribute Notable", "attribute Certain", "event type Meet"} <= set(report.schema_additions)
    assert "entity label Meet" not in report.schema_additions  # a trigger's label is its event type
    with open_project(tmp_path / "p.annotary", readonly=True) as store:
        schema = store.schema()
        located = schema.relation_type("Located")
        assert (located.head_role, located.child_role) == ("Subject", "Place")
        assert schema.attribute("Notable").targets == ("<ENTITY>",)
        assert schema.attribute("Certain").targets == ("<RELATION>",)
        assert schema.attribute("Negation").targets == ("<EVENT>",)
        # R2 named Place first: still the same relation, Subject the head
        heads = {(r.head_span_id, r.child_span_id) for r in store.relations(1)}
        assert len(heads) == 1
        assert store.equivalences(1) == []  # one member twice: fewer than two members


def test_what_the_conf_cannot_say_exactly_reaches_the_import_report(tmp_path: Path) -> None:
    text = "Kerry met Putin."
    conf = "[entities]\nPerson\n[relations]\n[events]\nMeet\tEntity{2}:Person\n[attributes]\n"
    source = write_corpus(tmp_path / "in", {"a": (text, t_line("T1", "Person", text, "Kerry") + "\n")}, conf)
    report = import_into(tmp_path / "p.annotary", source)
    assert any(w.endswith("annotation.conf, line 5: role Meet/Entity{2} read as Entity+ (Annotary counts "
                          "arguments as 1, ?, * or +)") for w in report.warnings), report.warnings


def test_overlapping_repeated_or_touching_fragments_are_read_as_their_union(tmp_path: Path) -> None:
    text = "Rebels attacked the convoy near Kyiv.\nLater more."
    ann = ("T1\tGPE 0 6;3 10\tRebels els att\n"  # overlapping
           "T2\tPerson 20 26;20 26\tconvoy convoy\n"  # repeated
           "T3\tPerson 32 34;34 36\tKy iv\n"  # touching
           "T4\tPerson 27 31;0 6;3 10\tnear Rebels els att\n"  # out of order and overlapping: one gap left
           "T5\tPerson 32 37;38 43\tKyiv. Later\n"  # a line break between: one span
           "T6\tPerson 0 6;16 19\tRebels the\n")  # apart: two fragments, said nothing of
    doc, warnings = read(tmp_path, text, ann)
    assert [(s.start, s.end, s.fragments) for s in doc.spans] == [
        (0, 10, ()), (20, 26, ()), (32, 36, ()), (0, 31, ((0, 10), (27, 31))), (32, 43, ()),
        (0, 19, ((0, 6), (16, 19)))]
    path = tmp_path / "a.ann"
    assert sorted(warnings) == sorted([
        f"{path}: 1 discontinuous spans with fragments out of text order, read in text order (line 4)",
        f"{path}: 4 spans with overlapping, repeated or touching fragments, read as their union "
        "(the characters brat draws) (lines 1, 2, 3, 4)"])


def test_a_span_of_overlapping_fragments_imported_from_brat_survives_annotarys_own_formats(tmp_path: Path) -> None:
    text = "Rebels attacked the convoy near Kyiv on Monday.\nLater more.\n"
    ann = "T1\tGPE 0 6;3 10\tRebels els att\nT2\tPerson 20 26\tconvoy\n"
    report = import_into(tmp_path / "p.annotary", write_corpus(tmp_path / "in", {"a": (text, ann)}))
    assert any("1 spans with overlapping, repeated or touching fragments" in w and w.endswith("(line 1)")
               for w in report.warnings), report.warnings
    with open_project(tmp_path / "p.annotary", readonly=True) as store:
        export(store, tmp_path / "jl", "jsonl", status="all")
    again = import_into(tmp_path / "again.annotary", *(tmp_path / "jl").glob("*.jsonl"))  # failed before
    assert again.spans == 2
    with open_project(tmp_path / "again.annotary", readonly=True) as store:
        spans = store.spans(store.document_ids()[0])
        assert sorted((s.start, s.end, s.label, s.fragments) for s in spans) == [(0, 10, "GPE", ()),
                                                                                (20, 26, "Person", ())]
