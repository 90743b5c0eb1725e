"""Proposed and rejected relations and events go out in JSONL and the DocBin, which keep a review
state (``proposed_relations``, ``rejected_relations``, events with a ``status``; ``user_data``),
and come back with their status: project → export (real pipeline) → import into a real project
comes back equal, and neither format reports them left out."""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly

from annotate.exports.collect import collect, unaccepted_left_out
from annotate.exports.run import export
from annotate.exports.spacy_docs import EVENTS_KEY, RELATIONS_KEY
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.links_project import at, links_snapshot

TEXT = "Kerry met Putin in Geneva before the attack on Monday, officials said."
PROPOSED, REJECTED = SpanStatus.PROPOSED, SpanStatus.REJECTED


def build(path: Path) -> Path:
    """One document with relations and events of every review state (through the real import
    path into a real project file)."""
    doc = ParsedDocument(TEXT, "Review states", "test")
    doc.spans = [
        ParsedSpan(*at(TEXT, "Kerry"), "PERSON"),  # 0
        ParsedSpan(*at(TEXT, "Putin"), "PERSON"),  # 1
        ParsedSpan(*at(TEXT, "Geneva"), "GPE"),  # 2
        ParsedSpan(*at(TEXT, "met"), "Contact.Meet"),  # 3
        ParsedSpan(*at(TEXT, "attack"), "Conflict.Attack", PROPOSED),  # 4: a proposed trigger
        ParsedSpan(*at(TEXT, "Monday"), "DATE", PROPOSED),  # 5
        ParsedSpan(*at(TEXT, "said"), "Statement", REJECTED),  # 6: a rejected trigger
        ParsedSpan(*at(TEXT, "officials"), "PERSON"),  # 7
    ]
    doc.events = [
        ParsedEvent("Contact.Meet", 3, [("Entity", 0), ("Entity", 1), ("Place", 2)]),
        ParsedEvent("Conflict.Attack", 4, [("Time", 5), ("Place", 2)], status=PROPOSED, note="maybe"),
        # A rejected event whose argument is the accepted one.
        ParsedEvent("Statement", 6, [("Speaker", 7), ("Theme", 3)], argument_events={1: 0}, status=REJECTED),
    ]
    doc.relations = [
        ParsedRelation("Located", 0, 2),
        ParsedRelation("Located", 1, 2, PROPOSED, attributes={"Certainty": "Low"}),
        ParsedRelation("Near", 0, 1, REJECTED, note="no"),
        ParsedRelation("When", 4, 5, PROPOSED),  # between proposed spans
        ParsedRelation("Entity", 3, 1, REJECTED),  # identical to an event argument, but rejected
    ]
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch([doc]))
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("review") / "review.annotary")


def reimport(source: Path, folder: Path) -> Path:
    again = folder / "again.annotary"
    with open_project(again, create=True, schema=builtin_schema("news-ace")) as store:
        report = Session(store).import_paths([source])
    assert report.warnings == []
    return again


def test_collect_hands_over_every_review_state(project: Path) -> None:
    with open_project(project, readonly=True) as store:
        docs, report = collect(store, "all")
        (export_doc,) = list(docs)
    assert [r.type for r in export_doc.relations] == ["Located"]
    assert sorted((r.type, r.status.value) for r in export_doc.unaccepted_relations) == [
        ("Entity", "rejected"), ("Located", "proposed"), ("Near", "rejected"), ("When", "proposed")]
    assert [e.type for e in export_doc.events] == ["Contact.Meet"]
    assert sorted((e.type, e.status.value, len(e.arguments)) for e in export_doc.unaccepted_events) == [
        ("Conflict.Attack", "proposed", 2), ("Statement", "rejected", 2)]
    # What brat and CoNLL leave out, by review state; collect itself counts none of it.
    assert unaccepted_left_out(export_doc) == {"relation proposed": 2, "relation rejected": 2,
                                               "event proposed": 1, "event rejected": 1}
    assert not [reason for reason in report.left_out if reason.startswith(("relation ", "event "))]


@pytest.mark.parametrize("fmt", ["jsonl", "spacy"])
def test_the_review_states_come_back_and_are_not_left_out(project: Path, tmp_path: Path, fmt: str) -> None:
    with open_project(project, readonly=True) as store:
        report = export(store, tmp_path / "out", fmt, status="all", dev_split=0)
    assert not [reason for reason in report.left_out if reason.startswith(("relation ", "event "))], report.left_out
    assert (report.relations, report.events) == (1, 1)  # the accepted ones, as spans count
    source = tmp_path / "out" / ("annotations.jsonl" if fmt == "jsonl" else "train.spacy")
    before, after = links_snapshot(project), links_snapshot(reimport(source, tmp_path))
    assert after == before
    statuses = sorted(r[3] for r in after[TEXT]["relations"]) + sorted(e[2] for e in after[TEXT]["events"])
    assert statuses == ["accepted", "proposed", "proposed", "rejected", "rejected", "accepted", "proposed", "rejected"]


def test_jsonl_lists_them_in_annotary_keys(project: Path, tmp_path: Path) -> None:
    with open_project(project, readonly=True) as store:
        export(store, tmp_path / "out", "jsonl", status="all")
    (task,) = srsly.read_jsonl(tmp_path / "out" / "annotations.jsonl")
    assert sorted(r["label"] for r in task["proposed_relations"]) == ["Located", "When"]
    assert sorted(r["label"] for r in task["rejected_relations"]) == ["Entity", "Near"]
    assert [(e["type"], e.get("status")) for e in task["events"]] == [
        ("Contact.Meet", None), ("Conflict.Attack", "proposed"), ("Statement", "rejected")]
    statement = task["events"][2]
    assert task["events"][next(a["event"] for a in statement["arguments"] if a["role"] == "Theme")]["type"] == "Contact.Meet"
    # Prodigy draws arcs for the accepted event only; "relations" holds the accepted relation.
    arcs = [r for r in task["relations"] if "annotary_event" in r]
    assert {r["annotary_event"] for r in arcs} == {0}
    assert [r["label"] for r in task["relations"] if "annotary_event" not in r] == ["Located"]


def test_the_docbin_keeps_them_in_user_data(project: Path, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    with open_project(project, readonly=True) as store:
        export(store, tmp_path / "out", "spacy", status="all", dev_split=0)
    (doc,) = DocBin().from_disk(tmp_path / "out" / "train.spacy").get_docs(spacy.blank("en").vocab)
    assert sorted((r["label"], r["status"]) for r in doc.user_data[RELATIONS_KEY]) == [
        ("Entity", "rejected"), ("Located", "accepted"), ("Located", "proposed"), ("Near", "rejected"),
        ("When", "proposed")]
    assert [(e["type"], e.get("status")) for e in doc.user_data[EVENTS_KEY]] == [
        ("Contact.Meet", None), ("Conflict.Attack", "proposed"), ("Statement", "rejected")]
