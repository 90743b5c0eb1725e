"""A text imported again into a real project: what the later copy says about the spans, events
and relations already there joins them (attributes, norms, notes, decisions), and ``--status
keep`` does not depend on the order of the copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotate.importing import ImportReport
from annotate.model import DocStatus, Normalization, SpanStatus
from annotate.schema import Schema
from annotate.session import Session
from store import open_project
from tests.annotate.brat_corpus import t_line, write_corpus

TEXT = "Kerry met Putin in Moscow.\n"
BASE = "\n".join([t_line("T1", "Person", TEXT, "Kerry"), t_line("T2", "GPE", TEXT, "Moscow"),
                  t_line("T3", "Meet", TEXT, "met"), "E1\tMeet:T3 Entity:T1", "R1\tLocated Arg1:T1 Arg2:T2"]) + "\n"


def import_all(project: Path, *sources: Path, status: str = "new") -> list[ImportReport]:
    """Each source imported into ``project``, one import after the other."""
    with open_project(project, create=True, schema=Schema("empty")) as store:
        session = Session(store)
        return [session.import_paths([source], status=status) for source in sources]


def brat_copies(tmp_path: Path, *anns: str) -> list[Path]:
    """A brat folder per annotation file of TEXT."""
    return [write_corpus(tmp_path / f"copy{n}", {"a": (TEXT, ann)}) for n, ann in enumerate(anns)]


def stored(project: Path) -> tuple[Any, ...]:
    """(document, spans by label, the event, the relation) of the one document."""
    with open_project(project, readonly=True) as store:
        (doc_id,) = store.document_ids()
        spans = {s.label: s for s in store.spans(doc_id)}
        (event,) = store.events(doc_id)
        (relation,) = store.relations(doc_id)
        return store.document(doc_id), spans, event, relation


def test_a_later_copy_adds_attributes_norms_and_notes_to_a_span(tmp_path: Path) -> None:
    first = BASE + "A1\tConfidence T1 High\n#1\tAnnotatorNotes T1\tfirst annotator\n"
    later = first + "A2\tNotable T1\nN1\tReference T1 Wikipedia:1\tJK\n#2\tAnnotatorNotes T1\tsecond annotator\n"
    project = tmp_path / "p.annotary"
    _, report = import_all(project, *brat_copies(tmp_path, first, later))
    _, spans, _, _ = stored(project)
    kerry = spans["Person"]
    assert kerry.attributes == {"Confidence": "High", "Notable": "true"}
    assert kerry.norms == [Normalization("Wikipedia", "1", "JK")]
    assert kerry.note == "first annotator\nsecond annotator"
    assert report.merged.details_added == 3  # Notable, the norm, the second note
    assert (report.merged.spans_same, report.merged.attributes_changed) == (3, 0)
    assert "3 attributes, norms and note lines added to them" in report.details()[0]


def test_a_later_copy_adds_to_an_event_and_a_relation(tmp_path: Path) -> None:
    later = BASE + ("A1\tModality E1 Other\nN1\tReference E1 Wikipedia:2\tmeeting\n#1\tAnnotatorNotes E1\tevent note\n"
                    "A2\tCertain R1\n#2\tAnnotatorNotes R1\trelation note\n")
    project = tmp_path / "p.annotary"
    _, report = import_all(project, *brat_copies(tmp_path, BASE, later))
    _, _, event, relation = stored(project)
    assert (event.attributes, event.norms, event.note) == (
        {"Modality": "Other"}, [Normalization("Wikipedia", "2", "meeting")], "event note")
    assert (relation.attributes, relation.note) == ({"Certain": "true"}, "relation note")
    assert (report.merged.details_added, report.merged.events_same, report.merged.relations_added) == (5, 1, 0)


def test_a_different_attribute_value_later_wins_and_equal_notes_are_kept_once(tmp_path: Path) -> None:
    first = BASE + "A1\tConfidence T1 High\n#1\tAnnotatorNotes T1\tcheck\nA2\tModality E1 Asserted\n"
    later = BASE + "A1\tConfidence T1 Low\n#1\tAnnotatorNotes T1\tcheck\nA2\tModality E1 Other\n"
    project = tmp_path / "p.annotary"
    _, report = import_all(project, *brat_copies(tmp_path, first, later))
    _, spans, event, _ = stored(project)
    assert (spans["Person"].attributes, spans["Person"].note) == ({"Confidence": "Low"}, "check")
    assert event.attributes == {"Modality": "Other"}
    assert (report.merged.attributes_changed, report.merged.details_added) == (2, 0)
    assert "2 attribute values changed by a later copy" in report.details()[0]


def test_a_span_added_by_one_copy_keeps_its_details_when_a_third_copy_merges(tmp_path: Path) -> None:
    putin = t_line("T9", "Person", TEXT, "Putin")
    second = (BASE + putin
              + "\nA9\tConfidence T9 High\nN9\tReference T9 Wikipedia:3\tVP\n#9\tAnnotatorNotes T9\tsecond\n")
    third = BASE + putin + "\n#9\tAnnotatorNotes T9\tthird\n"
    project = tmp_path / "p.annotary"
    copies = brat_copies(tmp_path, BASE, second, third)
    import_all(project, copies[0])
    with open_project(project) as store:  # the second and third copy in one import
        Session(store).import_paths(copies[1:])
    with open_project(project, readonly=True) as store:
        (doc_id,) = store.document_ids()
        (found,) = [s for s in store.spans(doc_id) if TEXT[s.start:s.end] == "Putin"]
    assert (found.attributes, found.norms, found.note) == (
        {"Confidence": "High"}, [Normalization("Wikipedia", "3", "VP")], "second\nthird")


def task(answer: str | None, *, event_status: str = "accepted", proposed: bool = False) -> dict[str, Any]:
    """A Prodigy task on TEXT: Kerry, Moscow, Kerry Located in Moscow, a Meet event."""
    kerry, moscow = {"start": 0, "end": 5, "label": "PERSON"}, {"start": 19, "end": 25, "label": "GPE"}
    out: dict[str, Any] = {
        "text": TEXT, "spans": [kerry, moscow],
        "relations": [{"label": "Located", "head_span": kerry, "child_span": moscow}],
        "events": [{"type": "Meet", "trigger": {"start": 6, "end": 9}, "status": event_status,
                    "arguments": [{"role": "Entity", "start": 0, "end": 5, "label": "PERSON"}]}],
    }
    if proposed:
        out["proposed_spans"] = [{"start": 10, "end": 15, "label": "PERSON"}]
    if answer is not None:
        out["answer"] = answer
    return out


def jsonl(path: Path, *tasks: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
    return path


def test_a_later_answer_decides_a_relation_and_an_event_in_one_import(tmp_path: Path) -> None:
    # accept, then reject, then the same as proposals: a proposal never undoes a decision.
    proposals = task("accept", event_status="proposed")
    proposals["proposed_spans"], proposals["proposed_relations"] = proposals.pop("spans"), proposals.pop("relations")
    source = jsonl(tmp_path / "a.jsonl", task("accept"), task("reject", event_status="rejected"), proposals)
    project = tmp_path / "p.annotary"
    (report,) = import_all(project, source)
    _, spans, event, relation = stored(project)
    assert (relation.status, event.status) == (SpanStatus.REJECTED, SpanStatus.REJECTED)
    assert {s.status for s in spans.values() if s.label != "Meet"} == {SpanStatus.REJECTED}
    assert report.merged.decisions == 4  # two spans, the relation, the event
    assert report.merged.events_same == 1  # the proposal: kept as it was decided


def test_a_later_import_decides_a_relation_and_an_event(tmp_path: Path) -> None:
    first = jsonl(tmp_path / "a.jsonl", task("reject", event_status="proposed"))
    later = jsonl(tmp_path / "b.jsonl", task("accept"))
    project = tmp_path / "p.annotary"
    _, report = import_all(project, first, later)
    _, _, event, relation = stored(project)
    assert (relation.status, event.status) == (SpanStatus.ACCEPTED, SpanStatus.ACCEPTED)
    assert report.merged.decisions == 4


def test_keep_marks_done_when_the_answered_copy_comes_after_an_unanswered_one(tmp_path: Path) -> None:
    for order, name in (((task(None), task("accept")), "later"), ((task("accept"), task(None)), "first")):
        project = tmp_path / f"{name}.annotary"
        (report,) = import_all(project, jsonl(tmp_path / f"{name}.jsonl", *order), status="keep")
        doc, _, _, _ = stored(project)
        assert doc.status == DocStatus.DONE, name
        assert report.not_done == 0


def test_keep_leaves_a_later_answered_copy_with_unreviewed_proposals_in_progress(tmp_path: Path) -> None:
    source = jsonl(tmp_path / "a.jsonl", task(None), task("accept", proposed=True))
    project = tmp_path / "p.annotary"
    (report,) = import_all(project, source, status="keep")
    doc, _, _, _ = stored(project)
    assert (doc.status, report.not_done) == (DocStatus.IN_PROGRESS, 1)
    assert report.details()[-1] == "1 documents have proposals nobody reviewed: in progress, not done"
