"""The domain's records: Document, Span, Event, Argument, Relation, Equivalence, Normalization.

Offsets are Python ``str`` code-point offsets into ``Document.text``: start inclusive, end
exclusive. Records are plain dataclasses; the repository gives them their ``id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class DocStatus(StrEnum):
    """Where the annotator is with a document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"


class SpanStatus(StrEnum):
    """Review state of a span or event. Rejected proposals are kept as negative evidence."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


# Events share the review states of spans.
EventStatus = SpanStatus

SOURCE_USER = "user"
SOURCE_IMPORT = "import"
SOURCE_PATTERN = "pattern"
# "Label all occurrences": the same text as a span the annotator accepted or made (annotate/propagation).
SOURCE_PROPAGATION = "propagation"


def model_source(name: str, version: str) -> str:
    """The ``source`` of a proposal made by a pipeline: ``model:<name>@<version>``."""
    return f"model:{name}@{version}"


def _same_fields(a: Any, b: Any) -> bool:
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a))


@dataclass(slots=True, eq=False)
class Document:
    """One article: its text exactly as imported, a title and where it came from."""

    # Equal by value, a stored record and the same one not yet stored alike (a StoredSpan is a
    # Span with its id); defining __eq__ leaves it unhashable, as a dataclass would.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Document) and _same_fields(self, other)

    text: str
    title: str = ""
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    status: DocStatus = DocStatus.NEW
    content_hash: str = ""
    id: int | None = None


@dataclass(slots=True, eq=False)
class Span:
    """A labelled character range of a document."""

    # Equal by value, a stored record and the same one not yet stored alike (a StoredSpan is a
    # Span with its id); defining __eq__ leaves it unhashable, as a dataclass would.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and _same_fields(self, other)

    document_id: int
    start: int
    end: int
    label: str
    status: SpanStatus = SpanStatus.ACCEPTED
    source: str = SOURCE_USER
    score: float | None = None
    note: str | None = None
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    # A discontinuous span: its (start, end) pieces in order, ``start``/``end`` the first
    # start and the last end. Empty for a contiguous span (nearly all of them).
    fragments: tuple[tuple[int, int], ...] = ()
    attributes: dict[str, str] = field(default_factory=dict)
    norms: list[Normalization] = field(default_factory=list)

    def text_in(self, text: str) -> str:
        """The covered text of this span in ``text`` (fragments joined by a space, as brat
        writes them)."""
        return " ".join(text[s:e] for s, e in self.pieces())

    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The ranges this span covers: its fragments, or its one range."""
        return self.fragments or ((self.start, self.end),)

    def refit(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """The fragments of this span moved to ``start``-``end``: the first piece starts at
        ``start`` and the last ends at ``end``; pieces outside the new range go, those it cuts
        are clipped. Empty (a contiguous span) when one piece or none is left."""
        if not self.fragments:
            return ()
        pieces = [(max(s, start), min(e, end)) for s, e in self.fragments if e > start and s < end]
        if len(pieces) < 2:
            return ()
        pieces[0] = (start, pieces[0][1])
        pieces[-1] = (pieces[-1][0], end)
        return tuple(pieces)


@dataclass(slots=True, eq=False)
class StoredDocument(Document):
    """A document as the repository hands it out, with its id (see :class:`StoredSpan`)."""

    id: int = 0  # always given by the repository


@dataclass(slots=True, eq=False)
class StoredSpan(Span):
    """A span as the repository hands it out: stored, so it has its id. (A ``Span`` before
    it is stored has none; this type lets the code that needs the id say so.)"""

    id: int = 0  # always given by the repository


@dataclass(frozen=True, slots=True)
class Normalization:
    """A link from a span or an event to an entry of an outside resource: brat's ``N`` line
    (``Reference T1 Wikipedia:534366<TAB>Barack Obama``). ``text`` is the entry's name."""

    resource: str
    reference: str
    text: str = ""
    type: str = "Reference"

    def as_dict(self) -> dict[str, str]:
        """The JSON form stored and exported."""
        return {"type": self.type, "resource": self.resource, "reference": self.reference, "text": self.text}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Normalization:
        """Read the JSON form (missing keys as empty)."""
        return cls(str(raw.get("resource", "")), str(raw.get("reference", "")), str(raw.get("text", "")),
                   str(raw.get("type", "Reference")))


@dataclass(slots=True)
class Argument:
    """One role filler of an event. A role may repeat within an event. An argument that is
    another event (brat ``Theme:E2``) names it in ``event_id``; ``span_id`` is then that
    event's trigger, so everything drawing or checking spans still has a span to go to."""

    role: str
    span_id: int
    id: int | None = None
    event_id: int | None = None


@dataclass(slots=True, eq=False)
class Event:
    """A trigger span of an event type plus role-labelled arguments and attributes."""

    # Equal by value, a stored record and the same one not yet stored alike (a StoredSpan is a
    # Span with its id); defining __eq__ leaves it unhashable, as a dataclass would.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, Event) and _same_fields(self, other)

    document_id: int
    type: str
    trigger_span_id: int
    arguments: list[Argument] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    status: SpanStatus = SpanStatus.ACCEPTED
    source: str = SOURCE_USER
    score: float | None = None
    note: str | None = None
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    norms: list[Normalization] = field(default_factory=list)

    def roles(self) -> dict[str, list[int]]:
        """Role name → span ids, in argument order."""
        out: dict[str, list[int]] = {}
        for arg in self.arguments:
            out.setdefault(arg.role, []).append(arg.span_id)
        return out


@dataclass(slots=True, eq=False)
class StoredEvent(Event):
    """An event as the repository hands it out, with its id (see :class:`StoredSpan`)."""

    id: int = 0  # always given by the repository


@dataclass(slots=True, eq=False)
class Relation:
    """A typed, directed link between two spans of a document (brat ``R``, Prodigy
    ``relations``): ``head`` is brat's Arg1, ``child`` its Arg2."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Relation) and _same_fields(self, other)

    document_id: int
    type: str
    head_span_id: int
    child_span_id: int
    status: SpanStatus = SpanStatus.ACCEPTED
    source: str = SOURCE_USER
    score: float | None = None
    note: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    id: int | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(slots=True, eq=False)
class StoredRelation(Relation):
    """A relation as the repository hands it out, with its id."""

    id: int = 0  # always given by the repository


@dataclass(slots=True, eq=False)
class Equivalence:
    """A set of spans that name the same thing (brat ``*  Equiv T1 T2 T3``): unordered, no
    direction, no review state (brat has none)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Equivalence) and _same_fields(self, other)

    document_id: int
    type: str
    span_ids: tuple[int, ...]
    source: str = SOURCE_USER
    id: int | None = None


@dataclass(slots=True, eq=False)
class StoredEquivalence(Equivalence):
    """An equivalence set as the repository hands it out, with its id."""

    id: int = 0  # always given by the repository


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """A row of the document list: no text, just what the list shows."""

    id: int
    title: str
    status: DocStatus
    accepted: int
    proposed: int
    warnings: int = 0
