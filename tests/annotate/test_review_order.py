"""annotate/review_order.py: which proposal A and X move on to."""

from __future__ import annotations

from annotate.model import Argument, SpanStatus, StoredEvent, StoredSpan
from annotate.review_order import next_proposal, offered_with_event

P, A = SpanStatus.PROPOSED, SpanStatus.ACCEPTED


def span(id: int, start: int, status: SpanStatus = P, score: float | None = None, label: str = "PERSON") -> StoredSpan:
    return StoredSpan(1, start, start + 3, label, status, "model:en@1", score=score, id=id)


def event(trigger: int, *arguments: int, status: SpanStatus = P) -> StoredEvent:
    return StoredEvent(1, "Conflict.Attack", trigger, [Argument("Attacker", a) for a in arguments],
                       status=status, source="events", id=trigger * 10)


def test_the_best_score_first_then_reading_order_after_the_last_one() -> None:
    spans = [span(1, 0, score=0.5), span(2, 10, score=0.9), span(3, 20, score=0.5), span(4, 30)]
    assert next_proposal(spans, None) == 2
    spans[1] = span(2, 10, status=A, score=0.9)  # decided
    assert next_proposal(spans, (10, 13, 2)) == 3  # the next 0.5 in reading order
    assert next_proposal(spans, (20, 23, 3)) == 1  # wraps round
    assert next_proposal([s for s in spans if s.id == 4], (30, 33, 4)) == 4  # the only one left
    assert next_proposal([span(5, 0, status=A)], None) is None


def test_a_proposed_events_arguments_come_with_its_proposed_trigger() -> None:
    rebels, attacked, town = span(1, 0, score=0.99), span(2, 7, score=0.6, label="Conflict.Attack"), span(3, 20, score=0.8)
    spans = {s.id: s for s in (rebels, attacked, town)}
    carried = offered_with_event([event(2, 1)], spans)
    assert carried == {1}
    assert next_proposal(list(spans.values()), None, carried) == 3  # not Rebels, for all its score
    assert next_proposal(list(spans.values()), (20, 23, 3), carried) == 2


def test_an_argument_is_offered_alone_once_its_event_or_trigger_is_decided() -> None:
    rebels, attacked = span(1, 0), span(2, 7, label="Conflict.Attack")
    assert offered_with_event([event(2, 1, status=SpanStatus.REJECTED)], {1: rebels, 2: attacked}) == set()
    accepted_trigger = span(2, 7, status=A, label="Conflict.Attack")  # would never be offered again
    assert offered_with_event([event(2, 1)], {1: rebels, 2: accepted_trigger}) == set()
    decided = span(1, 0, status=A)
    assert offered_with_event([event(2, 1)], {1: decided, 2: attacked}) == set()


def test_a_span_that_triggers_a_proposed_event_is_offered_itself() -> None:
    one, two = span(1, 0, label="Conflict.Attack"), span(2, 7, label="Life.Die")
    assert offered_with_event([event(1, 2), event(2, 1)], {1: one, 2: two}) == set()
