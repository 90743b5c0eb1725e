"""Batch proposal: run proposers over many documents, storing each batch in one transaction.

Finished batches survive an interruption (Ctrl+C); a document counts as done for a source once
its proposals are stored, so running again resumes where it stopped and a re-run with the
same model version does nothing new.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from annotate.model import DocStatus
from annotate.proposals.patterns import PatternProposer
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.types import DocumentProposals, TextInput
from annotate.session import Session

Progress = Callable[[int, int], None]


@dataclass
class ProposeReport:
    """What a batch run did."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    skipped: int = 0
    tokens: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False
    sources: list[str] = field(default_factory=list)


def pending_documents(session: Session, sources: Sequence[str], only_new: bool = False) -> list[int]:
    """Documents some source has not run on yet (new ones, plus in-progress unless only_new)."""
    statuses = [DocStatus.NEW] if only_new else [DocStatus.NEW, DocStatus.IN_PROGRESS]
    candidates = [i for status in statuses for i in session.repo.document_ids(status)]
    done_by_all = set.intersection(*(session.repo.documents_proposed_by(s) for s in sources)) if sources else set()
    return sorted(i for i in candidates if i not in done_by_all)


def run_batches(
    session: Session,
    document_ids: Sequence[int],
    model: SpacyProposer | None,
    patterns: PatternProposer | None,
    batch_size: int = 32,
    n_process: int = 1,
    progress: Progress | None = None,
) -> ProposeReport:
    """Propose for ``document_ids`` in batches; stops cleanly on KeyboardInterrupt."""
    report = ProposeReport(sources=[p.source for p in (model, patterns) if p is not None])
    total = len(document_ids)

    def texts() -> Iterator[TextInput]:
        ids = iter(document_ids)
        while chunk := list(islice(ids, batch_size)):
            for doc_id in chunk:
                yield TextInput(doc_id, session.repo.document(doc_id).text)

    if model is not None:
        stream: Iterator[tuple[TextInput | None, DocumentProposals | None]] = (
            (None, p) for p in model.stream(texts(), batch_size=batch_size, n_process=n_process)
        )
    else:
        stream = ((t, None) for t in texts())

    try:
        while batch := list(islice(stream, batch_size)):
            doc_ids = [_document_of(text, proposal) for text, proposal in batch]
            per_doc: dict[int, list[DocumentProposals]] = {i: [] for i in doc_ids}
            for _, proposal in batch:
                if proposal is not None:
                    per_doc[proposal.document_id].append(proposal)
            if patterns is not None:
                inputs = [TextInput(i, session.repo.document(i).text) for i in doc_ids]
                for proposal in patterns.propose(inputs):
                    per_doc[proposal.document_id].append(proposal)
            stored = session.store_proposals(per_doc, report.sources)
            report.documents += len(doc_ids)
            report.spans += stored.spans
            report.events += stored.events
            report.skipped += stored.skipped
            for proposals in per_doc.values():
                for p in proposals:
                    for label, n in p.dropped:
                        report.dropped[label] = report.dropped.get(label, 0) + n
            if progress:
                progress(report.documents, total)
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def _document_of(text: TextInput | None, proposal: DocumentProposals | None) -> int:
    """The document of a stream item: the model's proposals, or the text given to the patterns."""
    if proposal is not None:
        return proposal.document_id
    assert text is not None  # the stream gives one of the two
    return text.document_id
