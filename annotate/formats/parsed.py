"""What importers produce: documents with their annotations, before any id exists.

Spans are referred to by their index in ``ParsedDocument.spans``; events name their trigger
and arguments by those indices. The session turns this into rows in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotate.model import Normalization, SpanStatus


@dataclass(slots=True)
class ParsedSpan:
    """A span read from a file."""

    start: int
    end: int
    label: str
    status: SpanStatus = SpanStatus.ACCEPTED
    note: str | None = None
    fragments: tuple[tuple[int, int], ...] = ()  # a discontinuous span's pieces (see Span)
    attributes: dict[str, str] = field(default_factory=dict)
    norms: list[Normalization] = field(default_factory=list)


@dataclass(slots=True)
class ParsedEvent:
    """An event read from a file; spans by index into the document's spans."""

    type: str
    trigger: int
    arguments: list[tuple[str, int]] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    status: SpanStatus = SpanStatus.ACCEPTED
    note: str | None = None
    # Argument position → index into the document's events, for an argument that is an event
    # (its span index in ``arguments`` is then that event's trigger).
    argument_events: dict[int, int] = field(default_factory=dict)
    norms: list[Normalization] = field(default_factory=list)


@dataclass(slots=True)
class ParsedRelation:
    """A relation read from a file; its ends by index into the document's spans."""

    type: str
    head: int
    child: int
    status: SpanStatus = SpanStatus.ACCEPTED
    note: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class ParsedEquivalence:
    """An equivalence set read from a file; members by index into the document's spans."""

    type: str
    members: tuple[int, ...]


@dataclass(slots=True)
class ParsedDocument:
    """One document read from a file, with where it came from."""

    text: str
    title: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[ParsedSpan] = field(default_factory=list)
    events: list[ParsedEvent] = field(default_factory=list)
    relations: list[ParsedRelation] = field(default_factory=list)
    equivalences: list[ParsedEquivalence] = field(default_factory=list)
    answered: bool = False  # the file says a person decided it (a Prodigy task's accept or reject)

    def span_index(self, start: int, end: int, label: str) -> int:
        """Index of an equal span, adding it when missing (so spans are not duplicated)."""
        for i, span in enumerate(self.spans):
            if (span.start, span.end, span.label) == (start, end, label):
                return i
        self.spans.append(ParsedSpan(start, end, label))
        return len(self.spans) - 1


@dataclass(slots=True)
class ParsedBatch:
    """Everything one import read: documents, schema fragments, and notes for the user."""

    documents: list[ParsedDocument] = field(default_factory=list)
    schema_fragments: list[Any] = field(default_factory=list)  # Schema objects from annotation.conf
    warnings: list[str] = field(default_factory=list)
    ignored_tasks: int = 0
