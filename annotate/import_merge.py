"""A text imported again (a second annotator's file, one Prodigy task per decision), or read
twice in one import: its annotations join the document that already holds the text (stored
by :func:`annotate.import_store.merge_into`, copy after copy in reading order), instead of
being dropped.

Identical spans count once; a later decision on the same span, event or relation (accept or
reject) wins, as Prodigy's answers come in the order they were made; a different label on the
same range is a span of its own (spans may overlap); events and relations join unless the same
one is there. What a later copy says about the same span, event or relation joins it too:
attributes it lacks (a different value for the same name wins, as a later decision does), norms
it lacks, and note lines it lacks (a second annotator's note is kept next to the first's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from annotate.formats.parsed import ParsedEvent, ParsedSpan
from annotate.model import Normalization, Span, SpanStatus

Key = tuple[int, int, str, tuple[tuple[int, int], ...]]


@dataclass
class MergeCounts:
    """What merging texts already known did."""

    spans_added: int = 0
    spans_same: int = 0  # identical, kept once
    decisions: int = 0  # an existing span's, event's or relation's status changed by a later answer
    events_added: int = 0
    events_same: int = 0
    relations_added: int = 0
    equivalences_added: int = 0
    details_added: int = 0  # attributes, norms and note lines a later copy added to what was there
    attributes_changed: int = 0  # attribute values a later copy replaced


def key_of(span: ParsedSpan | Span) -> Key:
    """Identity of a span for merging: its range, label and fragments."""
    return span.start, span.end, span.label, tuple(span.fragments)


def decided(old: SpanStatus, new: SpanStatus) -> bool:
    """Whether a later answer changes a span's status: a decision (accept, reject) replaces
    another decision or a proposal; a proposal never undoes a decision."""
    return new != old and new != SpanStatus.PROPOSED


class Reviewed(Protocol):
    """A span, event or relation, stored or read: what a later copy of it may change."""

    status: SpanStatus
    note: str | None
    attributes: dict[str, str]


def join_later(stored: Reviewed, later: Reviewed, counts: MergeCounts) -> bool:
    """Apply to ``stored`` what a later copy of the same span, event or relation says: its
    decision, its attributes and its note lines (see the module's docstring); count it in
    ``counts``. Returns whether ``stored`` changed (and is to be written)."""
    changed = False
    if decided(stored.status, later.status):
        stored.status = later.status
        counts.decisions += 1
        changed = True
    for name, value in later.attributes.items():
        if name not in stored.attributes:
            counts.details_added += 1
        elif stored.attributes[name] != value:
            counts.attributes_changed += 1
        else:
            continue
        stored.attributes[name] = value
        changed = True
    if later.note:
        there = set(stored.note.splitlines()) if stored.note else set()
        # dict.fromkeys: a line the later note holds twice is added once, in its order.
        lines = list(dict.fromkeys(line for line in later.note.splitlines() if line.strip() and line not in there))
        if lines:
            stored.note = "\n".join([stored.note.rstrip("\n"), *lines] if stored.note else lines)
            counts.details_added += len(lines)
            changed = True
    return changed


def join_norms(stored: list[Normalization], later: list[Normalization], counts: MergeCounts) -> bool:
    """Add to ``stored`` (a span's or event's norms) those of a later copy it lacks; returns
    whether any were added."""
    added = list(dict.fromkeys(norm for norm in later if norm not in stored))
    stored.extend(added)
    counts.details_added += len(added)
    return bool(added)


def event_key(event: ParsedEvent, spans: list[ParsedSpan]) -> tuple:
    """Identity of an event: its type, its trigger's key and its arguments' roles and keys."""
    return (event.type, key_of(spans[event.trigger]),
            tuple(sorted((role, key_of(spans[i])) for role, i in event.arguments)))
