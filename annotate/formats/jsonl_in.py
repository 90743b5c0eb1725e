"""Prodigy-style JSONL input: one task per line.

Prodigy's fields: ``text`` (required), ``meta`` (object; ``meta.title`` becomes the title),
``spans`` (``start``/``end``/``label``), ``tokens``, ``relations`` and ``answer`` (``accept``
keeps the spans and relations of ``spans`` and ``relations`` as accepted, ``reject`` as
rejected, ``ignore`` skips the task). ``relations`` follow Prodigy's ``rel.manual``::

    {"head": 14, "child": 5, "label": "Pos-Reg",
     "head_span": {"start": 63, "end": 88, "token_start": 12, "token_end": 14, "label": "GGP"},
     "child_span": {"start": 21, "end": 29, "token_start": 5, "token_end": 5, "label": "GGP"}}

``head``/``child`` are each span's last token, checked against ``tokens`` (see
:mod:`annotate.formats.prodigy_relations`); a span a relation names that ``spans`` lacks is
added. An entry carrying ``"annotary_event": N`` is an arc Annotary drew for an argument of
event N: it is no relation and is not read as one (``events`` holds the event). A task with
such marks was written by an Annotary that marks every arc: its unmarked entries are all
relations, one identical to an event argument included. In a task without any (a file of
Prodigy's own, or an Annotary export from before the mark), an unmarked entry that only repeats
an accepted event's argument (trigger → argument, labelled with the role) is read as that
event's arc, as those exports wrote them, and counted in the import warnings.

Annotary's own keys, for what Prodigy has no place for (Prodigy passes unknown keys through);
their records are described in :mod:`annotate.formats.records_in`:

- on any span entry: ``fragments`` (``[[start, end], ...]`` of a discontinuous span, whose
  ``start``/``end`` are then its first start and last end), ``attributes``, ``norms``, ``note``;
  on any relation entry: ``note``, ``attributes``;
- ``rejected_spans`` and ``proposed_spans``: rejected and unreviewed proposals; ``mention_spans``:
  argument mentions that are no entities (read as ``spans`` are);
- ``events``: ``{"type", "trigger": {"start", "end"}, "arguments": [{"role", "start", "end",
  "label"}], "attributes", "status", "norms", "note"}``, an argument that is an event with
  ``"event": N`` (its index in ``events``);
- ``unaligned_relations``: accepted relations with an end off token boundaries (Prodigy's
  ``head``/``child`` need token indices); ``rejected_relations``, ``proposed_relations``;
- ``equivalences``: ``{"type": "Equiv", "spans": [{"start", "end", "label"}, ...]}``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.jsonl_stream import ReadNotes, stream_json_lines
from annotate.formats.parsed import ParsedDocument
from annotate.formats.prodigy_relations import (
    REPEATED_ARGUMENT,
    Skipped,
    count_skipped,
    event_arcs_marked,
    read_relation,
    repeats_argument,
    skipped_warnings,
    tokens_of,
)
from annotate.formats.records_in import Origin, equivalence, events, items, span
from annotate.formats.records_in import shown as _shown
from annotate.model import SpanStatus
from annotate.text import title_of

_ANSWERS = {"accept": SpanStatus.ACCEPTED, "reject": SpanStatus.REJECTED}
# The keys of a task that Annotary reads; every other one (_input_hash, _task_hash,
# _session_id, _view_id, _timestamp, a recipe's own...) is kept as it came, under KEPT in the
# document's meta, and written back on export.
READ_KEYS = frozenset({"text", "meta", "spans", "mention_spans", "rejected_spans", "proposed_spans", "events", "relations",
                       "unaligned_relations", "rejected_relations", "proposed_relations", "equivalences",
                       "tokens", "answer"})
KEPT = "annotary:task"
# skipped_warnings: the lines for the relations _task_document counted as not importable.
__all__ = ["KEPT", "READ_KEYS", "read_jsonl", "skipped_warnings"]


def read_jsonl(path: Path, notes: ReadNotes) -> Iterator[ParsedDocument]:
    """Yield the document of every task, one at a time, as the file is read (a block at a
    time: memory does not grow with the file). ``ignore`` tasks are counted, and a warning
    per kind of relation that could not be read, in ``notes`` once the file is read to its end."""
    found = ignored = 0
    skipped = Skipped()  # with the first lines of each reason, for the warnings
    for number, task in stream_json_lines(path, "task"):
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
        doc = _task_document(path, number, task, _ANSWERS[answer], skipped)
        doc.answered = "answer" in task
        found += 1
        yield doc
    if not found and not ignored:
        raise ImportFailed(path, "contains no tasks")
    notes.ignored_tasks += ignored
    notes.warnings.extend(skipped_warnings(path, skipped))


def _task_document(path: Path, line: int, task: dict[str, Any], status: SpanStatus,
                   skipped: Counter[str] | None = None) -> ParsedDocument:
    """The document of one task; spans and relations of ``spans``/``relations`` get ``status``
    (the task's answer). Relations that cannot link spans are counted in ``skipped`` (see
    :func:`skipped_warnings`), or refused when it is None."""
    origin = Origin(path, line)
    text = task.get("text")
    if not isinstance(text, str):
        origin.fail("task has no 'text' string")
    if not text.strip():
        origin.fail("task 'text' is empty")
    meta = task.get("meta", {})
    if not isinstance(meta, dict):
        origin.fail("'meta' must be an object")
    given = meta.get("title")
    title = given if isinstance(given, str) else title_of(text)
    kept = {key: value for key, value in task.items() if key not in READ_KEYS}
    doc = ParsedDocument(text=text, title=title, source=f"{path}:{line}", meta=meta | ({KEPT: kept} if kept else {}))
    for key, span_status in (("spans", status), ("mention_spans", status), ("rejected_spans", SpanStatus.REJECTED),
                             ("proposed_spans", SpanStatus.PROPOSED)):
        for i, raw in enumerate(items(origin, key, task.get(key))):
            doc.spans.append(span(origin, f"{key}[{i}]", raw, text, span_status))
    events(origin, "events", task.get("events"), doc)
    tokens = tokens_of(origin, task.get("tokens"))
    marked = event_arcs_marked(items(origin, "relations", task.get("relations")))
    for key, relation_status in (("relations", status), ("unaligned_relations", status),
                                 ("rejected_relations", SpanStatus.REJECTED),
                                 ("proposed_relations", SpanStatus.PROPOSED)):
        for i, raw in enumerate(items(origin, key, task.get(key))):
            found = read_relation(origin, f"{key}[{i}]", raw, doc, tokens, relation_status, skipped)
            if found is None:
                continue
            if key == "relations" and not marked and repeats_argument(doc, found):
                if skipped is not None:
                    count_skipped(origin, REPEATED_ARGUMENT, skipped)
                continue
            doc.relations.append(found)
    for i, raw in enumerate(items(origin, "equivalences", task.get("equivalences"))):
        doc.equivalences.append(equivalence(origin, f"equivalences[{i}]", raw, doc))
    return doc
