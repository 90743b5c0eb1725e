"""The in-memory repository's proposal runs, settings, pattern files and counts (a part of
:class:`~annotate.memory_repository.MemoryRepository`, kept apart for size)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotate.memory_tables import Tables
from annotate.model import DocStatus, SpanStatus
from annotate.span_stats import entity_and_mention_counts


class MemorySettings:
    """Proposal runs, settings, pattern files and ``stats()`` over ``self._t``."""

    _t: Tables

    # Given by MemoryRepository and MemoryRelations.
    def _wrote(self) -> None:
        raise NotImplementedError

    def relation_stats(self) -> dict[str, Any]:
        raise NotImplementedError

    # -- proposals and settings -----------------------------------------------------------
    def documents_proposed_by(self, source: str) -> set[int]:
        """Documents on which ``source`` has already run."""
        return {doc for doc, src in self._t.proposal_runs if src == source}

    def mark_proposed(self, document_id: int, source: str) -> None:
        """Record that ``source`` has run on a document."""
        if document_id not in self._t.documents:
            raise ValueError(f"FOREIGN KEY constraint failed: no document {document_id}")
        self._t.proposal_runs.add((document_id, source))
        self._wrote()

    def setting(self, key: str) -> str | None:
        """A project setting, or None."""
        return self._t.settings.get(key)

    def set_setting(self, key: str, value: str) -> None:
        """Remember a project setting."""
        self._t.settings[key] = value
        self._wrote()

    def pattern_files(self) -> list[tuple[str, str]]:
        """(name, content) of the project's pattern files, oldest first."""
        return list(self._t.pattern_files.items())

    def add_pattern_file(self, name: str, content: str) -> None:
        """Add (or replace, by name, keeping its place) a pattern file."""
        self._t.pattern_files[name] = content
        self._wrote()

    # -- reporting ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Counts of documents, live spans and live events, in ``project_stats``' shape."""
        docs = dict.fromkeys((str(s) for s in DocStatus), 0)
        for doc in self._t.documents.values():
            docs[str(doc.status)] += 1
        spans = dict.fromkeys((str(s) for s in SpanStatus), 0)
        by_label: dict[str, int] = {}
        for span in self._t.spans.values():
            if not span.deleted:
                spans[str(span.status)] += 1
                by_label[span.label] = by_label.get(span.label, 0) + 1
        by_type: dict[str, int] = {}
        for event in self._t.events.values():
            if not event.deleted:
                by_type[event.type] = by_type.get(event.type, 0) + 1
        by_label_status = Counter((s.label, str(s.status)) for s in self._t.spans.values() if not s.deleted)
        return {
            "documents": {"total": sum(docs.values()), **docs},
            "spans": {"total": sum(spans.values()), **spans, "by_label": dict(sorted(by_label.items()))},
            **entity_and_mention_counts(((lb, st, n) for (lb, st), n in by_label_status.items()), self._t.schema),
            "events": {"total": sum(by_type.values()), "by_type": dict(sorted(by_type.items()))},
            **self.relation_stats(),
        }
