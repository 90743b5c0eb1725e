"""A text imported again (a second annotator's file, one Prodigy task per decision): its
annotations join the document that already holds the text, instead of being dropped.

Identical spans count once; a later decision on the same span (accept or reject) wins, as
Prodigy's answers come in the order they were made; a different label on the same range is a
span of its own (spans may overlap); events join unless the same event is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotate.formats.parsed import ParsedDocument, ParsedEquivalence, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import Span, SpanStatus

Key = tuple[int, int, str, tuple[tuple[int, int], ...]]


@dataclass
class MergeCounts:
    """What merging texts already known did."""

    spans_added: int = 0
    spans_same: int = 0  # identical, kept once
    decisions: int = 0  # an existing span's status changed by a later answer
    events_added: int = 0
    events_same: int = 0
    relations_added: int = 0
    equivalences_added: int = 0


def key_of(span: ParsedSpan | Span) -> Key:
    """Identity of a span for merging: its range, label and fragments."""
    return span.start, span.end, span.label, tuple(span.fragments)


def decided(old: SpanStatus, new: SpanStatus) -> bool:
    """Whether a later answer changes a span's status: a decision (accept, reject) replaces
    another decision or a proposal; a proposal never undoes a decision."""
    return new != old and new != SpanStatus.PROPOSED


def event_key(event: ParsedEvent, spans: list[ParsedSpan]) -> tuple:
    """Identity of an event: its type, its trigger's key and its arguments' roles and keys."""
    return (event.type, key_of(spans[event.trigger]),
            tuple(sorted((role, key_of(spans[i])) for role, i in event.arguments)))


def merge_parsed(into: ParsedDocument, later: ParsedDocument, counts: MergeCounts, stored_later: bool = False) -> None:
    """Merge a later copy of a text, read in the same import, into the first one. With
    ``stored_later`` (the text is in the project already), what is added is counted when it is
    stored, not here."""
    index = {key_of(s): i for i, s in enumerate(into.spans)}
    remap: dict[int, int] = {}
    for i, span in enumerate(later.spans):
        at = index.get(key_of(span))
        if at is None:
            into.spans.append(ParsedSpan(span.start, span.end, span.label, span.status, span.note, span.fragments,
                                         dict(span.attributes), list(span.norms)))
            at = index[key_of(span)] = len(into.spans) - 1
            counts.spans_added += 0 if stored_later else 1
        elif decided(into.spans[at].status, span.status):
            into.spans[at].status = span.status
            counts.decisions += 1
        else:
            counts.spans_same += 1
        remap[i] = at
    known = {event_key(e, into.spans): i for i, e in enumerate(into.events)}
    events: dict[int, int] = {}  # index in ``later`` → index in ``into``
    added: list[tuple[int, ParsedEvent]] = []
    for number, event in enumerate(later.events):
        moved = ParsedEvent(event.type, remap[event.trigger], [(r, remap[i]) for r, i in event.arguments],
                            dict(event.attributes), event.status, event.note, {}, list(event.norms))
        at = known.get(event_key(moved, into.spans))
        if at is not None:
            counts.events_same += 1
            events[number] = at
            continue
        events[number] = known[event_key(moved, into.spans)] = len(into.events)
        into.events.append(moved)
        added.append((number, moved))
        counts.events_added += 0 if stored_later else 1
    for number, moved in added:  # an event argument points at that event's place in ``into``
        moved.argument_events = {pos: events[target] for pos, target in later.events[number].argument_events.items()}
    links = {("R", r.type, r.head, r.child) for r in into.relations}
    for relation in later.relations:
        moved_relation = ParsedRelation(relation.type, remap[relation.head], remap[relation.child], relation.status,
                                        relation.note, dict(relation.attributes))
        if ("R", moved_relation.type, moved_relation.head, moved_relation.child) not in links:
            links.add(("R", moved_relation.type, moved_relation.head, moved_relation.child))
            into.relations.append(moved_relation)
            counts.relations_added += 0 if stored_later else 1
    sets = {(q.type, tuple(sorted(q.members))) for q in into.equivalences}
    for equivalence in later.equivalences:
        members = tuple(remap[m] for m in equivalence.members)
        if (equivalence.type, tuple(sorted(members))) not in sets:
            sets.add((equivalence.type, tuple(sorted(members))))
            into.equivalences.append(ParsedEquivalence(equivalence.type, members))
            counts.equivalences_added += 0 if stored_later else 1
