"""Merging proposals into what a document already has, without duplicates.

- a proposal equal to an existing span (offsets and label, any status) is not added: a rejected
  one stays rejected and is never proposed again, an accepted one is not duplicated;
- a proposal on exactly the characters of an accepted or user span, under another label, is
  dropped: the annotator already decided those characters;
- existing spans are never changed;
- identical proposals from several proposers become one (highest score, first proposer);
- an event equal to an existing one (type and trigger offsets) is not added; an argument whose
  span the annotator rejected is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotate.model import SOURCE_USER, Event, Span, SpanStatus
from annotate.proposals.types import DocumentProposals, ProposedEvent, ProposedSpan

Key = tuple[int, int, str]


@dataclass
class MergePlan:
    """What to store for one document."""

    spans: list[ProposedSpan] = field(default_factory=list)
    events: list[ProposedEvent] = field(default_factory=list)
    skipped: int = 0


def merge(existing: Sequence[Span], existing_events: Sequence[Event], proposals: Iterable[DocumentProposals]) -> MergePlan:
    """Decide which proposals are new for a document."""
    have: set[Key] = {(s.start, s.end, s.label) for s in existing}
    decided = {(s.start, s.end) for s in existing if s.status == SpanStatus.ACCEPTED or s.source == SOURCE_USER}
    by_id = {s.id: s for s in existing}
    have_events = {
        (e.type, by_id[e.trigger_span_id].start, by_id[e.trigger_span_id].end)
        for e in existing_events
        if e.trigger_span_id in by_id
    }
    plan = MergePlan()
    best: dict[Key, ProposedSpan] = {}
    for batch in proposals:
        for span in batch.spans:
            key = (span.start, span.end, span.label)
            if key in have or (span.start, span.end) in decided:
                plan.skipped += 1
                continue
            current = best.get(key)
            if current is None or (span.score or 0) > (current.score or 0):
                best[key] = span
        for event in batch.events:
            key_event = (event.type, event.trigger_start, event.trigger_end)
            if key_event in have_events:
                plan.skipped += 1
                continue
            have_events.add(key_event)
            plan.events.append(event)
    plan.spans = sorted(best.values(), key=lambda s: (s.start, s.end, s.label))
    return plan
