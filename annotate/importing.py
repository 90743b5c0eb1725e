"""Storing what the importers read, a chunk of documents at a time, in one transaction.

Documents come from an :class:`ImportSource` (a :class:`~annotate.formats.parsed.ParsedBatch`
in memory, or an :class:`~annotate.formats.discover.InputStream` read as it goes): they are
parsed, checked against the schema and stored in chunks, so memory holds one chunk, never the
corpus. All of it is one transaction: a bad line late in the last file rolls everything back.

A text already in the project, or read earlier in the same import, is one document: the later
copy's annotations are merged into the stored one (:func:`annotate.import_store.merge_into`),
in the order they are read, so a later decision wins wherever the copies are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotate.errors import ActionError
from annotate.formats.parsed import ParsedDocument
from annotate.import_merge import MergeCounts
from annotate.import_store import merge_into, store_new
from annotate.model import Document, DocStatus, SpanStatus
from annotate.repository import Repository
from annotate.schema_merge import SchemaExtender
from annotate.text import content_hash

IMPORT_STATUSES = ("new", "done", "keep")
# A chunk ends at whichever comes first; both keep its memory small next to the pipeline's.
CHUNK_DOCUMENTS = 1000
CHUNK_CHARACTERS = 4_000_000


class ImportSource(Protocol):
    """What an import reads: documents (iterated once) and what the reading noted. The
    notes are read after the documents: a stream completes them as it reads."""

    @property
    def documents(self) -> Iterable[ParsedDocument]: ...

    @property
    def schema_fragments(self) -> list[Any]: ...

    @property
    def warnings(self) -> list[str]: ...

    @property
    def ignored_tasks(self) -> int: ...


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

    def summary(self) -> str:
        """One line: what came in."""
        links = (f", {self.relations} relations" if self.relations else "") + (
            f", {self.equivalences} equivalence sets" if self.equivalences else "")
        return (f"Imported {self.documents} documents, {self.spans} spans, {self.events} events{links}; "
                f"{self.duplicates} texts were there already (or twice), their annotations merged"
                + (f"; {self.ignored_tasks} ignored tasks" if self.ignored_tasks else "") + ".")

    def details(self) -> list[str]:
        """The lines under the summary: what merging did, schema additions, documents left in
        progress. (Warnings are printed apart, as warnings.)"""
        out = []
        m = self.merged
        if self.duplicates:
            out.append(f"their annotations merged: {m.spans_added} spans added, {m.decisions} decisions changed "
                       f"by a later answer, {m.spans_same} identical spans kept once; {m.events_added} events "
                       f"added, {m.events_same} identical events kept once; {m.relations_added} relations and "
                       f"{m.equivalences_added} equivalence sets added"
                       + (f"; {m.details_added} attributes, norms and note lines added to them"
                          if m.details_added else "")
                       + (f"; {m.attributes_changed} attribute values changed by a later copy"
                          if m.attributes_changed else ""))
        out += [f"schema: added {addition}" for addition in self.schema_additions]
        if self.not_done:
            out.append(f"{self.not_done} documents have proposals nobody reviewed: in progress, not done")
        return out


def chunks(documents: Iterable[ParsedDocument], size: int = CHUNK_DOCUMENTS,
           characters: int = CHUNK_CHARACTERS) -> Iterator[list[ParsedDocument]]:
    """The documents in lists of at most ``size``, or of about ``characters`` of text."""
    chunk: list[ParsedDocument] = []
    held = 0
    for doc in documents:
        chunk.append(doc)
        held += len(doc.text)
        if len(chunk) >= size or held >= characters:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


class Importer:
    """One import into a repository: call :meth:`run` inside nothing (it is one transaction).
    ``recheck`` counts a document's warnings again (the session's, which caches sentences)."""

    def __init__(self, repo: Repository, status: str, recheck: Callable[[int], object],
                 chunk_documents: int = CHUNK_DOCUMENTS) -> None:
        if status not in IMPORT_STATUSES:
            raise ActionError(f"--status must be one of {', '.join(IMPORT_STATUSES)}, not {status!r}")
        self.repo = repo
        self.status = status
        self.recheck = recheck
        self.chunk_documents = chunk_documents
        self.report = ImportReport()
        self._extender: SchemaExtender | None = None
        self._written = 0  # schema additions already written
        self._first_id: int | None = None  # the first document this import created

    def run(self, source: ImportSource) -> ImportReport:
        """Store every document of ``source``, all or nothing; returns the report."""
        report = self.report
        # Under the write lock: another process may import into the same project meanwhile, and
        # its schema additions and documents must be seen, not overwritten or doubled.
        with self.repo.transaction():
            self._extender = SchemaExtender(self.repo.schema())
            for fragment in source.schema_fragments:
                self._extender.merge(fragment)
            for chunk in chunks(source.documents, self.chunk_documents):
                self._store(chunk)
            self._write_schema()
            report.schema_additions = self._extender.additions
            report.ignored_tasks = source.ignored_tasks
            report.warnings = list(source.warnings)
            self.repo.log_action("import", "do", None, None, None, {
                "documents": report.documents, "spans": report.spans, "events": report.events,
                "relations": report.relations, "equivalences": report.equivalences,
                "duplicates": report.duplicates, "schema_additions": report.schema_additions,
            })
        return report

    def _write_schema(self) -> None:
        """Write the schema when this import added to it since it was last written (before a
        chunk is stored: its events are checked against it)."""
        assert self._extender is not None
        if len(self._extender.additions) > self._written:
            self.repo.set_schema(self._extender.schema)
            self._written = len(self._extender.additions)

    def _store(self, chunk: list[ParsedDocument]) -> None:
        assert self._extender is not None
        report = self.report
        fresh: list[tuple[ParsedDocument, str]] = []  # the first copy of a text new to the project
        later: list[tuple[str, ParsedDocument]] = []  # every other copy, in reading order
        stored: dict[str, int] = {}  # digest → document id, for the texts of this chunk
        seen: set[str] = set()
        for parsed in chunk:
            self._extender.resolve(parsed)
            digest = content_hash(parsed.text)
            if digest in seen:
                later.append((digest, parsed))
                continue
            seen.add(digest)
            known = self.repo.document_with_hash(digest)  # also one stored by an earlier chunk
            if known is None:
                fresh.append((parsed, digest))
            else:
                stored[digest] = known
                later.append((digest, parsed))
        self._write_schema()
        ids = self.repo.add_documents(
            Document(p.text, p.title, p.source, p.meta, self._status_of(p), digest) for p, digest in fresh
        )
        if ids and self._first_id is None:
            self._first_id = ids[0]
        for doc_id, (parsed, digest) in zip(ids, fresh, strict=True):
            stored[digest] = doc_id
            counts = store_new(self.repo, doc_id, parsed)
            report.spans += counts.spans
            report.events += counts.events
            report.relations += counts.relations
            report.equivalences += counts.equivalences
            if parsed.events or parsed.relations:
                self.recheck(doc_id)
        report.documents += len(ids)
        for digest, parsed in later:
            report.duplicates += 1
            self._merge(stored[digest], parsed)

    def _merge(self, doc_id: int, parsed: ParsedDocument) -> None:
        """Merge a later copy of a text into its document."""
        if merge_into(self.repo, doc_id, parsed, self.report.merged):
            self.recheck(doc_id)
        if self.status != "new" and self._first_id is not None and doc_id >= self._first_id:
            self._restatus(doc_id, parsed)

    def _restatus(self, doc_id: int, parsed: ParsedDocument) -> None:
        """A document this import created done (or in progress, for want of reviews) is judged
        again on everything merged into it: as if all its copies had been read as one. With
        ``keep``, one copy a person decided is enough, whichever comes first: a document that
        came in new is judged when a later copy is answered."""
        status = self.repo.document(doc_id).status
        answered = status == DocStatus.NEW and self.status == "keep" and parsed.answered
        if not answered and status not in (DocStatus.DONE, DocStatus.IN_PROGRESS):
            return
        proposed = any(s.status == SpanStatus.PROPOSED for s in self.repo.spans(doc_id))
        if answered:  # as if this copy had come first: done, or in progress for want of reviews
            self.repo.set_document_status(doc_id, DocStatus.IN_PROGRESS if proposed else DocStatus.DONE)
            self.report.not_done += int(proposed)
        elif status == DocStatus.DONE and proposed:
            self.repo.set_document_status(doc_id, DocStatus.IN_PROGRESS)
            self.report.not_done += 1
        elif status == DocStatus.IN_PROGRESS and not proposed:
            self.repo.set_document_status(doc_id, DocStatus.DONE)
            self.report.not_done -= 1

    def _status_of(self, parsed: ParsedDocument) -> DocStatus:
        if self.status == "new" or self.status == "keep" and not parsed.answered:
            return DocStatus.NEW
        if any(s.status == SpanStatus.PROPOSED for s in parsed.spans):
            self.report.not_done += 1  # a decision the file does not hold: leave it to the annotator
            return DocStatus.IN_PROGRESS
        return DocStatus.DONE
