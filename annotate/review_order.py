"""Which proposal the annotator is offered next (A, Enter and X move on to it; an opened
article starts on it).

Rules:
- the highest score first; proposals without a score last; equal ranks in reading order,
  starting after the span just decided and wrapping round;
- an event is reviewed as one: a proposed span that fills a role of a proposed event whose
  trigger is still a proposal is not offered by itself. It is shown, and judged, in the
  event's slot card when the trigger is current; accepting the trigger accepts the event with
  its arguments, and an argument removed before that becomes a proposal offered on its own
  (so are the arguments of a rejected trigger).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from annotate.model import Span, SpanStatus, StoredEvent, StoredSpan

Position = tuple[int, int, int]  # start, end, id: a place in reading order


def score_rank(span: Span) -> tuple[int, float]:
    """How early a proposal is offered: the highest score first, those without a score last
    (smaller is earlier; equal ranks go in reading order)."""
    return (1, 0.0) if span.score is None else (0, -span.score)


def offered_with_event(events: Iterable[StoredEvent], spans: Mapping[int, StoredSpan]) -> set[int]:
    """The spans reviewed through their event's trigger rather than by themselves: proposed
    arguments of proposed events whose trigger is proposed. A span that is itself the trigger
    of a proposed event is offered by itself."""
    listed = list(events)
    triggers = {e.trigger_span_id for e in listed if e.status == SpanStatus.PROPOSED}
    carried: set[int] = set()
    for event in listed:
        trigger = spans.get(event.trigger_span_id)
        if event.status != SpanStatus.PROPOSED or trigger is None or trigger.status != SpanStatus.PROPOSED:
            continue
        carried.update(a.span_id for a in event.arguments
                       if a.span_id in spans and spans[a.span_id].status == SpanStatus.PROPOSED)
    return carried - triggers


def next_proposal(ordered: Sequence[StoredSpan], after: Position | None, skip: Collection[int] = ()) -> int | None:
    """The id of the proposal offered after the place ``after`` (None: from the start) among
    spans in reading order, leaving out ``skip`` (see :func:`offered_with_event`); None when
    no proposal is left. The span at ``after`` itself is offered only when it is the only
    one."""
    here = after[2] if after is not None else None
    proposals = [s for s in ordered if s.status == SpanStatus.PROPOSED and s.id not in skip]
    others = [s for s in proposals if s.id != here]
    if not others:
        return here if any(s.id == here for s in proposals) else None
    best = min(score_rank(s) for s in others)
    tops = [s for s in others if score_rank(s) == best]
    if after is None:
        return tops[0].id
    return next((s.id for s in tops if (s.start, s.end, s.id) > after), tops[0].id)
