"""Checking events against the schema, and ranking the spans that could fill a role.

Pure Python: the window and the session use the same rules. Warnings never block saving;
they are shown on the event and counted per document.

Sentences come from a punctuation rule, not from spaCy, because the window must not run a
model on its thread: a sentence ends at ``. ! ? …`` (or Arabic ``؟ ۔``) followed by space and a
capital, digit, quote or a non-Latin letter, or at a line break. "Mr. Smith" therefore splits
where spaCy would not; the check names the sentence it used, so the user can judge.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from annotate.model import Event, Span, SpanStatus
from annotate.schema import Schema

_SENTENCE_END = re.compile(
    r"(?<=[.!?…؟۔])[\"'”’)\]»]*\s+(?=[\"'“‘(\[«]?[^\W\d_a-z]|[\"'“‘(\[«]?\d)|\n+",
)

MISSING_ROLE = "missing_role"
TOO_MANY = "too_many"
LABEL_NOT_ALLOWED = "label_not_allowed"
UNKNOWN_ROLE = "unknown_role"
OUTSIDE_SENTENCE = "outside_sentence"
UNKNOWN_TYPE = "unknown_type"


@dataclass(frozen=True, slots=True)
class EventWarning:
    """One problem with an event; ``role`` and ``span_id`` say where, when that applies."""

    kind: str
    message: str
    role: str | None = None
    span_id: int | None = None


class Sentences:
    """Sentence bounds of one text, for looking up which sentence an offset is in."""

    def __init__(self, text: str) -> None:
        bounds: list[tuple[int, int]] = []
        start = 0
        for match in _SENTENCE_END.finditer(text):
            if text[start : match.start()].strip():
                bounds.append((start, match.start()))
            start = match.end()
        if text[start:].strip():
            bounds.append((start, len(text)))
        self.bounds = bounds
        self._starts = [b[0] for b in bounds]

    def index(self, offset: int) -> int:
        """The number of the sentence containing ``offset`` (the one before, between two)."""
        return max(0, bisect_right(self._starts, offset) - 1)


def check_event(event: Event, schema: Schema, spans: Mapping[int, Span], sentences: Sentences) -> list[EventWarning]:
    """Warnings for one event: missing required roles, too many fillers for a role that does
    not repeat, arguments whose label the role does not allow, arguments in roles the type
    lacks (after a type change), and arguments outside the trigger's sentence."""
    etype = schema.event_type(event.type)
    if etype is None:
        return [EventWarning(UNKNOWN_TYPE, f"event type {event.type} is not in the schema")]
    warnings: list[EventWarning] = []
    filled = event.roles()
    for role in etype.roles:
        count = len(filled.get(role.name, []))
        if role.required and count == 0:
            warnings.append(EventWarning(MISSING_ROLE, f"{role.name} is required", role.name))
        if not role.repeatable and count > 1:
            warnings.append(EventWarning(TOO_MANY, f"{role.name} takes one argument, has {count}", role.name))
    trigger = spans.get(event.trigger_span_id)
    trigger_sentence = sentences.index(trigger.start) if trigger is not None else None
    for argument in event.arguments:
        span = spans.get(argument.span_id)
        found = etype.role(argument.role)
        if found is None:
            warnings.append(EventWarning(
                UNKNOWN_ROLE, f"{etype.name} has no role {argument.role}", argument.role, argument.span_id))
            continue
        if span is None:
            continue
        if not schema.role_allows(found, span.label):
            warnings.append(EventWarning(
                LABEL_NOT_ALLOWED, f"{found.name} does not take {span.label} (allowed: {', '.join(found.labels)})",
                found.name, span.id))
        if trigger_sentence is not None and sentences.index(span.start) != trigger_sentence:
            warnings.append(EventWarning(
                OUTSIDE_SENTENCE, f"{found.name} is outside the trigger's sentence", found.name, span.id))
    return warnings


SpanT = TypeVar("SpanT", bound=Span)


def candidates(
    event: Event, role_name: str, schema: Schema, spans: Iterable[SpanT], sentences: Sentences
) -> list[SpanT]:
    """Spans that could fill a role, best first: accepted spans of an allowed label or of the
    mention label, which every role takes (not the trigger, not already in that role), in the
    trigger's sentence first, then, for a role that lists its labels, those of a listed label
    before mentions, then those not yet in another role of the event, then nearest."""
    etype = schema.event_type(event.type)
    role = etype.role(role_name) if etype else None
    if role is None:
        return []
    by_id = {s.id: s for s in spans}
    trigger = by_id.get(event.trigger_span_id)
    if trigger is None:
        return []
    taken = {a.span_id for a in event.arguments if a.role == role_name}
    sentence = sentences.index(trigger.start)
    event_types = {t.name for t in schema.event_types}
    pool = [
        s for s in by_id.values()
        if s.status == SpanStatus.ACCEPTED and s.id != trigger.id and s.id not in taken
        and s.label not in event_types and schema.role_allows(role, s.label)
    ]
    # A role that names its labels wants those first; a phrase that is no name comes after.
    mentions = {s.id for s in pool if role.labels and not role.allows(s.label)}

    used = {a.span_id for a in event.arguments}  # already in another role: rarely meant twice

    def rank(span: Span) -> tuple[int, int, int, int, int]:
        distance = span.start - trigger.end if span.start >= trigger.end else trigger.start - span.end
        return (0 if sentences.index(span.start) == sentence else 1, int(span.id in mentions), int(span.id in used),
                abs(distance), span.start)

    return sorted(pool, key=rank)
