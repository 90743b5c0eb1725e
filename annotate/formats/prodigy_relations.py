"""Prodigy's ``relations`` of a task as Annotary relations between spans.

Prodigy writes each relation as ``{"head": 14, "child": 5, "head_span": {"start", "end",
"token_start", "token_end", "label"}, "child_span": {...}, "label": "Pos-Reg"}``: ``head`` and
``child`` are the index of the LAST token of each span (``token_end``, inclusive). The spans are
what Annotary links; the token indices are checked against the task's ``tokens`` (or, without
them, against ``token_end``) so that a task whose indices and offsets disagree is refused, not
read one way or the other. A relation given by token indices alone (Prodigy's dependency form)
is linked to the span that ends at each token; between tokens no span ends at it cannot be an
Annotary relation, and is counted (or refused, when the caller counts nothing). So is a
``head_span``/``child_span`` without a ``label`` (Prodigy writes ``null`` for a token that is
no span) unless exactly one span of the task has its offsets, which it then names.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotate.formats.parsed import ParsedDocument, ParsedRelation
from annotate.formats.records_in import (
    Origin,
    attributes,
    fragments,
    integer,
    items,
    name,
    note,
    obj,
    offsets,
    relation,
)
from annotate.model import SpanStatus

# Annotary writes an event's arguments into "relations" too, so that Prodigy draws them; this
# key marks such an arc with the index of its event in "events", which holds it losslessly.
EVENT_ARC = "annotary_event"
TOKEN_RELATION = "relation between tokens that end no span of their task (Annotary relations link spans)"
NO_TOKENS = "relation given by token indices only, in a task without 'tokens' (its spans cannot be found)"
NO_LABEL = ("relation with a head_span or child_span without 'label' where not exactly one span of the task "
            "has its offsets (Annotary relations link spans)")
REPEATED_ARGUMENT = ("relation that repeats an event argument, read as the event's arc (a task without "
                     "'annotary_event' marks, as Annotary exported before them)")
SHOWN_LINES = 10  # lines a warning names, per reason

Tokens = list[tuple[int, int]]  # (start, end) of each token, by index


class Skipped(Counter[str]):
    """Relations of a file not read as relations, counted by reason, with the first few lines
    of each reason (a file of any size keeps only those) and how many lines there were."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, list[int]] = {}
        self.line_count: Counter[str] = Counter()
        self._last: dict[str, int] = {}

    def add(self, reason: str, line: int | None) -> None:
        """Count one relation left out for ``reason`` on ``line``."""
        self[reason] += 1
        if line is None or self._last.get(reason) == line:  # no line, or another of the same task
            return
        self._last[reason] = line
        self.line_count[reason] += 1
        lines = self.lines.setdefault(reason, [])
        if len(lines) < SHOWN_LINES:
            lines.append(line)


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
        labelled = _labelled(origin, where, raw, doc)
        if labelled is None:
            _skip(origin, where, NO_LABEL, skipped)
            return None
        found = relation(origin, where, labelled, doc, status)
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


def _labelled(origin: Origin, where: str, raw: dict[str, Any], doc: ParsedDocument) -> dict[str, Any] | None:
    """``raw`` with the label of each end that has none (missing or ``null``, as Prodigy writes a
    token that is no span) taken from the one span of the document at its offsets (and pieces),
    whatever its label; None when there is no such span, or several."""
    out = raw
    for key in ("head_span", "child_span"):
        end = raw.get(key)
        if not isinstance(end, dict) or end.get("label") is not None:
            continue  # checked, or refused, where the relation is read
        start, stop = offsets(origin, f"{where}.{key}", end, doc.text)
        pieces = fragments(origin, f"{where}.{key}", end, start, stop)
        labels = {s.label for s in doc.spans if (s.start, s.end, s.fragments) == (start, stop, pieces)}
        if len(labels) != 1:
            return None
        out = out | {key: end | {"label": labels.pop()}}
    return out


def event_arcs_marked(raw_relations: list[Any]) -> bool:
    """Whether a task's ``relations`` carry the ``annotary_event`` mark: it was written by an
    Annotary that marks every event arc, so an unmarked entry is a relation, whatever it
    repeats (see :func:`repeats_argument`)."""
    return any(isinstance(raw, dict) and EVENT_ARC in raw for raw in raw_relations)


def repeats_argument(doc: ParsedDocument, found: ParsedRelation) -> bool:
    """Whether a relation only repeats an argument of one of the document's accepted events:
    from its trigger to the argument, labelled with the role. Annotary's exports before the
    ``annotary_event`` mark wrote event arcs so (of accepted events: the only ones they wrote);
    the event holds them, and read as relations too they would come back twice. For a task
    without the mark only (:func:`event_arcs_marked`)."""
    return any(event.status == SpanStatus.ACCEPTED and event.trigger == found.head
               and (found.type, found.child) in event.arguments for event in doc.events)


def _check(origin: Origin, where: str, raw: dict[str, Any], key: str, end: int, tokens: Tokens | None) -> None:
    """Refuse a ``head``/``child`` that is not the last token of its span. An entry without
    ``head``/``child`` (``unaligned_relations`` …) is found by its offsets alone: its end need
    not be on token boundaries, only a ``token_end`` it gives is checked."""
    span_key = f"{key}_span"
    given = raw[span_key]
    expected: int | None = None
    if tokens is not None:
        expected = last_token(tokens, end)
        if expected is None and key not in raw:
            return
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
    count_skipped(origin, reason, skipped)


def count_skipped(origin: Origin, reason: str, skipped: Counter[str]) -> None:
    """Count a relation not read as one, with its line when ``skipped`` keeps lines."""
    if isinstance(skipped, Skipped):
        skipped.add(reason, origin.line)
    else:
        skipped[reason] += 1


def skipped_warnings(path: object, skipped: Counter[str]) -> list[str]:
    """One warning line per kind of relation left out of a file, naming its first lines
    (``a.jsonl, lines 3, 8: not imported, 2: ...``) when ``skipped`` kept them."""
    out = []
    for reason, n in sorted(skipped.items()):
        where = ""
        if isinstance(skipped, Skipped) and reason in skipped.lines:
            lines = skipped.lines[reason]
            more = skipped.line_count[reason] - len(lines)
            shown = ", ".join(map(str, lines)) + (f" and {more} more" if more > 0 else "")
            where = f", {'line' if len(lines) == 1 and not more else 'lines'} {shown}"
        out.append(f"{path}{where}: not imported, {n}: {reason}")
    return out
