"""A text imported again (a second annotator's file, one Prodigy task per decision), or read
twice in one import: its annotations join the document that already holds the text (stored
by :func:`annotate.import_store.merge_into`, copy after copy in reading order), instead of
being dropped.

Identical spans count once; a later decision on the same span (accept or reject) wins, as
Prodigy's answers come in the order they were made; a different label on the same range is a
span of its own (spans may overlap); events join unless the same event is there.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotate.formats.parsed import ParsedEvent, ParsedSpan
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
