"""Prodigy's ``relations`` of a task as Annotary relations between spans.

Prodigy writes each relation as ``{"head": 14, "child": 5, "head_span": {"start", "end",
"token_start", "token_end", "label"}, "child_span": {...}, "label": "Pos-Reg"}``: ``head`` and
``child`` are the index of the LAST token of each span (``token_end``, inclusive). The spans are
what Annotary links; the token indices are checked against the task's ``tokens`` (or, without
them, against ``token_end``) so that a task whose indices and offsets disagree is refused, not
read one way or the other. A relation given by token indices alone (Prodigy's dependency form)
is linked to the span that ends at each token; between tokens no span ends at it cannot be an
Annotary relation, and is counted (or refused, when the caller counts nothing).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotate.formats.parsed import ParsedDocument, ParsedRelation
from annotate.formats.records_in import Origin, attributes, integer, items, name, note, obj, relation
from annotate.model import SpanStatus

# Annotary writes an event's arguments into "relations" too, so that Prodigy draws them; this
# key marks such an arc with the index of its event in "events", which holds it losslessly.
EVENT_ARC = "annotary_event"
TOKEN_RELATION = "relation between tokens that end no span of their task (Annotary relations link spans)"
NO_TOKENS = "relation given by token indices only, in a task without 'tokens' (its spans cannot be found)"

Tokens = list[tuple[int, int]]  # (start, end) of each token, by index


def tokens_of(origin: Origin, raw: Any) -> Tokens | None:
    """The task's ``tokens`` as (start, end) by index, or None when it has none."""
    if raw is None:
        return None
    out = []
    for i, token in enumerate(items(origin, "tokens", raw)):
        token = obj(origin, f"tokens[{i}]", token)
        out.append((integer(origin, f"tokens[{i}]", token, "start"), integer(origin, f"tokens[{i}]", token, "end")))
    return out


def last_token(tokens: Tokens, end: int) -> int | None:
    """The index of the token holding the character before ``end``, or None."""
    return next((i for i, (a, b) in enumerate(tokens) if a < end <= b), None)


def read_relation(origin: Origin, where: str, raw: Any, doc: ParsedDocument, tokens: Tokens | None,
                  status: SpanStatus, skipped: Counter[str] | None) -> ParsedRelation | None:
    """One entry of ``relations`` (or of Annotary's other relation lists), or None for an event
    arc or a relation that cannot link spans (counted in ``skipped``)."""
    raw = obj(origin, where, raw)
    if EVENT_ARC in raw:
        target = raw[EVENT_ARC]
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(doc.events):
            origin.fail(f"{where}.{EVENT_ARC} names no event of 'events' (it has {len(doc.events)})")
        return None
    if "head_span" in raw or "child_span" in raw:
        found = relation(origin, where, raw, doc, status)
        _check(origin, where, raw, "head", doc.spans[found.head].end, tokens)
        _check(origin, where, raw, "child", doc.spans[found.child].end, tokens)
        return found
    label = name(origin, where, raw, "label")
    ends = []
    for key in ("head", "child"):
        index = integer(origin, where, raw, key)
        if tokens is None:
            _skip(origin, where, NO_TOKENS, skipped)
            return None
        if not 0 <= index < len(tokens):
            origin.fail(f"{where}.{key} {index} is not a token of 'tokens' (0 to {len(tokens) - 1})")
        ending = [i for i, s in enumerate(doc.spans) if not s.fragments and last_token(tokens, s.end) == index]
        if len(ending) > 1:
            origin.fail(f"{where}.{key} {index} is the last token of {len(ending)} spans; give '{key}_span'")
        if not ending:
            _skip(origin, where, TOKEN_RELATION, skipped)
            return None
        ends.append(ending[0])
    return ParsedRelation(label, ends[0], ends[1], status, note(origin, where, raw), attributes(origin, where, raw))


def repeats_argument(doc: ParsedDocument, found: ParsedRelation) -> bool:
    """Whether a relation only repeats an argument of one of the document's events: from its
    trigger to the argument, labelled with the role. Annotary's exports before the
    ``annotary_event`` mark wrote event arcs so; the event holds them, and read as relations
    too they would come back twice."""
    return any(event.trigger == found.head and (found.type, found.child) in event.arguments for event in doc.events)


def _check(origin: Origin, where: str, raw: dict[str, Any], key: str, end: int, tokens: Tokens | None) -> None:
    """Refuse a ``head``/``child`` that is not the last token of its span."""
    span_key = f"{key}_span"
    given = raw[span_key]
    expected: int | None = None
    if tokens is not None:
        expected = last_token(tokens, end)
        if expected is None:
            origin.fail(f"{where}.{span_key} ends at {end}, inside no token of 'tokens'")
        if "token_end" in given and integer(origin, f"{where}.{span_key}", given, "token_end") != expected:
            origin.fail(f"{where}.{span_key}.token_end {given['token_end']} is not its last token "
                        f"(token {expected} of 'tokens' ends at {end})")
    elif "token_end" in given:
        expected = integer(origin, f"{where}.{span_key}", given, "token_end")
    if key in raw and expected is not None:
        index = integer(origin, where, raw, key)
        if index != expected:
            origin.fail(f"{where}.{key} {index} is not the last token of {span_key} (token {expected})")


def _skip(origin: Origin, where: str, reason: str, skipped: Counter[str] | None) -> None:
    if skipped is None:  # nobody counts: refusing is the only way not to lose it silently
        origin.fail(f"{where}: {reason}")
    skipped[reason] += 1


def skipped_warnings(path: object, skipped: Counter[str]) -> list[str]:
    """One warning line per kind of relation left out of a file."""
    return [f"{path}: not imported, {n}: {reason}" for reason, n in sorted(skipped.items())]
