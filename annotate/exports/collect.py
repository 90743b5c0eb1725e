"""Which documents, spans and events an export takes, and the report of what it left out."""

from __future__ import annotations

from collections import Counter
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

from annotate.errors import AnnotaryError
from annotate.model import DocStatus, SpanStatus, StoredDocument, StoredEquivalence, StoredEvent, StoredRelation, StoredSpan
from annotate.repository import Repository
from annotate.schema import Schema

Progress = Callable[[int, int], None]  # a writer's progress: (documents written, documents in all)

# In a document not marked done no token is known to be outside an entity, proposal or not.
NOT_DONE_PROPOSAL = "proposal never reviewed (in a document not marked done)"
NAMED_UNREVIEWED = 20  # documents with unreviewed proposals the report keeps the titles of
# A proposed argument mention claims no entity: its tokens are what the entity review made them,
# so it does not hold a document marked done back; a format without proposals leaves it out.
UNREVIEWED_MENTION = "mention proposal never reviewed, in a document marked done (it claims no entity)"


class ExportError(AnnotaryError):
    """An export that cannot be made (nothing to export, unknown label, unwritable folder)."""


@dataclass(slots=True)
class ExportDocument:
    """One document with the annotations that go out."""

    document: StoredDocument
    spans: list[StoredSpan]  # accepted, in reading order (entities and triggers)
    rejected: list[StoredSpan]  # rejected proposals: negative evidence
    events: list[StoredEvent]  # accepted events whose trigger goes out
    # Proposals nobody accepted or rejected, of any label (--labels does not apply: whatever
    # their label, nobody looked at their tokens). They are no annotation, and in a document
    # marked done their tokens must not go out as "outside" either: each writer says how.
    proposed: list[StoredSpan] = field(default_factory=list)
    relations: list[StoredRelation] = field(default_factory=list)  # accepted, both ends exported
    equivalences: list[StoredEquivalence] = field(default_factory=list)  # members exported (2 or more)
    # Proposed and rejected relations and events, for the formats that keep a review state
    # (JSONL, the DocBin): each end, trigger and argument is one of the spans above (accepted,
    # rejected or proposed), an argument that is an event one of ``events`` or of these. A
    # format that takes only ``relations`` and ``events`` counts them as left out
    # (:func:`unaccepted_left_out`).
    unaccepted_relations: list[StoredRelation] = field(default_factory=list)
    unaccepted_events: list[StoredEvent] = field(default_factory=list)
    # The schema's mention label: its spans are argument mentions, in ``spans`` and
    # ``proposed`` with the rest, but no entities (NER formats keep them out of their entities).
    mention_label: str | None = None

    @property
    def done(self) -> bool:
        """Whether the annotator marked the document done (unlabelled text is then 'outside')."""
        return self.document.status == DocStatus.DONE

    def is_mention(self, span: StoredSpan) -> bool:
        """Whether a span is an argument mention (the schema's mention label), not an entity."""
        return self.mention_label is not None and span.label == self.mention_label

    @property
    def entity_proposals(self) -> list[StoredSpan]:
        """The unreviewed proposals that would be entities: every one but the mentions."""
        return [s for s in self.proposed if not self.is_mention(s)]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass
class Unreviewed:
    """Unreviewed proposals in documents marked done, and what the format did with their
    tokens. A document marked done says "every token without an entity is outside one"; a
    proposal nobody reviewed breaks that promise for its tokens, so no format may write them as
    outside (``O``), and the user is told which documents to review."""

    proposals: int = 0
    # id → title of the first few, in export order (enough to name them; a project with
    # unreviewed proposals everywhere must not fill memory with titles)
    documents: dict[int, str] = field(default_factory=dict)
    document_count: int = 0  # all of them
    tokens: int = 0  # spaCy: tokens left missing; CoNLL: tokens of the sentences left out
    sentences: int = 0  # CoNLL: sentences left out because of them
    tasks: int = 0  # JSONL: tasks answered "ignore" because of them
    outcome: str = ""  # what the format did, set by its writer ("left their 3 tokens missing …")

    def add(self, document_id: int, title: str, proposals: int) -> None:
        """Count a document marked done with ``proposals`` unreviewed proposals."""
        if proposals:
            self.proposals += proposals
            self.document_count += 1
            if len(self.documents) < NAMED_UNREVIEWED:
                self.documents[document_id] = title

    def named(self, first: int = 3) -> str:
        """The first few documents by title and id (titles repeat, ids do not)."""
        names = [f"{title} #{document_id}" for document_id, title in self.documents.items()]
        more = self.document_count - min(first, len(names))
        return ", ".join(names[:first]) + (f" and {more} more" if more > 0 else "")

    def line(self) -> str | None:
        """The report line, or None when there were none."""
        if not self.proposals:
            return None
        head = (f"{_plural(self.proposals, 'unreviewed proposal')} in "
                f"{_plural(self.document_count, 'document')} marked done ({self.named()})")
        return f"{head} {self.outcome}" if self.outcome else head


@dataclass
class ExportReport:
    """What went out and what was left out, with reasons."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    relations: int = 0
    equivalences: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    unreviewed: Unreviewed = field(default_factory=Unreviewed)

    def leave_out(self, reason: str, count: int = 1) -> None:
        """Count something left out."""
        if count:
            self.left_out[reason] += count

    def lines(self) -> list[str]:
        """The report for the user, one line each."""
        links = (f", {_plural(self.relations, 'relation')}" if self.relations else "") + (
            f", {_plural(self.equivalences, 'equivalence set')}" if self.equivalences else "")
        out = [f"Exported {self.documents} documents, {self.spans} spans, {self.events} events{links}."]
        unreviewed = self.unreviewed.line()
        out += [unreviewed] if unreviewed else []
        out += [f"Left out {n}: {reason}" for reason, n in sorted(self.left_out.items())]
        out += [f"Wrote {name}" for name in self.files]
        return out


class ExportDocuments:
    """The documents an export takes, read from the repository one at a time as they are
    iterated (so memory holds one document, never the project); ``len()`` is how many there
    are. What collecting leaves out is counted in the report on the first pass only, so a
    writer may iterate again; ``watch`` adds what else is to be counted per document then."""

    def __init__(self, repo: Repository, ids: Iterable[int], wanted: set[str] | None, report: ExportReport,
                 mention_label: str | None = None) -> None:
        self.repo = repo
        self.ids = array("q", ids)  # in export order; 8 bytes each, not a Python int each
        self.wanted = wanted
        self.report = report
        self.mention_label = mention_label
        self._watchers: list[Callable[[ExportDocument, ExportReport], None]] = []
        self._counted = False

    def __len__(self) -> int:
        return len(self.ids)

    def watch(self, watcher: Callable[[ExportDocument, ExportReport], None]) -> None:
        """Call ``watcher`` with each document and the report, on the first pass."""
        self._watchers.append(watcher)

    def subset(self, ids: Iterable[int]) -> ExportDocuments:
        """These documents only, in this order (counting nothing in the report)."""
        chosen = ExportDocuments(self.repo, ids, self.wanted, ExportReport(), self.mention_label)
        chosen._counted = True
        return chosen

    def __iter__(self) -> Iterator[ExportDocument]:
        # A later pass counts into a report nobody reads: the first one counted everything.
        report, watchers = (ExportReport(), []) if self._counted else (self.report, self._watchers)
        self._counted = True
        for document_id in self.ids:
            export = _document(self.repo, document_id, self.wanted, report, self.mention_label)
            for watcher in watchers:
                watcher(export, report)
            yield export


def collect(
    repo: Repository, status: str = "done", labels: list[str] | None = None,
    documents: Collection[int] | None = None,
) -> tuple[ExportDocuments, ExportReport]:
    """The documents to export (``status`` ``done`` or ``all``), with their accepted spans,
    rejected proposals, accepted events, unreviewed proposals, and the relations and events
    of every review state; ``labels`` keeps only those
    span labels and event types (unreviewed proposals are kept whatever their label: their
    tokens are unknown for every label). Only the ids are read now: each document is read as
    the result is iterated; ``documents``, when given, keeps only those ids. Raises
    :class:`ExportError` when nothing would go out."""
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
    if documents is not None:
        chosen = set(documents)
        ids = [i for i in ids if i in chosen]
    if not ids:
        total = len(repo.document_ids())
        hint = " (mark documents done, or export with --status all)" if total else ""
        raise ExportError(f"nothing to export: {total} documents, none {'done' if status == 'done' else 'annotated'}{hint}")
    return ExportDocuments(repo, ids, wanted, report, schema.mention_label), report


def _document(repo: Repository, document_id: int, wanted: set[str] | None, report: ExportReport,
              mention_label: str | None = None) -> ExportDocument:
    """One document with what goes out of it; what does not is counted in ``report``."""
    document = repo.document(document_id)
    all_spans = repo.spans(document_id)
    proposed = [s for s in all_spans if s.status == SpanStatus.PROPOSED]
    reviewed = [s for s in all_spans if s.status != SpanStatus.PROPOSED]
    keep = [s for s in reviewed if wanted is None or s.label in wanted]
    report.leave_out("span with a label outside --labels", len(reviewed) - len(keep))
    accepted = [s for s in keep if s.status == SpanStatus.ACCEPTED]
    rejected = [s for s in keep if s.status == SpanStatus.REJECTED]
    if document.status == DocStatus.DONE:
        mentions = sum(1 for s in proposed if s.label == mention_label)
        report.unreviewed.add(document_id, document.title, len(proposed) - mentions)
        report.leave_out(UNREVIEWED_MENTION, mentions)
    else:
        report.leave_out(NOT_DONE_PROPOSAL, len(proposed))
    out_ids = {s.id for s in accepted}
    any_ids = out_ids | {s.id for s in (*rejected, *proposed)}  # every span that goes out
    events, unaccepted_events = _events(repo.events(document_id), out_ids, any_ids, wanted, report)
    relations: list[StoredRelation] = []
    unaccepted_relations: list[StoredRelation] = []
    for relation in repo.relations(document_id):
        accepted_one = relation.status == SpanStatus.ACCEPTED
        ends = out_ids if accepted_one else any_ids
        if relation.head_span_id not in ends or relation.child_span_id not in ends:
            report.leave_out("relation whose span is not exported")
        else:
            (relations if accepted_one else unaccepted_relations).append(relation)
    equivalences = []
    for equivalence in repo.equivalences(document_id):
        members = tuple(m for m in equivalence.span_ids if m in out_ids)
        report.leave_out("equivalence member whose span is not exported", len(equivalence.span_ids) - len(members))
        if len(members) < 2:
            report.leave_out("equivalence set with fewer than two exported members")
            continue
        equivalence.span_ids = members
        equivalences.append(equivalence)
    return ExportDocument(document, accepted, rejected, events, proposed, relations, equivalences,
                          unaccepted_relations, unaccepted_events, mention_label)


def unaccepted_left_out(export: ExportDocument) -> Counter[str]:
    """The proposed and rejected relations and events of a document, as a format that takes
    only the accepted ones (brat, CoNLL) leaves them out: ``{"relation proposed": 2, ...}``."""
    return Counter([f"relation {r.status.value}" for r in export.unaccepted_relations]
                   + [f"event {e.status.value}" for e in export.unaccepted_events])


def _events(stored: list[StoredEvent], out_ids: set[int], any_ids: set[int], wanted: set[str] | None,
            report: ExportReport) -> tuple[list[StoredEvent], list[StoredEvent]]:
    """The accepted events whose trigger is an accepted span that goes out, and the proposed
    and rejected events (of a type --labels keeps) whose trigger is any span that goes out
    (``any_ids``), each with the arguments that go out. An accepted event keeps accepted spans
    and accepted events (what a format of accepted annotations can write); another keeps any
    span and any event that goes out. An event left out takes the arguments naming it along."""
    accepted: dict[int, StoredEvent] = {}
    others: dict[int, StoredEvent] = {}
    for event in stored:
        accepted_one = event.status == SpanStatus.ACCEPTED
        if not accepted_one and wanted is not None and event.type not in wanted:
            report.leave_out("event with a type outside --labels")
        elif event.trigger_span_id not in (out_ids if accepted_one else any_ids):
            report.leave_out("event whose trigger is not exported")
        else:
            (accepted if accepted_one else others)[event.id] = event
    every = set(accepted) | set(others)
    for events, spans, targets in ((accepted, out_ids, set(accepted)), (others, any_ids, every)):
        for event in events.values():
            kept = []
            for argument in event.arguments:
                if argument.event_id is not None and argument.event_id in every - targets:
                    report.leave_out("argument of an accepted event that is an event not accepted")
                elif argument.event_id is not None and argument.event_id not in targets:
                    report.leave_out("event argument whose event is not exported")
                elif argument.span_id not in spans:
                    report.leave_out("event argument whose span is not exported")
                else:
                    kept.append(argument)
            event.arguments = kept
    return list(accepted.values()), list(others.values())


def _check_labels(schema: Schema, labels: list[str] | None) -> set[str] | None:
    if not labels:
        return None
    known = [lb.name for lb in schema.entity_labels] + [t.name for t in schema.event_types]
    unknown = [lb for lb in labels if lb not in known]
    if unknown:
        raise ExportError(f"--labels: {', '.join(unknown)} not in the project schema (it has {', '.join(known[:12])}…)")
    return set(labels)


def entity_labels(schema: Schema) -> set[str]:
    """Span labels that are entities: not event triggers, nor the mention label (argument
    phrases that are no names)."""
    return set(schema.entity_label_names)


def mention_reason(label: str, where: str) -> str:
    """The report's reason for mention spans an NER view leaves out of its entities: their
    label, and ``where`` they are kept instead ("kept in doc.spans['mentions']")."""
    return f"{label} span from the entities (an argument mention, not a name: {where})"
