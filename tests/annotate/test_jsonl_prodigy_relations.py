"""Prodigy relation tasks, written by hand from Prodigy's documented format (``rel.manual``'s
saved tasks: ``tokens``, ``spans`` with an inclusive ``token_end``, ``relations`` whose
``head``/``child`` are the last token of ``head_span``/``child_span``), imported into a real
project; and Annotary's own relation, equivalence and event keys refused field by field."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from annotate.errors import ImportFailed
from annotate.formats.jsonl_in import _task_document
from annotate.formats.prodigy_relations import EVENT_ARC, NO_LABEL, REPEATED_ARGUMENT, TOKEN_RELATION
from annotate.model import SpanStatus
from annotate.session import Session

TEXT = "John Kerry met Vladimir Putin in Moscow."
WORDS = [("John", 0), ("Kerry", 5), ("met", 11), ("Vladimir", 15), ("Putin", 24), ("in", 30), ("Moscow", 33),
         (".", 39)]
TOKENS = [{"text": w, "start": s, "end": s + len(w), "id": i, "ws": w not in ("Moscow", ".")}
          for i, (w, s) in enumerate(WORDS)]
KERRY = {"start": 0, "end": 10, "token_start": 0, "token_end": 1, "label": "PERSON"}
PUTIN = {"start": 15, "end": 29, "token_start": 3, "token_end": 4, "label": "PERSON"}
MOSCOW = {"start": 33, "end": 39, "token_start": 6, "token_end": 6, "label": "GPE"}


def task(**changes: Any) -> dict[str, Any]:
    """A task as Prodigy's rel.manual saves it (its own keys included)."""
    out: dict[str, Any] = {
        "text": TEXT, "tokens": TOKENS, "spans": [KERRY, PUTIN],
        "relations": [
            {"head": 1, "child": 4, "head_span": KERRY, "child_span": PUTIN, "color": "#ffd882", "label": "MEETS"},
            # Moscow is in no "spans": the relation's span is added.
            {"head": 4, "child": 6, "head_span": PUTIN, "child_span": MOSCOW, "color": "#c5bdf4", "label": "IN"},
        ],
        "answer": "accept", "_input_hash": 1, "_task_hash": 2, "_view_id": "relations", "_session_id": None,
    }
    return out | changes


def write(path: Path, *tasks: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    return path


def stored(session: Session) -> list[tuple]:
    out = []
    for document_id in session.repo.document_ids():
        spans = {s.id: s for s in session.repo.spans(document_id)}
        for r in session.repo.relations(document_id):
            head, child = spans[r.head_span_id], spans[r.child_span_id]
            out.append((r.type, TEXT[head.start:head.end], TEXT[child.start:child.end], r.status.value))
    return sorted(out)


def test_a_prodigy_relations_file_imports_its_relations(session: Session, tmp_path: Path) -> None:
    rejected = task(answer="reject", text=TEXT.replace(".", "!"))
    report = session.import_paths([write(tmp_path / "rel.jsonl", task(), rejected)])
    assert report.relations == 4  # counted
    assert stored(session) == [("IN", "Vladimir Putin", "Moscow", "accepted"), ("IN", "Vladimir Putin", "Moscow", "rejected"),
                               ("MEETS", "John Kerry", "Vladimir Putin", "accepted"),
                               ("MEETS", "John Kerry", "Vladimir Putin", "rejected")]
    labels = {(s.start, s.label) for d in session.repo.document_ids() for s in session.repo.spans(d)}
    assert (33, "GPE") in labels  # the span only the relation named


def test_relations_by_token_index_only_link_the_spans_ending_there(session: Session, tmp_path: Path) -> None:
    dependency_form = task(relations=[{"head": 1, "child": 4, "label": "MEETS"}])
    session.import_paths([write(tmp_path / "dep.jsonl", dependency_form)])
    assert stored(session) == [("MEETS", "John Kerry", "Vladimir Putin", "accepted")]


@pytest.mark.parametrize(("relation", "message"), [
    ({"head": 0, "child": 4, "head_span": KERRY, "child_span": PUTIN, "label": "MEETS"},
     r"rel\.jsonl, line 1: relations\[0\]\.head 0 is not the last token of head_span \(token 1\)$"),
    ({"head": 1, "child": 4, "head_span": KERRY | {"token_end": 0}, "child_span": PUTIN, "label": "MEETS"},
     r"line 1: relations\[0\]\.head_span\.token_end 0 is not its last token \(token 1 of 'tokens' ends at 10\)$"),
    ({"head": 1, "child": 3, "head_span": KERRY, "child_span": PUTIN | {"token_end": 3}, "label": "MEETS"},
     r"line 1: relations\[0\]\.child_span\.token_end 3 is not its last token"),
    ({"head": 1, "child": 4, "head_span": KERRY, "child_span": PUTIN | {"end": 99}, "label": "MEETS"},
     r"line 1: relations\[0\]\.child_span offsets 15-99 are outside the text \(length 40\)$"),
    ({"head": 1, "child": 4, "head_span": KERRY, "child_span": PUTIN},
     r"line 1: relations\[0\] has no 'label'$"),
    ({"head": 1, "child": 9, "label": "MEETS"},
     r"line 1: relations\[0\]\.child 9 is not a token of 'tokens' \(0 to 7\)$"),
])
def test_a_relation_at_odds_with_its_tokens_is_refused(session: Session, tmp_path: Path, relation: dict,
                                                      message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        session.import_paths([write(tmp_path / "rel.jsonl", task(relations=[relation]))])
    assert session.repo.document_ids() == []


def test_without_tokens_head_must_be_the_span_token_end(tmp_path: Path) -> None:
    good = task(tokens=None)
    good.pop("tokens")
    doc = _task_document(tmp_path / "t.jsonl", 3, good, SpanStatus.ACCEPTED)
    assert [(r.type, r.head, r.child) for r in doc.relations] == [("MEETS", 0, 1), ("IN", 1, 2)]
    bad = dict(good, relations=[dict(good["relations"][0], head=0)])
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 3: relations\[0\]\.head 0 is not the last token"):
        _task_document(tmp_path / "t.jsonl", 3, bad, SpanStatus.ACCEPTED)


def test_a_relation_between_tokens_no_span_ends_at_is_counted_or_refused(session: Session, tmp_path: Path) -> None:
    between_words = task(relations=[{"head": 2, "child": 5, "label": "prep"}])  # "met" → "in": no spans
    report = session.import_paths([write(tmp_path / "dep.jsonl", between_words)])
    assert report.relations == 0 and report.documents == 1
    assert report.warnings == [f"{tmp_path / 'dep.jsonl'}, line 1: not imported, 1: {TOKEN_RELATION}"]
    skipped: Counter[str] = Counter()
    doc = _task_document(tmp_path / "t.jsonl", 1, between_words, SpanStatus.ACCEPTED, skipped)
    assert doc.relations == [] and skipped == Counter({TOKEN_RELATION: 1})
    with pytest.raises(ImportFailed, match=r"line 1: relations\[0\]: relation between tokens that end no span"):
        _task_document(tmp_path / "t.jsonl", 1, between_words, SpanStatus.ACCEPTED)


def test_annotary_keys_read_back_with_their_status(tmp_path: Path) -> None:
    extended = task(
        rejected_relations=[{"head_span": KERRY, "child_span": MOSCOW, "label": "IN", "note": "no"}],
        proposed_relations=[{"head": 6, "child": 1, "head_span": MOSCOW, "child_span": KERRY, "label": "HOSTS",
                             "attributes": {"Certainty": "Low"}}],
        equivalences=[{"type": "Equiv", "spans": [KERRY, PUTIN]}],
    )
    doc = _task_document(tmp_path / "t.jsonl", 1, extended, SpanStatus.ACCEPTED)
    got = [(r.type, doc.spans[r.head].start, r.status, r.note, r.attributes) for r in doc.relations]
    assert got[2:] == [("IN", 0, SpanStatus.REJECTED, "no", {}), ("HOSTS", 33, SpanStatus.PROPOSED, None,
                                                                  {"Certainty": "Low"})]
    assert [(q.type, q.members) for q in doc.equivalences] == [("Equiv", (0, 1))]


@pytest.mark.parametrize(("changes", "message"), [
    ({"equivalences": [{"type": "Equiv", "spans": [KERRY]}]}, r"equivalences\[0\]\.spans must name two or more"),
    ({"relations": [{"head": 1, "child": 4, "label": "Entity", "annotary_event": 0,
                     "head_span": KERRY, "child_span": PUTIN}]}, r"relations\[0\]\.annotary_event names no event"),
    ({"events": [{"type": "Contact.Meet", "trigger": {"start": 11, "end": 14},
                  "arguments": [{"role": "Theme", "event": 1}]}]}, r"events\[0\]\.arguments\[0\]\.event must be the index"),
    ({"events": [{"type": "A", "trigger": {"start": 11, "end": 14}, "arguments": []},
                 {"type": "B", "trigger": {"start": 0, "end": 4},
                  "arguments": [{"role": "Theme", "event": 0, "start": 0, "end": 4}]}]},
     r"events\[1\]\.arguments\[0\] offsets 0-4 are not those of the trigger of event 0 \(11-14\)"),
    ({"spans": [KERRY | {"fragments": [[0, 4], [3, 10]]}]}, r"spans\[0\]\.fragments\[1\] 3-10 is empty, reversed or not after"),
    ({"spans": [KERRY | {"fragments": [[0, 4], [5, 9]]}]}, r"spans\[0\]\.fragments run 0-9, not the span's 0-10"),
    ({"spans": [KERRY | {"norms": [{"resource": "Wikidata"}]}]}, r"spans\[0\]\.norms\[0\] has no 'reference'"),
    ({"spans": [KERRY | {"note": 5}]}, r"spans\[0\]\.note must be a string, not 5"),
])
def test_bad_annotary_keys_name_the_field(tmp_path: Path, changes: dict, message: str) -> None:
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 2: " + message):
        _task_document(tmp_path / "t.jsonl", 2, task(**changes), SpanStatus.ACCEPTED)


def test_event_arcs_of_an_older_export_are_not_relations(tmp_path: Path) -> None:
    """Before the ``annotary_event`` mark, Annotary wrote each event argument as an unmarked arc
    in ``relations``; the event holds it, so it is not read as a relation as well."""
    older = task(
        spans=[KERRY, PUTIN, {"start": 11, "end": 14, "token_start": 2, "token_end": 2, "label": "Contact.Meet"}],
        events=[{"type": "Contact.Meet", "trigger": {"start": 11, "end": 14},
                 "arguments": [{"role": "Entity", "start": 0, "end": 10, "label": "PERSON"}]}],
        relations=[{"head": 2, "child": 1, "label": "Entity", "head_span": {"start": 11, "end": 14, "label": "Contact.Meet"},
                    "child_span": {"start": 0, "end": 10, "label": "PERSON"}},
                   # a relation of another type between the same spans is one
                   {"head": 2, "child": 1, "label": "SAYS", "head_span": {"start": 11, "end": 14, "label": "Contact.Meet"},
                    "child_span": {"start": 0, "end": 10, "label": "PERSON"}}],
    )
    doc = _task_document(tmp_path / "t.jsonl", 1, older, SpanStatus.ACCEPTED)
    assert [r.type for r in doc.relations] == ["SAYS"] and len(doc.events[0].arguments) == 1


MET = {"start": 11, "end": 14, "token_start": 2, "token_end": 2, "label": "Contact.Meet"}
MEETING = [{"type": "Contact.Meet", "trigger": {"start": 11, "end": 14},
            "arguments": [{"role": "Entity", "start": 0, "end": 10, "label": "PERSON"}]}]
# An unmarked entry from the trigger to the argument, labelled with the role.
REPEAT = {"head": 2, "child": 1, "label": "Entity", "head_span": MET, "child_span": KERRY}


def test_what_an_older_export_repeats_of_an_argument_is_counted_with_its_lines(session: Session,
                                                                             tmp_path: Path) -> None:
    older = task(spans=[KERRY, PUTIN, MET], events=MEETING, relations=[REPEAT])
    other = task(text=TEXT.replace(".", "!"), spans=[KERRY, PUTIN, MET], events=MEETING, relations=[REPEAT, REPEAT])
    path = write(tmp_path / "old.jsonl", older, task(text=TEXT.replace(".", "?"), relations=[]), other)
    report = session.import_paths([path])
    assert (report.documents, report.relations, report.events) == (3, 0, 2)
    assert report.warnings == [f"{path}, lines 1, 3: not imported, 3: {REPEATED_ARGUMENT}"]


def test_a_task_with_marked_arcs_keeps_every_unmarked_relation(tmp_path: Path) -> None:
    """Written by an Annotary that marks event arcs: an unmarked entry is a relation, even one
    identical to an argument; the marked one is the event's."""
    marked = task(spans=[KERRY, PUTIN, MET], events=MEETING, relations=[REPEAT | {EVENT_ARC: 0}, REPEAT])
    skipped: Counter[str] = Counter()
    doc = _task_document(tmp_path / "t.jsonl", 1, marked, SpanStatus.ACCEPTED, skipped)
    assert [(r.type, doc.spans[r.head].label, doc.spans[r.child].start) for r in doc.relations] == [
        ("Entity", "Contact.Meet", 0)]
    assert len(doc.events[0].arguments) == 1 and not skipped


def test_a_proposed_event_is_no_older_export_arc(tmp_path: Path) -> None:
    """Exports before the mark wrote accepted events only: a relation that repeats an argument of
    a proposed event is a relation."""
    proposed = [MEETING[0] | {"status": "proposed"}]
    doc = _task_document(tmp_path / "t.jsonl", 1, task(spans=[KERRY, PUTIN, MET], events=proposed,
                                                       relations=[REPEAT]), SpanStatus.ACCEPTED)
    assert [r.type for r in doc.relations] == ["Entity"]


UNLABELLED_MET = MET | {"label": None}


@pytest.mark.parametrize("end", [UNLABELLED_MET, {k: v for k, v in MET.items() if k != "label"}])
def test_an_end_without_a_label_names_the_one_span_at_its_offsets(session: Session, tmp_path: Path,
                                                                 end: dict) -> None:
    said = task(spans=[KERRY, PUTIN, MET], relations=[{"head": 2, "child": 1, "label": "nsubj",
                                                         "head_span": end, "child_span": KERRY}])
    report = session.import_paths([write(tmp_path / "rel.jsonl", said)])
    assert (report.relations, report.warnings) == (1, [])
    assert stored(session) == [("nsubj", "met", "John Kerry", "accepted")]


def test_an_end_without_a_label_and_no_single_span_there_is_skipped(session: Session, tmp_path: Path) -> None:
    nsubj = {"head": 2, "child": 1, "label": "nsubj", "head_span": UNLABELLED_MET, "child_span": KERRY}
    no_span = task(text=TEXT.replace(".", "?"), spans=[KERRY, PUTIN],
                   relations=[nsubj, dict(nsubj, label="dep")])  # no span at "met"
    two_spans = task(text=TEXT.replace(".", "!"), spans=[KERRY, PUTIN, MET, MET | {"label": "EVENT"}], relations=[nsubj])
    path = write(tmp_path / "dep.jsonl", task(), no_span, two_spans)
    report = session.import_paths([path])
    assert (report.documents, report.relations) == (3, 2)  # the first task's two
    assert report.warnings == [f"{path}, lines 2, 3: not imported, 3: {NO_LABEL}"]
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 4: relations\[0\]: relation with a head_span or "
                                           r"child_span without 'label'"):
        _task_document(tmp_path / "t.jsonl", 4, no_span, SpanStatus.ACCEPTED)


def test_the_warning_names_the_first_ten_lines(session: Session, tmp_path: Path) -> None:
    between_words = [task(text=f"{TEXT} {i}", relations=[{"head": 2, "child": 5, "label": "prep"}]) for i in range(12)]
    path = write(tmp_path / "dep.jsonl", *between_words)
    report = session.import_paths([path])
    assert report.warnings == [f"{path}, lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more: not imported, 12: "
                               f"{TOKEN_RELATION}"]


@pytest.mark.parametrize("key", ["unaligned_relations", "rejected_relations", "proposed_relations"])
def test_a_relation_without_head_and_child_need_not_end_on_a_token(tmp_path: Path, key: str) -> None:
    """Annotary writes a relation with an end off token boundaries to ``unaligned_relations``
    without ``head``/``child``: its offsets are what count, and its own export reads back."""
    off_tokens = {"start": 0, "end": 5, "label": "PERSON"}  # "John ": ends in no token
    raw = task(spans=[off_tokens, PUTIN], relations=[],
               **{key: [{"head_span": off_tokens, "child_span": PUTIN, "label": "MEETS"}]})
    doc = _task_document(tmp_path / "t.jsonl", 1, raw, SpanStatus.ACCEPTED)
    assert [(r.type, doc.spans[r.head].end, doc.spans[r.child].start) for r in doc.relations] == [("MEETS", 5, 15)]


@pytest.mark.parametrize(("changes", "message"), [
    ({"spans": [KERRY | {"attributes": {"Certainty": ""}}]}, r'spans\[0\]\.attributes: the value of "Certainty" is empty'),
    ({"spans": [KERRY | {"attributes": {" ": "Low"}}]}, r'spans\[0\]\.attributes: an attribute name " " is empty'),
    ({"relations": [{"head_span": KERRY, "child_span": PUTIN, "label": "MEETS", "attributes": {"": "x"}}]},
     r'relations\[0\]\.attributes: an attribute name "" is empty'),
    ({"events": [{"type": "Meet", "trigger": {"start": 11, "end": 14}, "attributes": {"Polarity": " "}}]},
     r'events\[0\]\.attributes: the value of "Polarity" is empty'),
    ({"events": [{"type": "Meet", "trigger": {"start": 11, "end": 14}, "arguments": [{"role": "Theme", "event": 1}]},
                 {"type": "Go", "trigger": {"start": 30, "end": 32}, "arguments": [{"role": "Theme", "event": 2}]},
                 {"type": "Stay", "trigger": {"start": 33, "end": 39}, "arguments": [{"role": "Theme", "event": 1}]}]},
     r"events\[1\]: events are arguments of each other in a cycle \(Go → Stay → Go\)$"),
])
def test_empty_names_and_event_cycles_are_refused_on_their_line(tmp_path: Path, changes: dict, message: str) -> None:
    """What no schema or event structure holds is refused where it is read, naming the file,
    line and field (not later, by the schema check, naming none)."""
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 2: " + message):
        _task_document(tmp_path / "t.jsonl", 2, task(**changes), SpanStatus.ACCEPTED)


def test_an_event_cycle_in_a_file_names_its_line(session: Session, tmp_path: Path) -> None:
    cyclic = task(events=[
        {"type": "Meet", "trigger": {"start": 11, "end": 14}, "arguments": [{"role": "Theme", "event": 1}]},
        {"type": "Go", "trigger": {"start": 30, "end": 32}, "arguments": [{"role": "Theme", "event": 0}]}])
    path = write(tmp_path / "ev_cycle.jsonl", task(), cyclic)
    with pytest.raises(ImportFailed, match=r"ev_cycle\.jsonl, line 2: events\[0\]: events are arguments of each "
                                           r"other in a cycle \(Meet → Go → Meet\)$"):
        session.import_paths([path])


def test_a_norm_with_an_empty_type_is_a_reference(tmp_path: Path) -> None:
    raw = task(spans=[KERRY | {"norms": [{"type": " ", "resource": "Wikidata", "reference": "Q1", "text": "x"}]}])
    doc = _task_document(tmp_path / "t.jsonl", 1, raw, SpanStatus.ACCEPTED)
    assert [(n.type, n.resource, n.reference) for n in doc.spans[0].norms] == [("Reference", "Wikidata", "Q1")]
