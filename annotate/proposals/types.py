"""What proposers return: plain frozen records, safe to pass between threads and processes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from annotate.model import Normalization


@dataclass(frozen=True, slots=True)
class ProposedSpan:
    """A suggested span: code-point offsets, a schema label, a score when known."""

    start: int
    end: int
    label: str
    source: str
    score: float | None = None
    norms: tuple[Normalization, ...] = ()  # e.g. a GeoNames entry for a place


@dataclass(frozen=True, slots=True)
class ProposedArgument:
    """A suggested role filler; the span is matched to an existing one or proposed with it."""

    role: str
    start: int
    end: int
    label: str
    score: float | None = None
    norms: tuple[Normalization, ...] = ()  # e.g. the ISO date of a Time, the GeoNames id of a Place


@dataclass(frozen=True, slots=True)
class ProposedEvent:
    """A suggested event: type, trigger offsets, arguments."""

    type: str
    trigger_start: int
    trigger_end: int
    arguments: tuple[ProposedArgument, ...]
    source: str
    score: float | None = None


@dataclass(frozen=True, slots=True)
class DocumentProposals:
    """Everything proposers suggested for one document, and what they had to drop."""

    document_id: int
    spans: tuple[ProposedSpan, ...] = ()
    events: tuple[ProposedEvent, ...] = ()
    dropped: tuple[tuple[str, int], ...] = field(default=())  # (model label, count)


@dataclass(frozen=True, slots=True)
class TextInput:
    """A document as proposers see it."""

    document_id: int
    text: str


class Proposer(Protocol):
    """Anything that turns documents into proposals. ``source`` names it in the project."""

    @property
    def source(self) -> str:
        """The ``source`` recorded on its proposals (``model:NAME@VERSION``, ``pattern``)."""

    def propose(self, documents: Sequence[TextInput]) -> list[DocumentProposals]:
        """Proposals for each document, in the same order."""
