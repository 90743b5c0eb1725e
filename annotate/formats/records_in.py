"""Reading Annotary's own annotation records, shared by the JSONL and DocBin readers.

Both formats carry what Prodigy and spaCy have no place for in the same JSON shapes (see
:mod:`annotate.formats.jsonl_in` for the task keys and :mod:`annotate.formats.spacy_in` for the
``user_data`` keys). Offsets are code points of the document text, start inclusive, end exclusive.

- A span reference: ``{"start", "end", "label"}``, with ``"fragments": [[start, end], ...]`` for a
  discontinuous span (``start``/``end`` are then the first start and the last end).
- A span's extras, beside its reference: ``"fragments"``, ``"attributes"`` (name → value),
  ``"norms"`` (``[{"type", "resource", "reference", "text"}]``), ``"note"`` (a string).
- An event: ``{"type", "trigger": {"start", "end"}, "arguments": [{"role", "start", "end",
  "label"}], "attributes", "status", "norms", "note"}``; an argument that is an event adds
  ``"event": N``, the index of that event in the same list (its offsets and label are then that
  event's trigger, so a reader that knows no ``"event"`` still finds a span).
- A relation: ``{"label", "head_span": ref, "child_span": ref, "note", "attributes"}``.
- An equivalence set: ``{"type", "spans": [ref, ref, ...]}`` (two or more).

Every problem raises :class:`ImportFailed` naming the file, the line (or document) and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument, ParsedEquivalence, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import Normalization, SpanStatus

STATUSES = {s.value: s for s in SpanStatus}


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record comes from, for the one-line error: the file and its line (JSONL) or,
    for a file without lines, a prefix naming the document (``document 3: ``)."""

    path: Path
    line: int | None = None
    prefix: str = ""

    def fail(self, problem: str) -> NoReturn:
        """Raise the error naming the file, line and field."""
        raise ImportFailed(self.path, self.prefix + problem, self.line)


def shown(value: Any) -> str:
    """A value as it is spelt in the file: ``false``, ``1.5``, ``"3"``, ``null``."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def integer(origin: Origin, where: str, raw: dict[str, Any], key: str) -> int:
    """A JSON integer. ``true``/``false`` (bool is an int in Python), ``1.0`` and ``"1"`` are
    refused rather than read as 1."""
    if key not in raw:
        origin.fail(f"{where} has no '{key}'")
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int):
        origin.fail(f"{where}.{key} must be an integer, not {shown(value)}")
    return value


def name(origin: Origin, where: str, raw: dict[str, Any], key: str) -> str:
    """A required non-empty string field (label, role, type)."""
    if key not in raw or raw[key] is None:
        origin.fail(f"{where} has no '{key}'")
    value = raw[key]
    if not isinstance(value, str):
        origin.fail(f"{where}.{key} must be a string, not {shown(value)}")
    if not value.strip():
        origin.fail(f"{where}.{key} is empty")
    return value


def obj(origin: Origin, where: str, raw: Any) -> dict[str, Any]:
    """``raw`` when it is a JSON object."""
    if not isinstance(raw, dict):
        origin.fail(f"{where} must be an object, not {shown(raw)}")
    return raw


def items(origin: Origin, where: str, raw: Any) -> list[Any]:
    """``raw`` when it is a JSON list (a missing key reads as an empty one)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        origin.fail(f"'{where}' must be a list")
    return raw


def offsets(origin: Origin, where: str, raw: Any, text: str) -> tuple[int, int]:
    """The ``start``/``end`` of an object, checked against the text."""
    raw = obj(origin, where, raw)
    start, end = integer(origin, where, raw, "start"), integer(origin, where, raw, "end")
    if end <= start:
        origin.fail(f"{where} offsets {start}-{end} are empty or reversed (end must be after start)")
    if start < 0 or end > len(text):
        origin.fail(f"{where} offsets {start}-{end} are outside the text (length {len(text)})")
    return start, end


def fragments(origin: Origin, where: str, raw: dict[str, Any], start: int, end: int) -> tuple[tuple[int, int], ...]:
    """A discontinuous span's pieces: in order, apart, from ``start`` to ``end``."""
    pieces = items(origin, f"{where}.fragments", raw.get("fragments"))
    out: list[tuple[int, int]] = []
    for i, piece in enumerate(pieces):
        if (not isinstance(piece, list) or len(piece) != 2
                or any(isinstance(x, bool) or not isinstance(x, int) for x in piece)):
            origin.fail(f"{where}.fragments[{i}] must be [start, end], not {shown(piece)}")
        a, b = piece
        if b <= a or (out and a <= out[-1][1]):
            origin.fail(f"{where}.fragments[{i}] {a}-{b} is empty, reversed or not after the one before")
        out.append((a, b))
    if len(out) == 1 and out[0] == (start, end):
        return ()  # one piece is a contiguous span
    if out and (out[0][0] != start or out[-1][1] != end):
        origin.fail(f"{where}.fragments run {out[0][0]}-{out[-1][1]}, not the span's {start}-{end}")
    return tuple(out)


def attributes(origin: Origin, where: str, raw: dict[str, Any]) -> dict[str, str]:
    """A name → value map of strings, neither empty (nor only spaces): no schema holds those."""
    value = raw.get("attributes", {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        origin.fail(f"{where}.attributes must map names to string values")
    for key, given in value.items():
        if not key.strip():
            origin.fail(f"{where}.attributes: an attribute name {shown(key)} is empty")
        if not given.strip():
            origin.fail(f"{where}.attributes: the value of {shown(key)} is empty")
    return dict(value)


def norms(origin: Origin, where: str, raw: dict[str, Any]) -> list[Normalization]:
    """Links to outside resources: each ``{"resource", "reference"}``, ``text``/``type`` optional
    (a ``type`` missing, empty or only spaces reads as ``Reference``, what brat's ``N`` lines say)."""
    out = []
    for i, entry in enumerate(items(origin, f"{where}.norms", raw.get("norms"))):
        at = f"{where}.norms[{i}]"
        entry = obj(origin, at, entry)
        for key in ("type", "text"):
            if key in entry and not isinstance(entry[key], str):
                origin.fail(f"{at}.{key} must be a string, not {shown(entry[key])}")
        name(origin, at, entry, "resource"), name(origin, at, entry, "reference")
        if not entry.get("type", "").strip():
            entry = {key: value for key, value in entry.items() if key != "type"}
        out.append(Normalization.from_dict(entry))
    return out


def note(origin: Origin, where: str, raw: dict[str, Any]) -> str | None:
    """A free-text note, or None."""
    value = raw.get("note")
    if value is not None and not isinstance(value, str):
        origin.fail(f"{where}.note must be a string, not {shown(value)}")
    return value


def span(origin: Origin, where: str, raw: Any, text: str, status: SpanStatus) -> ParsedSpan:
    """A span entry with its extras (``spans``, ``rejected_spans``, ``proposed_spans`` …)."""
    start, end = offsets(origin, where, raw, text)
    return ParsedSpan(start, end, name(origin, where, raw, "label"), status, note(origin, where, raw),
                      fragments(origin, where, raw, start, end), attributes(origin, where, raw),
                      norms(origin, where, raw))


def span_at(doc: ParsedDocument, start: int, end: int, label: str, pieces: tuple[tuple[int, int], ...] = (),
            status: SpanStatus = SpanStatus.ACCEPTED) -> int:
    """Index of the document's span with this range, label and fragments (a span's identity,
    as merging sees it), adding one of ``status`` when there is none."""
    for i, known in enumerate(doc.spans):
        if (known.start, known.end, known.label, known.fragments) == (start, end, label, pieces):
            return i
    doc.spans.append(ParsedSpan(start, end, label, status, fragments=pieces))
    return len(doc.spans) - 1


def ref(origin: Origin, where: str, raw: Any, doc: ParsedDocument, status: SpanStatus) -> int:
    """The span a reference names (``{"start", "end", "label", "fragments"?}``), added with
    ``status`` when the document has none such."""
    start, end = offsets(origin, where, raw, doc.text)
    label = name(origin, where, raw, "label")
    return span_at(doc, start, end, label, fragments(origin, where, raw, start, end), status)


def relation(origin: Origin, where: str, raw: Any, doc: ParsedDocument, status: SpanStatus) -> ParsedRelation:
    """A relation record; its ends are found among (or added to) the document's spans."""
    raw = obj(origin, where, raw)
    rtype = name(origin, where, raw, "label")
    head = ref(origin, f"{where}.head_span", raw.get("head_span"), doc, status)
    child = ref(origin, f"{where}.child_span", raw.get("child_span"), doc, status)
    return ParsedRelation(rtype, head, child, status, note(origin, where, raw), attributes(origin, where, raw))


def equivalence(origin: Origin, where: str, raw: Any, doc: ParsedDocument) -> ParsedEquivalence:
    """An equivalence set: a type and two or more member spans."""
    raw = obj(origin, where, raw)
    etype = name(origin, where, raw, "type")
    members = items(origin, f"{where}.spans", raw.get("spans"))
    if len(members) < 2:
        origin.fail(f"{where}.spans must name two or more spans, not {len(members)}")
    found = tuple(ref(origin, f"{where}.spans[{i}]", m, doc, SpanStatus.ACCEPTED) for i, m in enumerate(members))
    return ParsedEquivalence(etype, found)


def status_of(origin: Origin, where: str, raw: dict[str, Any], default: SpanStatus) -> SpanStatus:
    """A record's ``status`` (``accepted``, ``rejected``, ``proposed``), ``default`` when absent."""
    value = raw.get("status", default.value)
    if not isinstance(value, str) or value not in STATUSES:
        origin.fail(f"{where}.status {shown(value)} is not a known status")
    return STATUSES[value]


def events(origin: Origin, key: str, raw_events: Any, doc: ParsedDocument) -> None:
    """Add a list of event records to ``doc``. Every trigger is found first, so an argument may
    name any event of the list, before or after it; events that are arguments of each other in
    a cycle are refused (no event structure holds them)."""
    raw_events = items(origin, key, raw_events)
    first = len(doc.events)
    for i, raw in enumerate(raw_events):
        where = f"{key}[{i}]"
        raw = obj(origin, where, raw)
        etype = name(origin, where, raw, "type")
        start, end = offsets(origin, f"{where}.trigger", raw.get("trigger"), doc.text)
        trigger = obj(origin, f"{where}.trigger", raw.get("trigger"))
        pieces = fragments(origin, f"{where}.trigger", trigger, start, end)
        doc.events.append(ParsedEvent(etype, span_at(doc, start, end, etype, pieces),
                                      status=status_of(origin, where, raw, SpanStatus.ACCEPTED)))
    for i, raw in enumerate(raw_events):
        where = f"{key}[{i}]"
        event = doc.events[first + i]
        for j, arg in enumerate(items(origin, f"{where}.arguments", raw.get("arguments"))):
            _argument(origin, f"{where}.arguments[{j}]", arg, doc, event, first, len(raw_events))
        event.attributes = attributes(origin, where, raw)
        event.norms = norms(origin, where, raw)
        event.note = note(origin, where, raw)
    _refuse_cycles(origin, key, doc, first)


def _refuse_cycles(origin: Origin, key: str, doc: ParsedDocument, first: int) -> None:
    """Refuse events of the list (from ``first``) that are arguments of each other in a cycle,
    naming the first of them: ``events[0]: ... (A → B → A)``."""
    state: dict[int, int] = {}  # 1 visiting, 2 done

    def visit(i: int, chain: tuple[int, ...]) -> None:
        if state.get(i) == 2:
            return
        if state.get(i) == 1:
            cycle = (*chain[chain.index(i):], i)
            names = " → ".join(doc.events[j].type for j in cycle)
            origin.fail(f"{key}[{i - first}]: events are arguments of each other in a cycle ({names})")
        state[i] = 1
        for target in doc.events[i].argument_events.values():
            visit(target, (*chain, i))
        state[i] = 2

    for i in range(first, len(doc.events)):
        visit(i, ())


def _argument(origin: Origin, where: str, raw: Any, doc: ParsedDocument, event: ParsedEvent, first: int,
              count: int) -> None:
    raw = obj(origin, where, raw)
    role = name(origin, where, raw, "role")
    if "event" in raw:  # an argument that is an event: the span is its trigger
        target = raw["event"]
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < count:
            origin.fail(f"{where}.event must be the index of an event of the list (0 to {count - 1}), "
                        f"not {shown(target)}")
        trigger = doc.events[first + target].trigger
        if "start" in raw or "end" in raw:
            start, end = offsets(origin, where, raw, doc.text)
            known = doc.spans[trigger]
            if (start, end) != (known.start, known.end):
                origin.fail(f"{where} offsets {start}-{end} are not those of the trigger of event {target} "
                            f"({known.start}-{known.end})")
        event.argument_events[len(event.arguments)] = first + target
        event.arguments.append((role, trigger))
        return
    start, end = offsets(origin, where, raw, doc.text)
    # The label may be left out when a span of the task has those offsets.
    if raw.get("label") is not None:
        label = name(origin, where, raw, "label")
    else:
        found = next((s.label for s in doc.spans if (s.start, s.end) == (start, end)), None)
        if found is None:
            origin.fail(f"{where} has no 'label' and no span at {start}-{end}")
        label = found
    event.arguments.append((role, span_at(doc, start, end, label, fragments(origin, where, raw, start, end))))
