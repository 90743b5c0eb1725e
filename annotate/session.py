"""The one service the window and the command line talk to.

A Session wraps a :class:`Repository`: it applies and reverts actions (each one transaction
and one action-log row), imports files all-or-nothing, and reports statistics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotate.actions import Action
from annotate.actions.codec import decode, encode
from annotate.changes import ChangeRecorder, Changes
from annotate.errors import ActionError
from annotate.event_check import Sentences
from annotate.warning_ledger import WarningLedger
from annotate.formats.parsed import ParsedBatch, ParsedDocument
from annotate.import_merge import MergeCounts, merge_parsed
from annotate.import_store import merge_into, store_new
from annotate.model import Argument, Document, DocStatus, Event, Span, SpanStatus, StoredSpan
from annotate.proposals.merge import merge
from annotate.proposals.types import DocumentProposals, ProposedEvent
from annotate.repository import Repository
from annotate.schema import Schema
from annotate.schema_merge import SchemaExtender
from annotate.text import content_hash


UNDO_DEPTH = 300  # actions the undo stack is rebuilt with after a restart
IMPORT_STATUSES = ("new", "done", "keep")


class _NothingChanged(Exception):
    """Raised inside the transaction of a step that changes nothing, to roll it back."""


@dataclass
class ImportReport:
    """What an import did, for the user."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    relations: int = 0
    equivalences: int = 0
    duplicates: int = 0
    ignored_tasks: int = 0
    not_done: int = 0  # asked to be done, but with proposals nobody reviewed: in progress
    merged: MergeCounts = field(default_factory=MergeCounts)  # texts already there or read twice
    schema_additions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class StoredProposals:
    """Counts of what a proposal batch stored."""

    spans: int = 0
    events: int = 0
    skipped: int = 0


class Session:
    """Applies actions to one project and answers questions about it."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._sentences: dict[int, Sentences] = {}
        self._ledger = WarningLedger()
        self._ledger_version: int | None = None  # others' commits seen when the ledger was last right

    @property
    def schema(self) -> Schema:
        """The project's schema."""
        return self.repo.schema()

    # -- actions --------------------------------------------------------------------------
    def apply(self, action: Action, replays: int | None = None) -> Changes:
        """Apply an action in one transaction and log it (with the action itself, so it can be
        undone after a restart; ``replays`` names the log row of the action a redo applies
        again). An action that would change nothing is rolled back and not logged: the
        Changes say ``applied=False``."""
        return self._step(action, "do", replays)

    def revert(self, action: Action, replays: int | None = None) -> Changes:
        """Undo an applied action in one transaction and log the undo (``replays``: the log
        row of the action undone)."""
        return self._step(action, "undo", replays)

    def _step(self, action: Action, kind: str, replays: int | None) -> Changes:
        recorder = ChangeRecorder(self.repo)
        try:
            with self.repo.transaction():
                if replays is not None:
                    self._check_not_stepped_elsewhere(replays, kind)
                if kind == "do":
                    action.apply(recorder)  # a Repository seen through: every write noted
                    if action.changes_nothing():
                        raise _NothingChanged
                else:
                    action.revert(recorder)
                changes = recorder.changes
                recorder.note_documents([action.document_id])
                if changes.spans:
                    changes.events |= {e.id for e in self.repo.events_using_spans(changes.spans)}
                changes.log_id = self.repo.log_action(
                    action.name, kind, action.document_id, action.target, action.before(), action.after(),
                    payload=encode(action), replays=replays,
                )
                self._recheck(action.document_id, changes.events)
        except _NothingChanged:
            return Changes(applied=False)
        except BaseException:
            self._ledger.clear()  # it may hold counts of the rolled-back step
            raise
        return changes

    def _check_not_stepped_elsewhere(self, row: int, kind: str) -> None:
        """An undo needs the action applied now, a redo needs it undone: another window on the
        same file may have undone or redone it since this one's undo stack was made."""
        expected = "do" if kind == "undo" else "undo"
        if self.repo.last_step(row) != expected:
            done = "undone" if expected == "do" else "redone"
            raise ActionError(f"this step was {done} in another window or process already; nothing was changed")

    def _recheck(self, document_id: int | None, events: set[int]) -> None:
        if document_id is None or not events:
            return
        others = self.repo.change_stamp()[1]
        if others != self._ledger_version:  # another process may have changed events: start again
            self._ledger.clear()
            self._ledger_version = others
        count = self._ledger.recount(self.repo, self.schema, document_id, self.sentences(document_id), events)
        self.repo.set_document_warnings(document_id, count)

    def undo_history(self, limit: int = UNDO_DEPTH) -> tuple[list[tuple[Action, int]], int]:
        """The undo stack as the action log left it: (action, its log row) oldest first, and how
        many of them are done (the rest can be redone). Entries that cannot be read (written by
        another version) end the history there."""
        stack: list[tuple[Action, int]] = []
        done = 0
        for step in self.repo.undo_history(limit):
            if step.kind == "do" and step.replays is None:
                try:
                    action = decode(step.payload)
                except ActionError:
                    stack, done = [], 0
                    continue
                del stack[done:]
                stack.append((action, step.id))
                done += 1
            elif step.kind == "undo":
                rows = [row for _, row in stack]
                if step.replays in rows:
                    at = rows.index(step.replays)
                    if at == done - 1:
                        done -= 1
                    else:  # another window's undo, out of this stack's order: drop it
                        del stack[at]
                        done -= 1 if at < done else 0
            elif done < len(stack) and stack[done][1] == step.replays:
                done += 1  # a redo
        return stack, done

    def sentences(self, document_id: int) -> Sentences:
        """Sentence bounds of a document (its text never changes, so they are kept)."""
        found = self._sentences.get(document_id)
        if found is None:
            if len(self._sentences) > 64:
                self._sentences.clear()
            found = self._sentences[document_id] = Sentences(self.repo.document(document_id).text)
        return found

    def recheck(self, document_id: int) -> int:
        """Check all of a document's events against the schema and store its warning count."""
        count = self._ledger.recount(self.repo, self.schema, document_id, self.sentences(document_id))
        self.repo.set_document_warnings(document_id, count)
        return count

    # -- import ---------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path], progress: Callable[[int, int], None] | None = None) -> ImportReport:
        """Read every path, then store everything in one transaction (or nothing)."""
        from annotate.formats.discover import parse_inputs  # srsly and numpy: not at start-up

        batch = parse_inputs(paths, progress)
        return self.import_batch(batch)

    def import_batch(self, batch: ParsedBatch, status: str = "new") -> ImportReport:
        """Store parsed documents; duplicates (by content hash) are skipped and counted.
        ``status``: "new" for every document, "done" for every one, or "keep": done where the
        file says a person decided it (a Prodigy task's answer), new otherwise. A document with
        proposals nobody reviewed is never marked done: it comes in in progress, counted."""
        if status not in IMPORT_STATUSES:
            raise ActionError(f"--status must be one of {', '.join(IMPORT_STATUSES)}, not {status!r}")
        report = ImportReport(ignored_tasks=batch.ignored_tasks, warnings=list(batch.warnings))
        # Under the write lock: another process may import into the same project meanwhile, and
        # its schema additions and documents must be seen, not overwritten or doubled.
        with self.repo.transaction():
            extender = SchemaExtender(self.repo.schema())
            for fragment in batch.schema_fragments:
                extender.merge(fragment)
            known = self.repo.known_hashes()
            first: dict[str, ParsedDocument] = {}  # digest -> the first copy of a new text
            again: dict[int, ParsedDocument] = {}  # document id -> annotations of a known text
            for parsed in batch.documents:
                digest = content_hash(parsed.text)
                extender.resolve(parsed)
                if digest in first:  # twice in this import: one document, both annotations
                    report.duplicates += 1
                    merge_parsed(first[digest], parsed, report.merged)
                elif digest in known:  # already in the project: its annotations join it
                    report.duplicates += 1
                    doc_id = self.repo.document_with_hash(digest)
                    if doc_id is None:
                        raise ActionError(f"no document with hash {digest}")
                    if doc_id in again:
                        merge_parsed(again[doc_id], parsed, report.merged, stored_later=True)
                    else:
                        again[doc_id] = parsed
                else:
                    first[digest] = parsed
            fresh = [(parsed, digest) for digest, parsed in first.items()]
            report.schema_additions = extender.additions
            if extender.changed:
                self.repo.set_schema(extender.schema)
            ids = self.repo.add_documents(
                Document(p.text, p.title, p.source, p.meta, self._imported_status(p, status, report), digest)
                for p, digest in fresh
            )
            for doc_id, (parsed, _) in zip(ids, fresh, strict=True):
                stored = store_new(self.repo, doc_id, parsed)
                report.spans += stored.spans
                report.events += stored.events
                report.relations += stored.relations
                report.equivalences += stored.equivalences
                if parsed.events:
                    self.recheck(doc_id)
            report.documents = len(ids)
            for doc_id, parsed in again.items():
                if merge_into(self.repo, doc_id, parsed, report.merged):
                    self.recheck(doc_id)
            self.repo.log_action(
                "import",
                "do",
                None,
                None,
                None,
                {
                    "documents": report.documents,
                    "spans": report.spans,
                    "events": report.events,
                    "relations": report.relations,
                    "equivalences": report.equivalences,
                    "duplicates": report.duplicates,
                    "schema_additions": report.schema_additions,
                },
            )
        return report

    @staticmethod
    def _imported_status(parsed: ParsedDocument, wanted: str, report: ImportReport) -> DocStatus:
        if wanted == "new" or wanted == "keep" and not parsed.answered:
            return DocStatus.NEW
        if any(s.status == SpanStatus.PROPOSED for s in parsed.spans):
            report.not_done += 1  # a decision the file does not hold: leave it to the annotator
            return DocStatus.IN_PROGRESS
        return DocStatus.DONE

    # -- proposals ------------------------------------------------------------------------
    def store_proposals(
        self, per_document: dict[int, list[DocumentProposals]], sources: list[str]
    ) -> StoredProposals:
        """Merge and store proposals for several documents in one transaction, and record that
        ``sources`` have run on them (so a later run resumes and re-runs add nothing)."""
        stored = StoredProposals()
        with self.repo.transaction():
            for document_id, proposals in per_document.items():
                existing = self.repo.spans(document_id)
                plan = merge(existing, self.repo.events(document_id), proposals)
                stored.skipped += plan.skipped
                ids = {(s.start, s.end, s.label): s for s in existing}
                for span in plan.spans:
                    ids[(span.start, span.end, span.label)] = self._insert_proposal(
                        document_id, span.start, span.end, span.label, span.source, span.score)
                    stored.spans += 1
                for event in plan.events:
                    stored.spans += self._store_event(document_id, event, ids)
                    stored.events += 1
                for source in sources:
                    self.repo.mark_proposed(document_id, source)
            self.repo.log_action(
                "propose", "do", None, None, None,
                {"documents": len(per_document), "spans": stored.spans, "events": stored.events,
                 "sources": sources},
            )
        return stored

    def _insert_proposal(self, document_id: int, start: int, end: int, label: str, source: str,
                         score: float | None) -> StoredSpan:
        span_id = self.repo.insert_span(Span(document_id, start, end, label, SpanStatus.PROPOSED, source, score))
        return StoredSpan(document_id, start, end, label, SpanStatus.PROPOSED, source, score, id=span_id)

    def _store_event(self, document_id: int, event: ProposedEvent, spans: dict[tuple[int, int, str], StoredSpan]) -> int:
        """Store one proposed event, reusing spans that exist. Returns spans created."""
        created = 0

        def span_for(start: int, end: int, label: str) -> StoredSpan | None:
            nonlocal created
            span = spans.get((start, end, label))
            if span is None:
                span = spans[(start, end, label)] = self._insert_proposal(
                    document_id, start, end, label, event.source, event.score)
                created += 1
            return None if span.status == SpanStatus.REJECTED else span

        trigger = span_for(event.trigger_start, event.trigger_end, event.type)
        if trigger is None:
            return created  # the annotator rejected this trigger
        arguments = []
        for arg in event.arguments:
            filler = span_for(arg.start, arg.end, arg.label)
            if filler is not None:
                arguments.append(Argument(arg.role, filler.id))
        self.repo.insert_event(
            Event(document_id, event.type, trigger.id, arguments, {}, SpanStatus.PROPOSED,
                  event.source, event.score)
        )
        return created

    # -- questions ------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts as ``main.py stats --json`` prints them."""
        return self.repo.stats()
