"""Which documents, spans and events an export takes, and the report of what it left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotate.errors import AnnotaryError
from annotate.model import Document, DocStatus, Event, Span, SpanStatus
from annotate.repository import Repository
from annotate.schema import Schema


class ExportError(AnnotaryError):
    """An export that cannot be made (nothing to export, unknown label, unwritable folder)."""


@dataclass(slots=True)
class ExportDocument:
    """One document with the annotations that go out."""

    document: Document
    spans: list[Span]  # accepted, in reading order (entities and triggers)
    rejected: list[Span]  # rejected proposals: negative evidence
    events: list[Event]  # accepted events whose trigger goes out

    @property
    def done(self) -> bool:
        """Whether the annotator marked the document done (unlabelled text is then 'outside')."""
        return self.document.status == DocStatus.DONE


@dataclass
class ExportReport:
    """What went out and what was left out, with reasons."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)

    def leave_out(self, reason: str, count: int = 1) -> None:
        """Count something left out."""
        if count:
            self.left_out[reason] += count

    def lines(self) -> list[str]:
        """The report for the user, one line each."""
        out = [f"Exported {self.documents} documents, {self.spans} spans, {self.events} events."]
        out += [f"Left out {n}: {reason}" for reason, n in sorted(self.left_out.items())]
        out += [f"Wrote {name}" for name in self.files]
        return out


def collect(
    repo: Repository, status: str = "done", labels: list[str] | None = None
) -> tuple[list[ExportDocument], ExportReport]:
    """The documents to export (``status`` ``done`` or ``all``), with their accepted spans,
    rejected proposals and accepted events; ``labels`` keeps only those span labels and event
    types. Raises :class:`ExportError` when nothing would go out."""
    schema = repo.schema()
    wanted = _check_labels(schema, labels)
    report = ExportReport()
    if status not in ("done", "all"):
        raise ExportError(f"--status must be 'done' or 'all', not {status!r}")
    if status == "done":
        ids = repo.document_ids(DocStatus.DONE)
    else:
        skipped = set(repo.document_ids(DocStatus.SKIPPED))
        ids = [i for i in repo.document_ids() if i not in skipped]
    if not ids:
        total = len(repo.document_ids())
        hint = " (mark documents done, or export with --status all)" if total else ""
        raise ExportError(f"nothing to export: {total} documents, none {'done' if status == 'done' else 'annotated'}{hint}")
    docs: list[ExportDocument] = []
    for document_id in ids:
        document = repo.document(document_id)
        all_spans = repo.spans(document_id)
        keep = [s for s in all_spans if wanted is None or s.label in wanted]
        report.leave_out("span with a label outside --labels", len(all_spans) - len(keep))
        accepted = [s for s in keep if s.status == SpanStatus.ACCEPTED]
        rejected = [s for s in keep if s.status == SpanStatus.REJECTED]
        report.leave_out("proposal never reviewed", sum(1 for s in keep if s.status == SpanStatus.PROPOSED))
        out_ids = {s.id for s in accepted}
        events = []
        for event in repo.events(document_id):
            if event.status != SpanStatus.ACCEPTED:
                report.leave_out(f"event {event.status.value}")
                continue
            if event.trigger_span_id not in out_ids:
                report.leave_out("event whose trigger is not exported")
                continue
            kept = [a for a in event.arguments if a.span_id in out_ids]
            report.leave_out("event argument whose span is not exported", len(event.arguments) - len(kept))
            event.arguments = kept
            events.append(event)
        docs.append(ExportDocument(document, accepted, rejected, events))
    return docs, report


def _check_labels(schema: Schema, labels: list[str] | None) -> set[str] | None:
    if not labels:
        return None
    known = [lb.name for lb in schema.entity_labels] + [t.name for t in schema.event_types]
    unknown = [lb for lb in labels if lb not in known]
    if unknown:
        raise ExportError(f"--labels: {', '.join(unknown)} not in the project schema (it has {', '.join(known[:12])}…)")
    return set(labels)


def entity_labels(schema: Schema) -> set[str]:
    """Span labels that are entities (not event triggers)."""
    return {lb.name for lb in schema.entity_labels}
