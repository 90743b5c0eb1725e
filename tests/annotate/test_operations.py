"""The rules of annotation, decided in annotate/operations and tested without SQLite (an
in-memory repository): what each gesture means, and what the step changed."""

from __future__ import annotations

import re

import pytest

from annotate import operations
from annotate.actions import AcceptSpan, AddRelation, CreateEvent, CreateSpan, SetDocumentStatus
from annotate.errors import ActionError
from annotate.memory_repository import MemoryRepository
from annotate.model import SOURCE_USER, DocStatus, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from tests.conftest import add_document

TEXT = "Kerry will meet Putin in Moscow on Thursday, officials said."
MODEL = "model:test@1.0"


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.fixture
def session() -> Session:
    return Session(MemoryRepository(builtin_schema("news-ace")))


@pytest.fixture
def doc(session: Session) -> int:
    return add_document(session, TEXT)


def proposed(session: Session, doc: int, word: str, label: str) -> int:
    session.apply(made := CreateSpan(doc, *at(word), label, SpanStatus.PROPOSED, MODEL))
    session.repo.set_document_status(doc, DocStatus.NEW)  # as a proposer leaves it
    return made.span_id  # type: ignore[return-value]


def do(session: Session, action):
    assert action is not None
    changes = session.apply(action)
    assert changes.applied
    return changes


def log_rows(session: Session) -> int:
    return len(session.repo.action_log())


# -- editing a proposal accepts it ---------------------------------------------------------
def test_relabelling_a_proposal_accepts_it(session, doc) -> None:
    putin = proposed(session, doc, "Putin", "ORG")
    do(session, operations.relabel(session.repo, putin, "PERSON"))
    span = session.repo.span(putin)
    assert (span.label, span.status) == ("PERSON", SpanStatus.ACCEPTED)


def test_resizing_a_proposal_accepts_it(session, doc) -> None:
    moscow = proposed(session, doc, "Moscow", "GPE")
    start, _ = at("Moscow")
    _, end = at("Moscow on")
    do(session, operations.resize(session.repo, moscow, start, end))
    span = session.repo.span(moscow)
    assert (span.text_in(TEXT), span.status) == ("Moscow on", SpanStatus.ACCEPTED)


def test_a_proposed_span_used_as_an_argument_is_accepted_and_so_is_the_event(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    meet = operations.create_event(session.repo, doc, "Contact.Meet", *at("meet"))
    do(session, meet)
    session.repo.update_event(_status(session, meet.event_id, SpanStatus.PROPOSED))  # as a proposer made it
    do(session, operations.fill_role(session.repo, meet.event_id, "Entity", kerry))
    assert session.repo.span(kerry).status == SpanStatus.ACCEPTED
    event = session.repo.event(meet.event_id)
    assert event.status == SpanStatus.ACCEPTED and [(a.role, a.span_id) for a in event.arguments] == [("Entity", kerry)]


def _status(session: Session, event_id: int, status: SpanStatus):
    event = session.repo.event(event_id)
    event.status = status
    return event


def test_a_proposed_span_used_as_a_trigger_is_accepted(session, doc) -> None:
    trigger = proposed(session, doc, "meet", "Contact.Meet")
    do(session, operations.create_event(session.repo, doc, "Contact.Meet", *at("meet")))
    assert session.repo.span(trigger).status == SpanStatus.ACCEPTED
    assert [e.trigger_span_id for e in session.repo.events(doc)] == [trigger]


# -- marking done ---------------------------------------------------------------------------
def test_marking_done_with_unreviewed_proposals_needs_a_decision(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    proposed(session, doc, "Moscow", "GPE")
    with pytest.raises(operations.UnreviewedProposals) as pending:
        operations.mark_done(session.repo, doc)
    assert pending.value.count == 2 and pending.value.first == kerry
    assert session.repo.document(doc).status == DocStatus.NEW

    rows = log_rows(session)
    accept = operations.mark_done(session.repo, doc, "accept")
    do(session, accept)
    assert log_rows(session) == rows + 1  # one step
    assert {s.status for s in session.repo.spans(doc)} == {SpanStatus.ACCEPTED}
    assert session.repo.document(doc).status == DocStatus.DONE
    session.revert(accept)
    assert {s.status for s in session.repo.spans(doc)} == {SpanStatus.PROPOSED}
    assert session.repo.document(doc).status == DocStatus.NEW

    do(session, operations.mark_done(session.repo, doc, "reject"))
    assert {s.status for s in session.repo.spans(doc)} == {SpanStatus.REJECTED}
    assert operations.mark_done(session.repo, doc) is None  # done, nothing pending


def test_marking_done_without_proposals_needs_no_decision(session, doc) -> None:
    do(session, operations.label_selection(session.repo, doc, *at("Kerry"), "PERSON"))
    do(session, operations.mark_done(session.repo, doc))
    assert session.repo.document(doc).status == DocStatus.DONE


# -- nothing to do, nothing logged ----------------------------------------------------------
def test_a_gesture_that_changes_nothing_is_none(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    do(session, operations.accept(session.repo, kerry))
    assert operations.accept(session.repo, kerry) is None
    assert operations.relabel(session.repo, kerry, "PERSON") is None
    assert operations.resize(session.repo, kerry, *at("Kerry")) is None
    assert operations.label_selection(session.repo, doc, *at("Kerry"), "PERSON") is None
    assert operations.skip(session.repo, doc) is not None


def test_an_action_that_changes_nothing_is_not_applied_or_logged(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    do(session, AcceptSpan(kerry))
    rows = log_rows(session)
    again = session.apply(AcceptSpan(kerry))
    assert not again.applied and not again
    again = session.apply(SetDocumentStatus(doc, session.repo.document(doc).status))
    assert not again.applied
    assert log_rows(session) == rows


# -- the other rules ------------------------------------------------------------------------
def test_touching_a_new_document_puts_it_in_progress_in_the_same_step(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    accept = operations.accept(session.repo, kerry)
    do(session, accept)
    assert session.repo.document(doc).status == DocStatus.IN_PROGRESS
    session.revert(accept)
    assert session.repo.document(doc).status == DocStatus.NEW


def test_rejecting_your_own_span_deletes_it_and_a_proposal_is_kept(session, doc) -> None:
    do(session, operations.label_selection(session.repo, doc, *at("Kerry"), "PERSON"))
    (mine,) = session.repo.spans(doc)
    assert mine.source == SOURCE_USER
    do(session, operations.reject(session.repo, mine.id))
    assert session.repo.spans(doc) == []
    moscow = proposed(session, doc, "Moscow", "GPE")
    do(session, operations.reject(session.repo, moscow))
    assert session.repo.span(moscow).status == SpanStatus.REJECTED
    assert operations.reject(session.repo, moscow) is None


def test_accepting_a_trigger_accepts_its_proposed_event_and_arguments(session, doc) -> None:
    trigger = proposed(session, doc, "meet", "Contact.Meet")
    kerry = proposed(session, doc, "Kerry", "PERSON")
    do(session, CreateEvent(doc, "Contact.Meet", trigger, [("Entity", kerry)], status=SpanStatus.PROPOSED, source=MODEL))
    do(session, operations.accept(session.repo, trigger))
    (event,) = session.repo.events(doc)
    assert event.status == SpanStatus.ACCEPTED and session.repo.span(kerry).status == SpanStatus.ACCEPTED


def test_change_type_relabels_the_trigger_and_label_selection_snaps(session, doc) -> None:
    meet = operations.create_event(session.repo, doc, "Contact.Meet", *at("meet"))
    do(session, meet)
    do(session, operations.change_type(session.repo, meet.event_id, "Contact.Phone-Write"))
    assert session.repo.span(meet.trigger_span_id).label == "Contact.Phone-Write"
    bounds = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", TEXT)]
    start, _ = at("Thursday")
    do(session, operations.label_selection(session.repo, doc, start + 2, start + 5, "DATE", bounds))
    assert [s.text_in(TEXT) for s in session.repo.spans(doc) if s.label == "DATE"] == ["Thursday"]


# -- what changed ---------------------------------------------------------------------------
def test_changes_name_what_the_step_wrote(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    meet = operations.create_event(session.repo, doc, "Contact.Meet", *at("meet"))
    created = do(session, meet)
    assert created.events == {meet.event_id} and meet.trigger_span_id in created.spans
    filled = do(session, operations.fill_role(session.repo, meet.event_id, "Entity", kerry))
    assert filled.spans == {kerry} and filled.events == {meet.event_id} and filled.documents == {doc}
    relabel = do(session, operations.relabel(session.repo, kerry, "ORG"))
    assert relabel.spans == {kerry} and relabel.events == {meet.event_id}  # the event using it
    done = do(session, operations.mark_done(session.repo, doc))
    assert done.statuses == {doc} and not done.spans and not done.events
    undone = session.revert(meet)
    assert undone.events == {meet.event_id} and undone.log_id is not None


# -- undo after a restart -------------------------------------------------------------------
def test_the_undo_history_is_rebuilt_from_the_action_log(session, doc) -> None:
    kerry = proposed(session, doc, "Kerry", "PERSON")
    first = do(session, operations.accept(session.repo, kerry))
    second = do(session, operations.label_selection(session.repo, doc, *at("Moscow"), "GPE"))
    third = operations.skip(session.repo, doc)
    third_changes = do(session, third)
    session.revert(third, replays=third_changes.log_id)  # undone: redo-able after a restart

    restarted = Session(session.repo)
    stack, done = restarted.undo_history()
    # The proposal's creation first, then the three gestures; the skip is undone.
    assert [row for _, row in stack][1:] == [first.log_id, second.log_id, third_changes.log_id]
    assert done == len(stack) - 1
    action, row = stack[done - 1]
    restarted.revert(action, replays=row)  # undo "create Moscow" after the restart
    assert [s.label for s in session.repo.spans(doc)] == ["PERSON"]
    restarted.apply(action, replays=row)  # and redo it
    assert [s.label for s in session.repo.spans(doc)] == ["PERSON", "GPE"]
    again, done_again = Session(session.repo).undo_history()
    assert done_again == done and len(again) == len(stack)


# -- relations ------------------------------------------------------------------------------
def _with_relation_types(session: Session) -> None:
    from annotate.schema import RelationType

    schema = session.repo.schema()
    schema.relation_types = [
        RelationType("Located_in", "#1f77b4", ("PERSON", "ORG"), ("GPE",)),
        RelationType("Based_in", "#9467bd", ("PERSON", "ORG"), ("GPE", "LOC")),
        RelationType("Meets", "#ff7f0e", ("PERSON",), ("PERSON",), symmetric=True),
        RelationType("Coref", "#2ca02c", symmetric=True, transitive=True),
    ]
    session.repo.set_schema(schema)


def test_the_types_offered_are_those_the_labels_allow(session, doc) -> None:
    _with_relation_types(session)
    kerry, putin = proposed(session, doc, "Kerry", "PERSON"), proposed(session, doc, "Putin", "PERSON")
    moscow, thursday = proposed(session, doc, "Moscow", "GPE"), proposed(session, doc, "Thursday", "DATE")
    declared = ["Located_in", "Based_in", "Meets"]  # never the equivalence type
    assert operations.type_choice(session.repo, kerry, moscow) == operations.TypeChoice(["Located_in", "Based_in"], declared)
    assert operations.type_choice(session.repo, kerry, putin).only == "Meets"
    assert operations.type_choice(session.repo, moscow, kerry).allowed == []  # not symmetric: not backwards
    assert operations.type_choice(session.repo, kerry, thursday).only is None


def test_relating_accepts_proposed_ends_and_touches_the_document(session, doc) -> None:
    kerry, moscow = proposed(session, doc, "Kerry", "PERSON"), proposed(session, doc, "Moscow", "GPE")
    relate = operations.relate(session.repo, kerry, moscow, " Located_in ")
    changes = do(session, relate)
    (relation,) = session.repo.relations(doc)
    assert (relation.type, relation.head_span_id, relation.child_span_id, relation.status) == (
        "Located_in", kerry, moscow, SpanStatus.ACCEPTED)
    assert changes.relations == {relation.id} and changes.spans == {kerry, moscow}
    assert {session.repo.span(i).status for i in (kerry, moscow)} == {SpanStatus.ACCEPTED}
    assert session.repo.document(doc).status == DocStatus.IN_PROGRESS
    assert operations.relate(session.repo, kerry, moscow, "Located_in") is None  # there already
    session.revert(relate)
    assert session.repo.relations(doc) == [] and session.repo.span(kerry).status == SpanStatus.PROPOSED
    assert session.repo.document(doc).status == DocStatus.NEW
    with pytest.raises(ActionError, match="two different spans"):
        operations.relate(session.repo, kerry, kerry, "Located_in")
    with pytest.raises(ActionError, match="needs a type"):
        operations.relate(session.repo, kerry, moscow, "  ")


def test_accepting_and_rejecting_a_proposed_relation(session, doc) -> None:
    kerry, moscow = proposed(session, doc, "Kerry", "PERSON"), proposed(session, doc, "Moscow", "GPE")
    do(session, made := AddRelation(doc, "Located_in", kerry, moscow, SpanStatus.PROPOSED, MODEL))
    rid = made.relation_id
    accept = operations.accept_relation(session.repo, rid)
    do(session, accept)
    assert session.repo.relation(rid).status == SpanStatus.ACCEPTED
    assert session.repo.span(kerry).status == SpanStatus.ACCEPTED  # its ends with it
    assert operations.accept_relation(session.repo, rid) is None
    session.revert(accept)
    reject = operations.reject_relation(session.repo, rid)
    do(session, reject)
    assert session.repo.relation(rid).status == SpanStatus.REJECTED  # kept
    assert session.repo.span(kerry).status == SpanStatus.PROPOSED  # its ends stay as they were
    assert operations.reject_relation(session.repo, rid) is None
    # The same relation related again is accepted, not doubled.
    do(session, operations.relate(session.repo, kerry, moscow, "Located_in"))
    assert [r.status for r in session.repo.relations(doc)] == [SpanStatus.ACCEPTED]


def test_rejecting_your_own_relation_deletes_it_and_retyping_a_proposal_accepts_it(session, doc) -> None:
    kerry, moscow = proposed(session, doc, "Kerry", "PERSON"), proposed(session, doc, "Moscow", "GPE")
    do(session, operations.relate(session.repo, kerry, moscow, "Located_in"))
    (mine,) = session.repo.relations(doc)
    do(session, operations.reject_relation(session.repo, mine.id))
    assert session.repo.relations(doc) == []
    do(session, made := AddRelation(doc, "Located_in", kerry, moscow, SpanStatus.PROPOSED, MODEL))
    assert operations.change_relation_type(session.repo, made.relation_id, "Located_in") is None
    do(session, operations.change_relation_type(session.repo, made.relation_id, "Based_in"))
    relation = session.repo.relation(made.relation_id)
    assert (relation.type, relation.status) == ("Based_in", SpanStatus.ACCEPTED)
    do(session, operations.delete_relation(session.repo, made.relation_id))
    assert session.repo.relations(doc) == []


def test_relation_warnings_are_counted_in_the_document(session, doc) -> None:
    _with_relation_types(session)
    kerry, moscow = proposed(session, doc, "Kerry", "PERSON"), proposed(session, doc, "Moscow", "GPE")
    repo = session.repo
    do(session, operations.relate(repo, kerry, moscow, "Located_in"))
    assert repo.document_warnings(doc) == 0
    do(session, relabel := operations.relabel(repo, moscow, "DATE"))  # the child's label no longer fits
    assert repo.document_warnings(doc) == 1
    session.revert(relabel)
    assert repo.document_warnings(doc) == 0
    do(session, operations.relate(repo, moscow, kerry, "Knows"))  # not in the schema
    assert repo.document_warnings(doc) == 1
    do(session, AddRelation(doc, "Knows", kerry, moscow, SpanStatus.PROPOSED, MODEL))  # proposals do not count
    assert repo.document_warnings(doc) == 1
    assert Session(repo).recheck(doc) == 1  # a full check agrees
    (knows, _) = [r for r in repo.relations(doc) if r.type == "Knows"]
    do(session, operations.delete_relation(repo, knows.id))
    assert repo.document_warnings(doc) == 0
