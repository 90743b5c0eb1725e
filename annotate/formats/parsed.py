"""What importers produce: documents with their annotations, before any id exists.

Spans are referred to by their index in ``ParsedDocument.spans``; events name their trigger
and arguments by those indices. The session turns this into rows in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotate.model import SpanStatus


@dataclass(slots=True)
class ParsedSpan:
    """A span read from a file."""

    start: int
    end: int
    label: str
    status: SpanStatus = SpanStatus.ACCEPTED
    note: str | None = None


@dataclass(slots=True)
class ParsedEvent:
    """An event read from a file; spans by index into the document's spans."""

    type: str
    trigger: int
    arguments: list[tuple[str, int]] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    status: SpanStatus = SpanStatus.ACCEPTED
    note: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    """One document read from a file, with where it came from."""

    text: str
    title: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[ParsedSpan] = field(default_factory=list)
    events: list[ParsedEvent] = field(default_factory=list)
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
