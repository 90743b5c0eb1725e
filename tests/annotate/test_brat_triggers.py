"""A brat T that is an event's trigger and something else too (another type's trigger, an
argument, a relation end, an equivalence member, an entity): the event gets a trigger span of
its own at the same offsets, and the T stays what it was — through a real import, and brat →
Annotary → brat → Annotary."""

from __future__ import annotations

from pathlib import Path

from annotate.schema import EntityLabel, Schema
from store import open_project
from tests.annotate.brat_corpus import export_brat, import_into, read_pairs, t_line, write_corpus

CONF = ("[entities]\nPerson\nGPE\n[relations]\nLocated\tArg1:Person, Arg2:GPE\n"
        "Equiv\tArg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive\n"
        "[events]\nMeet\tEntity*:Person\nTalk\tEntity*:Person\nSay\tSpeaker?:Person, What?:<EVENT>\n"
        "[attributes]\nNotable\tArg:<ENTITY>\n")
TEXT = "Kerry met Putin in Moscow and said so.\n"
ANN = "\n".join([
    t_line("T1", "Person", TEXT, "Kerry"), t_line("T2", "Person", TEXT, "Putin"), t_line("T3", "GPE", TEXT, "Moscow"),
    t_line("T4", "Meet", TEXT, "met"), t_line("T5", "Say", TEXT, "said"), t_line("T6", "Talking", TEXT, "so"),
    "E1\tMeet:T4 Entity:T1",
    "E2\tTalk:T4 Entity:T2",  # one T, the trigger of events of two types
    "E3\tMeet:T1",  # a Person (an argument of E1 and E4, a relation end, in a set) as a trigger
    "E4\tSay:T5 Speaker:T1 What:E3",  # an event as an argument: its (own) trigger
    "R1\tLocated Arg1:T1 Arg2:T3",  # the Person
    "R2\tLocated Arg1:E3 Arg2:T3",  # the event: its (own) trigger
    "*\tEquiv T1 T2",
    "A1\tNotable T1",
    "E5\tTalk:T6",  # a trigger of nothing else: relabelled to its event type, as ever
]) + "\n"


def snapshot(project: Path) -> dict:
    """What the project holds, spans by (text, label)."""
    with open_project(project, readonly=True) as store:
        (doc_id,) = store.document_ids()
        text = store.document(doc_id).text
        spans = {s.id: s for s in store.spans(doc_id)}

        def key(span_id: int) -> tuple[str, str]:
            return text[spans[span_id].start:spans[span_id].end], spans[span_id].label

        events = store.events(doc_id)
        trigger_of = {e.id: key(e.trigger_span_id) for e in events}
        return {
            "spans": sorted((*key(s.id), s.fragments, sorted(s.attributes.items())) for s in spans.values()),
            "events": sorted((e.type, key(e.trigger_span_id),
                              sorted((a.role, key(a.span_id), trigger_of.get(a.event_id)) for a in e.arguments))
                             for e in events),
            "relations": sorted((r.type, key(r.head_span_id), key(r.child_span_id)) for r in store.relations(doc_id)),
            "equivalences": sorted((q.type, sorted(key(m) for m in q.span_ids)) for q in store.equivalences(doc_id)),
        }


EXPECTED = {
    "spans": [("Kerry", "Meet", (), []), ("Kerry", "Person", (), [("Notable", "true")]), ("Moscow", "GPE", (), []),
              ("Putin", "Person", (), []), ("met", "Meet", (), []), ("met", "Talk", (), []), ("said", "Say", (), []), ("so", "Talk", (), [])],
    "events": [("Meet", ("Kerry", "Meet"), []),
               ("Meet", ("met", "Meet"), [("Entity", ("Kerry", "Person"), None)]),
               ("Say", ("said", "Say"), [("Speaker", ("Kerry", "Person"), None),
                                         ("What", ("Kerry", "Meet"), ("Kerry", "Meet"))]),
               ("Talk", ("met", "Talk"), [("Entity", ("Putin", "Person"), None)]), ("Talk", ("so", "Talk"), [])],
    "relations": [("Located", ("Kerry", "Meet"), ("Moscow", "GPE")), ("Located", ("Kerry", "Person"), ("Moscow", "GPE"))],
    "equivalences": [("Equiv", [("Kerry", "Person"), ("Putin", "Person")])],
}


def test_a_trigger_that_is_something_else_too_gets_a_span_of_its_own(tmp_path: Path) -> None:
    report = import_into(tmp_path / "p.annotary", write_corpus(tmp_path / "in", {"a": (TEXT, ANN)}, CONF))
    assert report.spans == 8 and "entity label Talking" not in report.schema_additions
    assert snapshot(tmp_path / "p.annotary") == EXPECTED


def test_brat_to_annotary_to_brat_to_annotary_is_stable(tmp_path: Path) -> None:
    import_into(tmp_path / "p.annotary", write_corpus(tmp_path / "in", {"a": (TEXT, ANN)}, CONF))
    export_brat(tmp_path / "p.annotary", tmp_path / "out")
    ((_, ann),) = read_pairs(tmp_path / "out").values()
    lines = ann.splitlines()
    # two T lines at the offsets of "Kerry" (the Person and E3's trigger), two at "met"
    assert [line.split("\t")[1] for line in lines if line.startswith("T")] == [
        "Person 0 5", "Meet 0 5", "Meet 6 9", "Talk 6 9", "Person 10 15", "GPE 19 25", "Say 30 34", "Talk 35 37"]
    assert "R1\tLocated Arg1:T1 Arg2:T6" in lines and "R2\tLocated Arg1:E3 Arg2:T6" in lines, ann
    import_into(tmp_path / "again.annotary", tmp_path / "out")
    assert snapshot(tmp_path / "again.annotary") == EXPECTED
    export_brat(tmp_path / "again.annotary", tmp_path / "out2")
    assert read_pairs(tmp_path / "out2") == read_pairs(tmp_path / "out")


def test_an_event_type_named_as_an_entity_label_is_added_once(tmp_path: Path) -> None:
    docs = {name: ("Kerry met Putin.", t_line("T1", "Meet", "Kerry met Putin.", "met") + "\nE1\tMeet:T1\n")
            for name in ("a", "b")}
    source = write_corpus(tmp_path / "in", docs, "[entities]\n[relations]\n[events]\nMeet\n[attributes]\n")
    schema = Schema("s", entity_labels=[EntityLabel("Meet", "#111111")])
    report = import_into(tmp_path / "p.annotary", source, schema=schema)
    assert report.schema_additions == ["event type Meet.event"]
    with open_project(tmp_path / "p.annotary", readonly=True) as store:
        assert store.schema().event_type_names == ["Meet.event"]
        assert {s.label for i in store.document_ids() for s in store.spans(i)} == {"Meet.event"}
