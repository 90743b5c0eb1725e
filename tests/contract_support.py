"""What the Repository contract's tests share: the text, the Protocol they type ``repo`` with,
and small builders over any repository."""

from __future__ import annotations

import dataclasses
from typing import Any, Protocol

from annotate.model import Document, DocStatus, Span, SpanStatus
from annotate.repository import Repository
from annotate.session import Session
from annotate.text import content_hash

TEXT = "Kerry will meet Putin in Moscow on Thursday."
#       0    5    10   15   20   25   30   35   40


class ContractRepository(Repository, Protocol):
    """The protocol plus the action log reader both implementations offer."""

    def action_log(self, document_id: int | None = None) -> list[dict[str, Any]]:
        """The action log, oldest first, optionally for one document."""


class Boom(Exception):
    """Raised inside a transaction to roll it back."""


# -- helpers ----------------------------------------------------------------------------------


def add_docs(repo: Repository, *texts: str, title: str = "t", status: DocStatus = DocStatus.NEW) -> list[int]:
    """Add documents with these texts in one transaction; their ids."""
    with repo.transaction():
        return repo.add_documents(
            Document(text, f"{title} {i}", "test", {"n": i}, status, content_hash(text))
            for i, text in enumerate(texts)
        )


def add_span(repo: Repository, doc: int, start: int, end: int, label: str,
             status: SpanStatus = SpanStatus.ACCEPTED, **fields: Any) -> int:
    """Insert one span; its id."""
    return repo.insert_span(Span(doc, start, end, label, status, **fields))


def meet(repo: Repository, doc: int) -> tuple[int, int, int, int, int]:
    """Spans for Kerry (PERSON), meet (trigger), Putin (PERSON), Moscow (GPE), Thursday (DATE)."""
    return (
        add_span(repo, doc, 0, 5, "PERSON"),
        add_span(repo, doc, 11, 15, "Contact.Meet"),
        add_span(repo, doc, 16, 21, "PERSON"),
        add_span(repo, doc, 25, 31, "GPE"),
        add_span(repo, doc, 35, 43, "DATE"),
    )


def span_rows(repo: Repository, doc: int) -> list[tuple[Any, ...]]:
    """Every span of a document, deleted ones marked, without timestamps."""
    live = {s.id for s in repo.spans(doc)}
    return [
        (s.id, s.start, s.end, s.label, str(s.status), s.source, s.score, s.note, s.id in live)
        for s in repo.spans(doc, include_deleted=True)
    ]


def event_rows(repo: Repository, doc: int) -> list[tuple[Any, ...]]:
    """Every live event of a document with its arguments, without timestamps."""
    return [
        (e.id, e.type, e.trigger_span_id, [(a.id, a.role, a.span_id) for a in e.arguments],
         e.attributes, str(e.status), e.source)
        for e in repo.events(doc)
    ]


def state(repo: ContractRepository) -> dict[str, Any]:
    """Everything the protocol can read, for comparing before and after."""
    docs = repo.document_ids()
    return {
        "documents": [dataclasses.astuple(d) for d in repo.iter_documents()],
        "summaries": repo.document_summaries(),
        "warnings": [repo.document_warnings(d) for d in docs],
        "spans": [span_rows(repo, d) for d in docs],
        "events": [event_rows(repo, d) for d in docs],
        "proposed": sorted(repo.documents_proposed_by("model:x@1")),
        "setting": repo.setting("proposer.model"),
        "patterns": repo.pattern_files(),
        "schema": repo.schema().to_dict(),
        "log": [(r["id"], r["action"], r["kind"]) for r in repo.action_log()],
        "stats": repo.stats(),
    }


def doc_snapshot(session: Session, doc: int) -> tuple[Any, ...]:
    """A document's spans, events and status, as the action tests compare them."""
    return span_rows(session.repo, doc), event_rows(session.repo, doc), session.repo.document(doc).status


# -- the contract -----------------------------------------------------------------------------
