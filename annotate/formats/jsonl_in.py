"""Prodigy-style JSONL input: one task per line.

Accepted fields: ``text`` (required), ``meta`` (object; ``meta.title`` becomes the title),
``spans`` (``start``/``end``/``label``), ``answer`` (``accept`` keeps spans as accepted,
``reject`` keeps them as rejected, ``ignore`` skips the task) and Annotary's lossless
``events``::

    {"type": "Contact.Meet", "trigger": {"start": 10, "end": 13},
     "arguments": [{"role": "Entity", "start": 0, "end": 5, "label": "PERSON"}],
     "attributes": {"Modality": "Asserted"}, "status": "accepted"}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.jsonl_lines import json_lines
from annotate.formats.parsed import ParsedDocument, ParsedEvent, ParsedSpan
from annotate.formats.reading import read_input_text
from annotate.model import SpanStatus
from annotate.text import title_of

_ANSWERS = {"accept": SpanStatus.ACCEPTED, "reject": SpanStatus.REJECTED}
# The keys of a task that Annotary reads; every other one (_input_hash, _task_hash,
# _session_id, _view_id, _timestamp, a recipe's own...) is kept as it came, under KEPT in the
# document's meta, and written back on export.
READ_KEYS = frozenset({"text", "meta", "spans", "rejected_spans", "proposed_spans", "events", "relations",
                       "tokens", "answer"})
KEPT = "annotary:task"


def read_jsonl(path: Path) -> tuple[list[ParsedDocument], int, list[str]]:
    """Read every task. Returns documents, the number of ``ignore`` tasks, and warnings."""
    text = read_input_text(path).text
    documents: list[ParsedDocument] = []
    ignored = 0
    relations_only = 0
    for number, task in json_lines(text, path, "task"):
        answer = task.get("answer", "accept")
        # Annotary answers "ignore" (Prodigy: leave out of training) for a document marked done
        # with unreviewed proposals, which it lists in "proposed_spans": not a skipped task.
        if answer == "ignore" and "proposed_spans" in task:
            answer = "accept"
        if answer == "ignore":
            ignored += 1
            continue
        if not isinstance(answer, str) or answer not in _ANSWERS:
            raise ImportFailed(path, f"answer {_shown(answer)} is not accept, reject or ignore", number)
        doc = _task_document(path, number, task, _ANSWERS[answer])
        doc.answered = "answer" in task
        if task.get("relations") and not task.get("events"):
            relations_only += 1
        documents.append(doc)
    if not documents and not ignored:
        raise ImportFailed(path, "contains no tasks")
    warnings = []
    if relations_only:
        warnings.append(
            f"{path}: {relations_only} task(s) have Prodigy 'relations' but no 'events'; "
            "relations alone are not imported"
        )
    return documents, ignored, warnings


def _task_document(path: Path, line: int, task: dict[str, Any], status: SpanStatus) -> ParsedDocument:
    text = task.get("text")
    if not isinstance(text, str):
        raise ImportFailed(path, "task has no 'text' string", line)
    if not text.strip():
        raise ImportFailed(path, "task 'text' is empty", line)
    meta = task.get("meta", {})
    if not isinstance(meta, dict):
        raise ImportFailed(path, "'meta' must be an object", line)
    given = meta.get("title")
    title = given if isinstance(given, str) else title_of(text)
    kept = {key: value for key, value in task.items() if key not in READ_KEYS}
    doc = ParsedDocument(text=text, title=title, source=f"{path}:{line}", meta=meta | ({KEPT: kept} if kept else {}))
    # Annotary's own keys "rejected_spans" and "proposed_spans" carry rejected and unreviewed
    # proposals (Prodigy ignores them).
    for key, span_status in (("spans", status), ("rejected_spans", SpanStatus.REJECTED),
                             ("proposed_spans", SpanStatus.PROPOSED)):
        doc.spans += _spans(path, line, key, task.get(key, []), text, span_status)
    events = task.get("events", [])
    if not isinstance(events, list):
        raise ImportFailed(path, "'events' must be a list", line)
    for i, raw in enumerate(events):
        doc.events.append(_event(path, line, f"events[{i}]", raw, doc))
    return doc


def _spans(path: Path, line: int, key: str, raw_spans: Any, text: str, status: SpanStatus) -> list[ParsedSpan]:
    if not isinstance(raw_spans, list):
        raise ImportFailed(path, f"'{key}' must be a list", line)
    out = []
    for i, raw in enumerate(raw_spans):
        start, end = _offsets(path, line, f"{key}[{i}]", raw, text)
        label = _name(path, line, f"{key}[{i}]", raw, "label")
        out.append(ParsedSpan(start, end, label, status))
    return out


def _shown(value: Any) -> str:
    """A value as it is spelt in the file: ``false``, ``1.5``, ``"3"``, ``null``."""
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        shown = repr(value)
    return shown if len(shown) <= 40 else shown[:39] + "…"


def _integer(path: Path, line: int, where: str, raw: dict[str, Any], key: str) -> int:
    """An offset: a JSON integer. ``true``/``false`` (bool is an int in Python), ``1.0`` and
    ``"1"`` are refused rather than read as 1."""
    if key not in raw:
        raise ImportFailed(path, f"{where} has no '{key}'", line)
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFailed(path, f"{where}.{key} must be an integer, not {_shown(value)}", line)
    return value


def _name(path: Path, line: int, where: str, raw: dict[str, Any], key: str) -> str:
    """A required non-empty string field (label, role, type)."""
    if key not in raw or raw[key] is None:
        raise ImportFailed(path, f"{where} has no '{key}'", line)
    value = raw[key]
    if not isinstance(value, str):
        raise ImportFailed(path, f"{where}.{key} must be a string, not {_shown(value)}", line)
    if not value.strip():
        raise ImportFailed(path, f"{where}.{key} is empty", line)
    return value


def _offsets(path: Path, line: int, where: str, raw: Any, text: str) -> tuple[int, int]:
    if not isinstance(raw, dict):
        raise ImportFailed(path, f"{where} must be an object, not {_shown(raw)}", line)
    start, end = _integer(path, line, where, raw, "start"), _integer(path, line, where, raw, "end")
    if end <= start:
        raise ImportFailed(path, f"{where} offsets {start}-{end} are empty or reversed (end must be after start)", line)
    if start < 0 or end > len(text):
        raise ImportFailed(
            path, f"{where} offsets {start}-{end} are outside the text (length {len(text)})", line
        )
    return start, end


def _event(path: Path, line: int, where: str, raw: Any, doc: ParsedDocument) -> ParsedEvent:
    if not isinstance(raw, dict):
        raise ImportFailed(path, f"{where} must be an object", line)
    etype = _name(path, line, where, raw, "type")
    start, end = _offsets(path, line, f"{where}.trigger", raw.get("trigger"), doc.text)
    status_name = raw.get("status", "accepted")
    if not isinstance(status_name, str) or status_name not in SpanStatus.__members__.values():
        raise ImportFailed(path, f"{where}.status {_shown(status_name)} is not a known status", line)
    event = ParsedEvent(etype, doc.span_index(start, end, etype), status=SpanStatus(status_name))
    arguments = raw.get("arguments", [])
    if not isinstance(arguments, list):
        raise ImportFailed(path, f"{where}.arguments must be a list", line)
    for j, arg in enumerate(arguments):
        awhere = f"{where}.arguments[{j}]"
        a_start, a_end = _offsets(path, line, awhere, arg, doc.text)
        role = _name(path, line, awhere, arg, "role")
        # The label may be left out when a span of the task has those offsets.
        has_label = arg.get("label") is not None
        label = _name(path, line, awhere, arg, "label") if has_label else _label_at(doc, a_start, a_end)
        if label is None:
            raise ImportFailed(path, f"{awhere} has no 'label' and no span at {a_start}-{a_end}", line)
        event.arguments.append((role, doc.span_index(a_start, a_end, label)))
    attributes = raw.get("attributes", {})
    if not isinstance(attributes, dict) or not all(isinstance(v, str) for v in attributes.values()):
        raise ImportFailed(path, f"{where}.attributes must map names to string values", line)
    event.attributes = dict(attributes)
    return event


def _label_at(doc: ParsedDocument, start: int, end: int) -> str | None:
    return next((s.label for s in doc.spans if (s.start, s.end) == (start, end)), None)
