"""The rules of annotation, decided in annotate/operations and tested without SQLite (an
in-memory repository): what each gesture means, and what the step changed."""

from __future__ import annotations

import re

import pytest

from annotate import operations
from annotate.actions import AcceptSpan, CreateEvent, CreateSpan, SetDocumentStatus
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
