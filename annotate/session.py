"""The one service the window and the command line talk to.

A Session wraps a :class:`Repository`: it applies and reverts actions (each one transaction
and one action-log row), imports files all-or-nothing, and reports statistics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotate.actions import Action
from annotate.actions.codec import decode, encode
from annotate.changes import ChangeRecorder, Changes
from annotate.errors import ActionError
from annotate.event_check import Sentences
from annotate.warning_ledger import WarningLedger
from annotate.importing import IMPORT_STATUSES, ImportReport, Importer, ImportSource
from annotate.model import SOURCE_USER, Argument, Event, Normalization, Span, SpanStatus, StoredSpan
from annotate.proposals.merge import merge
from annotate.proposals.proposed_norms import has_dates, missing, proposed_norms, with_published_dates
from annotate.proposals.types import DocumentProposals, ProposedEvent
from annotate.repository import Repository
from annotate.schema import Schema

__all__ = ["IMPORT_STATUSES", "ImportReport", "Session", "StoredProposals"]

UNDO_DEPTH = 300  # actions the undo stack is rebuilt with after a restart


class _NothingChanged(Exception):
    """Raised inside the transaction of a step that changes nothing, to roll it back."""


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
                    # A relabelled or restored end changes what a relation's check says.
                    changes.relations |= {r.id for r in self.repo.relations_using_spans(changes.spans)}
                changes.log_id = self.repo.log_action(
                    action.name, kind, action.document_id, action.target, action.before(), action.after(),
                    payload=encode(action), replays=replays,
                )
                self._recheck(action.document_id, changes.events, changes.relations)
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

    def _recheck(self, document_id: int | None, events: set[int], relations: set[int]) -> None:
        if document_id is None or not (events or relations):
            return
        others = self.repo.change_stamp()[1]
        if others != self._ledger_version:  # another process may have changed events: start again
            self._ledger.clear()
            self._ledger_version = others
        count = self._ledger.recount(self.repo, self.schema, document_id, self.sentences(document_id), events, relations)
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
        """Check all of a document's events and relations against the schema and store its
        warning count."""
        count = self._ledger.recount(self.repo, self.schema, document_id, self.sentences(document_id))
        self.repo.set_document_warnings(document_id, count)
        return count

    # -- import ---------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path], progress: Callable[[int, int], None] | None = None,
                     status: str = "new") -> ImportReport:
        """Read every path and store its documents as they are read, in one transaction (or
        nothing): memory holds a chunk of documents, never the corpus."""
        from annotate.formats.discover import stream_inputs  # srsly and numpy: not at start-up

        return self.import_batch(stream_inputs(paths, progress), status)

    def import_batch(self, batch: ImportSource, status: str = "new") -> ImportReport:
        """Store parsed documents (a ParsedBatch, or a stream read as it goes) in one
        transaction; a text already there (by content hash), or read twice, is one document
        with the annotations of every copy, counted as a duplicate. ``status``: "new" for
        every document, "done" for every one, or "keep": done where the file says a person
        decided it (a Prodigy task's answer), new otherwise. A document with proposals nobody
        reviewed is never marked done: it comes in in progress, counted."""
        return Importer(self.repo, status, self.recheck).run(batch)

    # -- proposals ------------------------------------------------------------------------
    def store_proposals(
        self, per_document: dict[int, list[DocumentProposals]], sources: list[str]
    ) -> StoredProposals:
        """Merge and store proposals for several documents in one transaction, and record that
        ``sources`` have run on them (so a later run resumes and re-runs add nothing).

        A stored proposal carries the norms every proposer gave its span (an ISO date, a
        GeoNames entry; dates the dateline leaves open resolve against a publication date in
        the document's metadata). A span already there keeps its own norms; one still an
        unreviewed proposal of a proposer gains those it lacks; a decided one (accepted,
        rejected, or the user's) is never changed."""
        stored = StoredProposals()
        with self.repo.transaction():
            for document_id, proposals in per_document.items():
                if has_dates(proposals):
                    document = self.repo.document(document_id)
                    proposals = with_published_dates(document.text, document.meta, proposals)
                existing = self.repo.spans(document_id)
                plan = merge(existing, self.repo.events(document_id), proposals)
                stored.skipped += plan.skipped
                norms = proposed_norms(proposals)
                ids = {(s.start, s.end, s.label): s for s in existing}
                for key, have in ids.items():
                    lacking = missing(have, norms.get(key, ()))
                    if lacking and have.status == SpanStatus.PROPOSED and have.source != SOURCE_USER:
                        have.norms = [*have.norms, *lacking]
                        self.repo.update_span(have)
                for span in plan.spans:
                    key = (span.start, span.end, span.label)
                    ids[key] = self._insert_proposal(
                        document_id, span.start, span.end, span.label, span.source, span.score, norms.get(key, ()))
                    stored.spans += 1
                for event in plan.events:
                    stored.spans += self._store_event(document_id, event, ids, norms)
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
                         score: float | None, norms: Iterable[Normalization] = ()) -> StoredSpan:
        proposal = Span(document_id, start, end, label, SpanStatus.PROPOSED, source, score, norms=list(norms))
        span_id = self.repo.insert_span(proposal)
        return StoredSpan(document_id, start, end, label, SpanStatus.PROPOSED, source, score, id=span_id,
                          norms=proposal.norms)

    def _store_event(self, document_id: int, event: ProposedEvent, spans: dict[tuple[int, int, str], StoredSpan],
                     norms: dict[tuple[int, int, str], tuple[Normalization, ...]] | None = None) -> int:
        """Store one proposed event, reusing spans that exist (an argument's new span takes its
        proposed norms). Returns spans created."""
        created = 0

        def span_for(start: int, end: int, label: str) -> StoredSpan | None:
            nonlocal created
            span = spans.get((start, end, label))
            if span is None:
                span = spans[(start, end, label)] = self._insert_proposal(
                    document_id, start, end, label, event.source, event.score, (norms or {}).get((start, end, label), ()))
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
