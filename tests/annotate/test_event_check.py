"""Event validation, one case per warning, sentence bounds and role candidates."""

from __future__ import annotations

import pytest

from annotate.actions import ChangeEventType, CreateSpan, CreateTriggeredEvent, DeleteSpan, SetArgument
from annotate.session import Session
from annotate.event_check import Sentences, candidates, check_event
from annotate.model import Argument, Event, Span, SpanStatus
from annotate.resources import builtin_schema
from tests.conftest import ARABIC_TEXT, add_document

SCHEMA = builtin_schema("news-ace")
TEXT = "Kerry will meet Putin in Moscow at 9 p.m. local time. Talks resume in Geneva on Monday."


def span(i: int, word: str, label: str, status: SpanStatus = SpanStatus.ACCEPTED) -> Span:
    start = TEXT.index(word)
    return Span(1, start, start + len(word), label, status, id=i)


SPANS = {s.id: s for s in [
    span(1, "meet", "Contact.Meet"), span(2, "Kerry", "PERSON"), span(3, "Putin", "PERSON"),
    span(4, "Moscow", "GPE"), span(5, "9 p.m.", "TIME"), span(6, "Geneva", "GPE"), span(7, "Monday", "DATE"),
    span(8, "Talks", "ORG", SpanStatus.PROPOSED),
]}


def meet(*arguments: tuple[str, int], type: str = "Contact.Meet") -> Event:
    return Event(1, type, 1, [Argument(role, sid) for role, sid in arguments], id=1)


def kinds(event: Event) -> list[str]:
    return sorted(w.kind for w in check_event(event, SCHEMA, SPANS, Sentences(TEXT)))


def test_a_complete_event_has_no_warnings() -> None:
    assert kinds(meet(("Entity", 2), ("Entity", 3), ("Place", 4), ("Time", 5))) == []


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (meet(("Place", 4)), ["missing_role"]),                                    # Entity is "+"
        (meet(("Entity", 2), ("Place", 4), ("Place", 6)), ["outside_sentence", "too_many"]),
        (meet(("Entity", 2), ("Time", 4)), ["label_not_allowed"]),                 # GPE as Time
        (meet(("Entity", 2), ("Victim", 3)), ["unknown_role"]),                    # kept after a type change
        (meet(("Entity", 2), ("Time", 7)), ["outside_sentence"]),                  # Monday: next sentence
        (meet(("Entity", 2), type="Contact.Teleport"), ["unknown_type"]),
    ],
)
def test_each_warning(event: Event, expected: list[str]) -> None:
    assert kinds(event) == expected


def test_sentences_do_not_split_after_an_abbreviation_before_lowercase() -> None:
    bounds = Sentences(TEXT).bounds
    assert [TEXT[a:b] for a, b in bounds] == [
        "Kerry will meet Putin in Moscow at 9 p.m. local time.", "Talks resume in Geneva on Monday."]
    arabic = ARABIC_TEXT + " " + ARABIC_TEXT
    assert len(Sentences(arabic).bounds) == 2
    assert len(Sentences("One line\nSecond line").bounds) == 2


def test_candidates_accepted_allowed_same_sentence_then_nearest() -> None:
    event = meet(("Entity", 3))
    ranked = candidates(event, "Entity", SCHEMA, SPANS.values(), Sentences(TEXT))
    # Putin already fills Entity; Talks is only proposed; the trigger is not a candidate.
    assert [s.id for s in ranked] == [2, 4, 6]
    assert [s.id for s in candidates(event, "Time", SCHEMA, SPANS.values(), Sentences(TEXT))] == [5, 7]
    assert candidates(event, "Nope", SCHEMA, SPANS.values(), Sentences(TEXT)) == []


def test_session_keeps_the_document_warning_count(session) -> None:
    doc = add_document(session, TEXT)
    make = CreateTriggeredEvent(doc, "Contact.Meet", *(lambda s: (s, s + 4))(TEXT.index("meet")))
    session.apply(make)
    assert session.repo.document_warnings(doc) == 1               # Entity missing
    session.apply(kerry := CreateSpan(doc, 0, 5, "PERSON"))
    session.apply(SetArgument(make.event_id, "Entity", kerry.span_id))
    assert session.repo.document_warnings(doc) == 0
    session.apply(change := ChangeEventType(make.event_id, "Life.Die"))
    assert session.repo.document_warnings(doc) == 2               # Entity unknown, Victim missing
    session.revert(change)
    assert session.repo.document_warnings(doc) == 0
    # Only the events an action touches are checked again; a fresh full check agrees.
    session.apply(DeleteSpan(kerry.span_id))
    stored = session.repo.document_warnings(doc)
    assert stored == 1 and Session(session.repo).recheck(doc) == stored


def test_creating_an_event_on_an_existing_trigger_span_reuses_it(session) -> None:
    doc = add_document(session, TEXT)
    start = TEXT.index("meet")
    session.apply(proposed := CreateSpan(doc, start, start + 4, "Contact.Meet", SpanStatus.PROPOSED, "model:x@1"))
    session.apply(make := CreateTriggeredEvent(doc, "Contact.Meet", start, start + 4))
    assert make.trigger_span_id == proposed.span_id
    assert session.repo.span(proposed.span_id).status == SpanStatus.ACCEPTED
    session.revert(make)
    assert session.repo.events(doc) == []
    assert session.repo.span(proposed.span_id).status == SpanStatus.PROPOSED


def test_creating_an_event_where_one_is_proposed_accepts_it(session) -> None:
    from annotate.proposals.types import DocumentProposals, ProposedEvent

    doc = add_document(session, TEXT)
    start = TEXT.index("meet")
    session.store_proposals({doc: [DocumentProposals(doc, (), (ProposedEvent("Contact.Meet", start, start + 4, (), "m"),))]}, ["m"])
    (proposed,) = session.repo.events(doc)
    session.apply(make := CreateTriggeredEvent(doc, "Contact.Meet", start, start + 4))
    assert make.event_id == proposed.id
    assert [e.status for e in session.repo.events(doc)] == [SpanStatus.ACCEPTED]
    session.revert(make)
    assert [e.status for e in session.repo.events(doc)] == [SpanStatus.PROPOSED]


def test_accepting_a_proposed_event_accepts_its_proposed_arguments(session) -> None:
    from annotate.actions import RejectSpan
    from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent

    doc = add_document(session, TEXT)
    start = TEXT.index("meet")
    arguments = tuple(ProposedArgument("Entity", TEXT.index(name), TEXT.index(name) + len(name), "PERSON")
                      for name in ("Kerry", "Putin"))
    session.store_proposals({doc: [DocumentProposals(doc, (), (ProposedEvent("Contact.Meet", start, start + 4, arguments, "m"),))]}, ["m"])
    by_text = {TEXT[s.start:s.end]: s for s in session.repo.spans(doc)}
    session.apply(RejectSpan(by_text["Putin"].id))  # the annotator's earlier decision stands
    session.apply(make := CreateTriggeredEvent(doc, "Contact.Meet", start, start + 4))
    status = {TEXT[s.start:s.end]: s.status for s in session.repo.spans(doc)}
    assert status == {"meet": SpanStatus.ACCEPTED, "Kerry": SpanStatus.ACCEPTED, "Putin": SpanStatus.REJECTED}
    session.revert(make)
    status = {TEXT[s.start:s.end]: s.status for s in session.repo.spans(doc)}
    assert status == {"meet": SpanStatus.PROPOSED, "Kerry": SpanStatus.PROPOSED, "Putin": SpanStatus.REJECTED}


MENTION_TEXT = "Pro-regime forces attacked a bland regime paper and Assad's guards in Damascus."


def mention_spans() -> dict[int, Span]:
    def at(i: int, word: str, label: str) -> Span:
        start = MENTION_TEXT.index(word)
        return Span(1, start, start + len(word), label, SpanStatus.ACCEPTED, id=i)

    return {s.id: s for s in [at(1, "attacked", "Conflict.Attack"), at(2, "Pro-regime forces", "MENTION"),
                              at(3, "a bland regime paper", "MENTION"), at(4, "Assad", "PERSON"),
                              at(5, "Damascus", "GPE")]}


def test_a_mention_fills_any_role_without_a_warning() -> None:
    spans = mention_spans()
    attack = Event(1, "Conflict.Attack", 1, [Argument("Attacker", 2), Argument("Target", 3), Argument("Place", 5)], id=1)
    assert check_event(attack, SCHEMA, spans, Sentences(MENTION_TEXT)) == []
    # A label the role does not list is still one: Instrument takes PRODUCT only.
    wrong = Event(1, "Conflict.Attack", 1, [Argument("Instrument", 5), Argument("Instrument", 3)], id=1)
    (warning,) = check_event(wrong, SCHEMA, spans, Sentences(MENTION_TEXT))
    assert warning.kind == "label_not_allowed" and warning.span_id == 5


def test_mentions_are_candidates_of_every_role_after_the_labels_it_lists() -> None:
    spans = mention_spans()
    attack = Event(1, "Conflict.Attack", 1, [], id=1)
    found = candidates(attack, "Attacker", SCHEMA, spans.values(), Sentences(MENTION_TEXT))
    # PERSON and GPE are listed: Assad and Damascus first though further away, then the
    # mentions, nearest first.
    assert [s.id for s in found] == [4, 5, 2, 3]
    # Time lists DATE and TIME, and there is none: the mentions are still candidates.
    assert [s.id for s in candidates(attack, "Time", SCHEMA, spans.values(), Sentences(MENTION_TEXT))] == [2, 3]
    # A schema without a mention label takes none of them.
    plain = builtin_schema("news-ace")
    plain.entity_labels = [lb for lb in plain.entity_labels if not lb.mention]
    assert [s.id for s in candidates(attack, "Attacker", plain, spans.values(), Sentences(MENTION_TEXT))] == [4, 5]
