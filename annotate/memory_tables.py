"""The in-memory repository's tables: rows as frozen records (replaced on every write, never
edited, so a transaction's snapshot is a shallow copy), and the full-text match that stands in
for SQLite's FTS5."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from annotate.model import (
    Argument,
    DocStatus,
    Normalization,
    SpanStatus,
    StoredDocument,
    StoredEquivalence,
    StoredEvent,
    StoredRelation,
    StoredSpan,
)
from annotate.schema import Schema

ACTION_KINDS = ("do", "undo")


def now() -> str:
    """UTC timestamp with milliseconds, in the store's ``*_at`` format."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def from_json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def norms_to_json(norms: list[Normalization]) -> str | None:
    """Normalisations as the store keeps them: NULL for none."""
    return json.dumps([n.as_dict() for n in norms], ensure_ascii=False) if norms else None


def norms_from_json(value: str | None) -> list[Normalization]:
    return [Normalization.from_dict(n) for n in json.loads(value)] if value else []


# -- rows: frozen, so a snapshot may share them (see MemoryRepository.transaction) ------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    title: str
    text: str
    source: str
    meta: str  # JSON, as the store keeps it
    content_hash: str
    status: DocStatus
    warnings: int = 0

    def record(self) -> StoredDocument:
        return StoredDocument(self.text, self.title, self.source, json.loads(self.meta), self.status,
                              self.content_hash, self.id)


@dataclass(frozen=True, slots=True)
class SpanRow:
    id: int
    document_id: int
    start: int
    end: int
    label: str
    status: SpanStatus
    source: str
    score: float | None
    note: str | None
    deleted: bool
    created_at: str
    updated_at: str
    fragments: tuple[tuple[int, int], ...] = ()
    attributes: str = "{}"  # JSON
    norms: str | None = None  # JSON

    def record(self) -> StoredSpan:
        return StoredSpan(self.document_id, self.start, self.end, self.label, self.status, self.source,
                          self.score, self.note, self.id, self.created_at, self.updated_at, self.fragments,
                          json.loads(self.attributes), norms_from_json(self.norms))


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    document_id: int
    type: str
    trigger_span_id: int
    attributes: str  # JSON
    status: SpanStatus
    source: str
    score: float | None
    note: str | None
    deleted: bool
    created_at: str
    updated_at: str
    norms: str | None = None  # JSON

    def record(self, arguments: list[Argument]) -> StoredEvent:
        return StoredEvent(self.document_id, self.type, self.trigger_span_id, arguments,
                           json.loads(self.attributes), self.status, self.source, self.score, self.note,
                           self.id, self.created_at, self.updated_at, norms_from_json(self.norms))


@dataclass(frozen=True, slots=True)
class ArgumentRow:
    id: int
    event_id: int
    role: str
    span_id: int
    argument_event_id: int | None = None

    def record(self) -> Argument:
        return Argument(self.role, self.span_id, self.id, self.argument_event_id)


@dataclass(frozen=True, slots=True)
class RelationRow:
    id: int
    document_id: int
    type: str
    head_span_id: int
    child_span_id: int
    attributes: str  # JSON
    status: SpanStatus
    source: str
    score: float | None
    note: str | None
    deleted: bool
    created_at: str
    updated_at: str

    def record(self) -> StoredRelation:
        return StoredRelation(self.document_id, self.type, self.head_span_id, self.child_span_id, self.status,
                              self.source, self.score, self.note, json.loads(self.attributes), self.id,
                              self.created_at, self.updated_at)


@dataclass(frozen=True, slots=True)
class EquivalenceRow:
    id: int
    document_id: int
    type: str
    span_ids: tuple[int, ...]
    source: str
    deleted: bool = False

    def record(self) -> StoredEquivalence:
        return StoredEquivalence(self.document_id, self.type, self.span_ids, self.source, self.id)


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: int
    time: str
    action: str
    kind: str
    document_id: int | None
    target: str | None
    before: str | None  # JSON, like the store: what comes back is what JSON keeps
    after: str | None
    payload: str | None
    replays: int | None


@dataclass(slots=True)
class Tables:
    """The whole state. Containers are copied for a snapshot; rows are immutable and shared."""

    schema: Schema
    documents: dict[int, DocumentRow] = field(default_factory=dict)
    spans: dict[int, SpanRow] = field(default_factory=dict)
    events: dict[int, EventRow] = field(default_factory=dict)
    arguments: dict[int, ArgumentRow] = field(default_factory=dict)
    actions: dict[int, ActionRow] = field(default_factory=dict)
    proposal_runs: set[tuple[int, str]] = field(default_factory=set)
    settings: dict[str, str] = field(default_factory=dict)
    pattern_files: dict[str, str] = field(default_factory=dict)  # insertion order = id order
    top: dict[str, int] = field(default_factory=dict)  # the largest id of each table
    relations: dict[int, RelationRow] = field(default_factory=dict)
    equivalences: dict[int, EquivalenceRow] = field(default_factory=dict)

    def copy(self) -> Tables:
        return Tables(
            self.schema, dict(self.documents), dict(self.spans), dict(self.events),
            dict(self.arguments), dict(self.actions), set(self.proposal_runs), dict(self.settings),
            dict(self.pattern_files), dict(self.top), dict(self.relations), dict(self.equivalences),
        )


# -- full-text matching -----------------------------------------------------------------------

_QUERY_BITS = re.compile(r'\s+|(".*?")')  # how the store quotes a query for FTS5


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """Lower-cased runs of letters and digits, combining marks dropped."""
    out: list[str] = []
    word: list[str] = []
    for ch in unicodedata.normalize("NFD", text):
        category = unicodedata.category(ch)
        if category == "Mn":
            continue
        if category[0] in "LN" or category == "Co":
            word.append(ch)
        elif word:
            out.append("".join(word).lower())
            word = []
    if word:
        out.append("".join(word).lower())
    return tuple(out)


def phrases(query: str) -> list[tuple[str, ...]]:
    if query.count('"') % 2:
        query += '"'
    bits = [b for b in _QUERY_BITS.split(query) if b and b != '""']
    return [_tokens(b) for b in bits]


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    if len(phrase) == 1:
        return phrase[0] in tokens
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def matches(row: DocumentRow, phrases: list[tuple[str, ...]]) -> bool:
    wanted = [p for p in phrases if p]  # FTS5 ignores a phrase without tokens beside others
    if not wanted:
        return False
    title, text = _tokens(row.title), _tokens(row.text)
    return all(_contains(title, p) or _contains(text, p) for p in wanted)


# -- the repository ---------------------------------------------------------------------------
