"""Merging proposals into a project: no duplicates, rejected stays rejected, user spans win."""

from __future__ import annotations

from annotate.actions import CreateSpan, RejectSpan
from annotate.model import SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent, ProposedSpan
from tests.conftest import add_document

TEXT = "Kerry will meet Putin in Moscow on Thursday."
SRC = "model:test@1.0"


def proposals(doc: int, *spans: tuple[int, int, str], source: str = SRC, events=()) -> DocumentProposals:
    return DocumentProposals(doc, tuple(ProposedSpan(s, e, lb, source) for s, e, lb in spans), tuple(events))


def live(session, doc: int) -> list[tuple[int, int, str, str, str]]:
    return [(s.start, s.end, s.label, str(s.status), s.source) for s in session.repo.spans(doc)]


def test_merging_is_idempotent_and_deduplicates_across_proposers(session) -> None:
    doc = add_document(session, TEXT)
    batch = {doc: [proposals(doc, (0, 5, "PERSON"), (25, 31, "GPE")), proposals(doc, (25, 31, "GPE"), source="pattern")]}
    first = session.store_proposals(batch, [SRC, "pattern"])
    assert first.spans == 2
    again = session.store_proposals(batch, [SRC, "pattern"])
    assert again.spans == 0 and again.skipped == 3
    assert len(live(session, doc)) == 2


def test_rejected_proposal_is_never_proposed_again(session) -> None:
    doc = add_document(session, TEXT)
    session.store_proposals({doc: [proposals(doc, (16, 21, "PERSON"))]}, [SRC])
    (span,) = session.repo.spans(doc)
    session.apply(RejectSpan(span.id))
    stored = session.store_proposals({doc: [proposals(doc, (16, 21, "PERSON"))]}, [SRC])
    assert stored.spans == 0
    assert live(session, doc) == [(16, 21, "PERSON", "rejected", SRC)]


def test_accepted_and_user_spans_are_never_overwritten(session) -> None:
    doc = add_document(session, TEXT)
    session.apply(CreateSpan(doc, 25, 31, "LOC"))  # the annotator says LOC
    session.store_proposals({doc: [proposals(doc, (25, 31, "GPE"), (0, 5, "PERSON"))]}, [SRC])
    assert live(session, doc) == [(0, 5, "PERSON", "proposed", SRC), (25, 31, "LOC", "accepted", "user")]


def test_events_reuse_spans_and_skip_rejected_arguments(session) -> None:
    doc = add_document(session, TEXT)
    session.store_proposals({doc: [proposals(doc, (0, 5, "PERSON"), (16, 21, "PERSON"))]}, [SRC])
    putin = next(s for s in session.repo.spans(doc) if s.start == 16)
    session.apply(RejectSpan(putin.id))
    meet = ProposedEvent(
        "Contact.Meet", 11, 15,
        (ProposedArgument("Entity", 0, 5, "PERSON"), ProposedArgument("Entity", 16, 21, "PERSON"),
         ProposedArgument("Place", 25, 31, "GPE")),
        SRC,
    )
    stored = session.store_proposals({doc: [proposals(doc, events=[meet])]}, [SRC])
    assert stored.events == 1
    (event,) = session.repo.events(doc)
    assert event.status == SpanStatus.PROPOSED
    spans = {s.id: TEXT[s.start : s.end] for s in session.repo.spans(doc)}
    assert spans[event.trigger_span_id] == "meet"
    assert [(a.role, spans[a.span_id]) for a in event.arguments] == [("Entity", "Kerry"), ("Place", "Moscow")]
    # The same event again adds nothing.
    assert session.store_proposals({doc: [proposals(doc, events=[meet])]}, [SRC]).events == 0
    assert len([s for s in session.repo.spans(doc) if s.label == "Contact.Meet"]) == 1
