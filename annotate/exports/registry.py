"""The export formats: one writer per format behind a small protocol, looked up by name.

A writer says what it needs (the project's spaCy pipeline, for its tokenizer) and which kinds
of annotation its format ``carries``; the export counts, per document as it streams past, what
the documents hold of the kinds it does not carry, so nothing is left out silently
("Left out 3: relations (CoNLL carries entity spans only)"). A format without rejected proposals
has no review state for relations and events either: their proposed and rejected ones are
counted as left out ("Left out 2: relation proposed"). Kinds a writer leaves out and
counts itself, with its own reason, are in its ``reports_itself``. The built-in writers are in
:mod:`annotate.exports.writers`; another registers with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from annotate.exports.collect import ExportDocument, ExportError, ExportReport, Progress, unaccepted_left_out
from annotate.schema import Schema

if TYPE_CHECKING:
    from annotate.exports.spacy_docs import Documents

# What a document can hold, as ``carries`` names it.
KINDS = ("spans", "rejected", "events", "relations", "equivalences", "fragments", "attributes", "norms", "notes")
NOUNS = {
    "spans": "spans", "rejected": "rejected proposals", "events": "events", "relations": "relations",
    "equivalences": "equivalence sets", "fragments": "spans in pieces (discontinuous)",
    "attributes": "attribute values", "norms": "normalisations", "notes": "notes",
}


@dataclass(frozen=True, slots=True)
class WriteContext:
    """What a writer may need besides the documents."""

    schema: Schema
    out: Path  # the export folder as the user named it (files are written elsewhere first)
    nlp: Any = None  # the project's spaCy pipeline, for writers with ``needs_pipeline``
    dev_split: float = 0.2
    seed: int = 0
    spancat: bool = False
    dev_documents: frozenset[int] | None = None  # the dev part chosen by the caller, not the shuffle


class Writer(Protocol):
    """One export format."""

    name: str  # as --format names it
    title: str  # as the report names it ("CoNLL")
    needs_pipeline: bool  # whether ``context.nlp`` must be loaded for it
    carries: frozenset[str]  # the KINDS the format holds
    carries_note: str  # what it carries, for the report ("entity spans only")
    reports_itself: frozenset[str]  # kinds it does not carry but counts itself when leaving out

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        """Write the format's files into ``folder``, reading ``docs`` once."""
        ...


W = TypeVar("W", bound=Writer)


class Registry:
    """Writers by format name, in the order they were registered."""

    def __init__(self) -> None:
        self._writers: dict[str, Writer] = {}

    def register(self, writer: W) -> W:
        """Add a writer (one with the same name is replaced); returns it."""
        unknown = set(writer.carries) - set(KINDS)
        if unknown:
            raise ValueError(f"writer {writer.name!r} carries unknown kinds: {', '.join(sorted(unknown))}")
        self._writers[writer.name] = writer
        return writer

    def unregister(self, name: str) -> None:
        """Remove a format (a plug-in's, or a test's)."""
        self._writers.pop(name, None)

    def get(self, name: str) -> Writer:
        """The writer of a format, or one clear ExportError naming the formats there are."""
        found = self._writers.get(name)
        if found is None:
            raise ExportError(f"--format must be one of {', '.join(self._writers)}, not {name!r}")
        return found

    @property
    def names(self) -> tuple[str, ...]:
        """Every format, in registration order."""
        return tuple(self._writers)


WRITERS = Registry()


def register(writer: W) -> W:
    """Register a writer with the export (see :class:`Writer`)."""
    return WRITERS.register(writer)


def held(export: ExportDocument, carries: frozenset[str]) -> dict[str, int]:
    """How much of each kind a document going out holds. Attributes, norms and notes count on
    spans, and on events and relations where the format carries those (where it does not, they
    go with them)."""
    events = export.events if "events" in carries else []
    relations = export.relations if "relations" in carries else []
    return {
        "spans": len(export.spans),
        "rejected": len(export.rejected),
        "events": len(export.events),
        "relations": len(export.relations),
        "equivalences": len(export.equivalences),
        "fragments": sum(1 for s in export.spans if s.fragments),
        "attributes": sum(len(s.attributes) for s in export.spans) + sum(len(e.attributes) for e in events)
        + sum(len(r.attributes) for r in relations),
        "norms": sum(len(s.norms) for s in export.spans) + sum(len(e.norms) for e in events),
        "notes": sum(1 for s in export.spans if s.note) + sum(1 for e in events if e.note)
        + sum(1 for r in relations if r.note),
    }


def uncarried_counter(writer: Writer) -> Callable[[ExportDocument, ExportReport], None]:
    """A watcher for :meth:`ExportDocuments.watch` that counts, per document, what ``writer``'s
    format cannot carry."""
    missing = [k for k in KINDS if k not in writer.carries and k not in writer.reports_itself]
    reasons = {k: f"{NOUNS[k]} ({writer.title} carries {writer.carries_note})" for k in missing}
    # Only a format that keeps rejected proposals keeps a review state (JSONL, the DocBin);
    # another (brat, CoNLL) writes the accepted relations and events alone.
    accepted_only = "rejected" not in writer.carries

    def count(export: ExportDocument, report: ExportReport) -> None:
        if accepted_only:
            for reason, n in unaccepted_left_out(export).items():
                report.leave_out(reason, n)
        if not missing:
            return
        amounts = held(export, writer.carries)
        for kind in missing:
            report.leave_out(reasons[kind], amounts[kind])

    return count
