"""The two systems bench/proposals_bench.py compares, run on the same texts in one run.

- :func:`raw_model`: spaCy's pipeline alone: ``nlp.pipe``, ``doc.ents`` through the schema's
  label map, nothing else (no boundary cleaning, patterns or events).
- :func:`annotary`: what a new user gets: a new project made as the window makes one (the
  news-ace schema and the shipped gazetteer), the texts imported, the propose command's own
  code (pending documents, the project's proposers and pattern files, run in batches), and the
  proposals read back from the project file.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotate.formats.parsed import ParsedBatch, ParsedDocument
from annotate.model import SpanStatus
from annotate.proposals.batch import pending_documents, run_batches
from annotate.proposals.project_proposers import project_proposers
from annotate.resources import builtin_schema
from annotate.schema import Schema
from annotate.session import Session
from bench.scoring import Annotations, ArgumentRecord, EventRecord
from store.default_project import create_or_open

SCHEMA = "news-ace"


@dataclass
class Run:
    """One system's proposals (one per text, in order) and its speed."""

    name: str
    documents: list[Annotations]
    docs_per_second: float
    sources: str
    timed: str  # what docs_per_second measures


def raw_model(nlp: Any, texts: Sequence[str], schema: Schema) -> tuple[Run, list[Any]]:
    """spaCy alone; also returns the Docs (their parse gives argument heads)."""
    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    elapsed = time.perf_counter() - started
    out = []
    for text, doc in zip(texts, docs, strict=True):
        entities = [(e.start_char, e.end_char, label) for e in doc.ents
                    if (label := schema.map_model_label(e.label_)) is not None]
        out.append(Annotations(text, entities))
    meta = nlp.meta
    source = f"{meta['lang']}_{meta['name']}@{meta['version']}"
    return Run("raw model", out, len(texts) / elapsed, source, "nlp.pipe, every component"), docs


def _proposals(session: Session, document_id: int, text: str) -> Annotations:
    """A document's proposals as stored: spans and events still ``proposed``."""
    repo, schema = session.repo, session.schema
    types = set(schema.event_type_names)
    mention = schema.mention_label
    spans = {s.id: s for s in repo.spans(document_id) if s.status == SpanStatus.PROPOSED}
    out = Annotations(text)
    for s in sorted(spans.values(), key=lambda s: (s.start, s.end, s.label)):
        if s.label not in types:
            (out.mentions if s.label == mention else out.entities).append((s.start, s.end, s.label))
    every = {s.id: s for s in repo.spans(document_id)}
    for event in repo.events(document_id):
        if event.status != SpanStatus.PROPOSED:
            continue
        trigger = every[event.trigger_span_id]
        arguments = tuple(ArgumentRecord(a.role, every[a.span_id].start, every[a.span_id].end, every[a.span_id].label)
                          for a in event.arguments)
        out.events.append(EventRecord(event.type, (trigger.start, trigger.end), arguments))
    out.events.sort(key=lambda e: (e.trigger, e.type))
    return out


def annotary(folder: Path, names: Sequence[str], texts: Sequence[str], batch_size: int = 32) -> tuple[Run, Any]:
    """Propose in a new project in ``folder`` and read the proposals back; also returns the
    loaded proposer (its ``nlp`` is what raw ``nlp.pipe`` is timed with)."""
    store = create_or_open(folder / "bench.annotary", builtin_schema(SCHEMA))
    try:
        session = Session(store)
        session.import_batch(ParsedBatch(documents=[ParsedDocument(t, n, f"gold:{n}") for n, t in zip(names, texts, strict=True)]))
        made = project_proposers(store.setting("proposer.model"), store.schema(), store.pattern_files(), events=True)
        todo = pending_documents(session, made.sources)
        # Loaded before timing, as in bench/propose_bench.py: throughput, not start-up.
        _ = made.model.nlp
        if made.patterns is not None:
            made.patterns.propose([])
        started = time.perf_counter()
        report = run_batches(session, todo, made.model, made.patterns, batch_size, 1)
        elapsed = time.perf_counter() - started
        by_title = {session.repo.document(i).title: i for i in session.repo.document_ids()}
        documents = [_proposals(session, by_title[n], t) for n, t in zip(names, texts, strict=True)]
    finally:
        store.close()
    timed = "propose: spaCy, events, patterns, merge, store"
    return Run("Annotary", documents, report.documents / elapsed, ", ".join(made.sources), timed), made.model


def pipe_rate(nlp: Any, texts: Sequence[str], repeat: int = 3) -> float:
    """Documents/s of bare ``nlp.pipe`` (the best of ``repeat`` runs)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        best = min(best, time.perf_counter() - started)
    return len(texts) / best
