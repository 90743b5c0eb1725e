"""The one service the window and the command line talk to.

A Session wraps a :class:`Repository`: it applies and reverts actions (each one transaction
and one action-log row), imports files all-or-nothing, and reports statistics.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotate.actions import Action
from annotate.formats.discover import Progress, parse_inputs
from annotate.formats.parsed import ParsedBatch
from annotate.model import SOURCE_IMPORT, Argument, Document, Event, Span
from annotate.repository import Repository
from annotate.schema import Schema
from annotate.schema_merge import SchemaExtender
from annotate.text import content_hash


@dataclass
class ImportReport:
    """What an import did, for the user."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    duplicates: int = 0
    ignored_tasks: int = 0
    schema_additions: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Session:
    """Applies actions to one project and answers questions about it."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo

    @property
    def schema(self) -> Schema:
        """The project's schema."""
        return self.repo.schema()

    # -- actions --------------------------------------------------------------------------
    def apply(self, action: Action) -> Action:
        """Apply an action in one transaction and log it. Returns the action (for undo)."""
        with self.repo.transaction():
            action.apply(self.repo)
            self._log(action, "do")
        return action

    def revert(self, action: Action) -> None:
        """Undo an applied action in one transaction and log the undo."""
        with self.repo.transaction():
            action.revert(self.repo)
            self._log(action, "undo")

    def _log(self, action: Action, kind: str) -> None:
        self.repo.log_action(
            action.name, kind, action.document_id, action.target, action.before(), action.after()
        )

    # -- import ---------------------------------------------------------------------------
    def import_paths(self, paths: Iterable[Path], progress: Progress | None = None) -> ImportReport:
        """Read every path, then store everything in one transaction (or nothing)."""
        batch = parse_inputs(paths, progress)
        return self.import_batch(batch)

    def import_batch(self, batch: ParsedBatch) -> ImportReport:
        """Store parsed documents; duplicates (by content hash) are skipped and counted."""
        report = ImportReport(ignored_tasks=batch.ignored_tasks, warnings=list(batch.warnings))
        extender = SchemaExtender(self.repo.schema())
        for fragment in batch.schema_fragments:
            extender.merge(fragment)
        known = self.repo.known_hashes()
        fresh = []
        for parsed in batch.documents:
            digest = content_hash(parsed.text)
            if digest in known:
                report.duplicates += 1
                continue
            known.add(digest)
            extender.resolve(parsed)
            fresh.append((parsed, digest))
        report.schema_additions = extender.additions

        with self.repo.transaction():
            if extender.changed:
                self.repo.set_schema(extender.schema)
            ids = self.repo.add_documents(
                Document(p.text, p.title, p.source, p.meta, content_hash=digest) for p, digest in fresh
            )
            for doc_id, (parsed, _) in zip(ids, fresh, strict=True):
                span_ids = [
                    self.repo.insert_span(
                        Span(doc_id, s.start, s.end, s.label, s.status, SOURCE_IMPORT, note=s.note)
                    )
                    for s in parsed.spans
                ]
                for e in parsed.events:
                    self.repo.insert_event(
                        Event(
                            doc_id,
                            e.type,
                            span_ids[e.trigger],
                            [Argument(role, span_ids[i]) for role, i in e.arguments],
                            e.attributes,
                            e.status,
                            SOURCE_IMPORT,
                            note=e.note,
                        )
                    )
                report.spans += len(span_ids)
                report.events += len(parsed.events)
            report.documents = len(ids)
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
                    "duplicates": report.duplicates,
                    "schema_additions": report.schema_additions,
                },
            )
        return report

    # -- questions ------------------------------------------------------------------------
    def stats(self) -> dict:
        """Counts as ``main.py stats --json`` prints them."""
        return self.repo.stats()
