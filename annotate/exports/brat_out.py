"""brat standoff: ``NAME.txt`` + ``NAME.ann`` per document and an ``annotation.conf`` for the
project schema (see :mod:`annotate.exports.brat_conf_out`). Names are made brat-safe
(``Conflict.Attack`` → ``Conflict-Attack``) and mapped back by the importer; a repeated role is
numbered as brat does (``Entity``, ``Entity2``; a role ending in a digit gets a ``_`` first:
``AssocActor1_``, ``AssocActor1_2``). What will not read back as it was is counted in
the report by kind, with examples: a name the schema does not know or another of its names
spells the same in brat (``A.B`` and ``A-B``), and a normalisation's fields (white space → ``_``,
a ``:`` in the resource → ``_``, a line break in its text → a space, an empty type → ``Reference``).

Everything the model holds goes out: ``T`` spans (with fragments), ``E`` events (an argument
that is an event by its ``E`` id), ``R`` relations (with the type's argument names), ``*``
equivalence sets, ``A`` attributes on spans, events and relations (binary ones without a value),
``N`` normalisations and ``#`` notes (one line per line of the note). A relation end or set member
that is an event's trigger is named by the event's ``E`` id, as brat's editor does.

brat cannot draw a span across a line break, and a covered text cannot hold one: such a span is
written as fragments split at the line breaks (the importer joins them back). A line break at
the very start or end of a span cannot be written at all; the span goes out without it, counted.

Unreviewed proposals are left out: brat has no "proposed" (a T line is an annotation, and the
importer reads it back as accepted), and no "outside" either, but tools that turn brat into IOB
read every token without a T line as ``O`` — so the report names the documents marked done that
still have them, to be reviewed before such a conversion."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from annotate.exports.brat_conf_out import ConfNeeds, annotation_conf, binary
from annotate.exports.collect import ExportDocument, ExportReport, Progress
from annotate.formats.brat_check import overlaps
from annotate.formats.brat_names import brat_role, brat_safe, from_brat, role_from_brat
from annotate.model import Normalization, StoredSpan
from annotate.schema import ON_ENTITIES, ON_EVENTS, ON_RELATIONS, Role, Schema

__all__ = ["annotation_conf", "ann_for", "write_brat"]

_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_BREAK = re.compile(r"\r\n|\r|\n")
_BREAKS_ONLY = re.compile(r"(?:\r\n|\r|\n)+")
EDGE_BREAK = "line break at the start or end of a span (brat cannot hold one; the span goes out without it)"
ONLY_BREAKS = "span of nothing but line breaks (brat cannot hold one), with what refers to it"
BREAK_GAP = "discontinuous span whose gap is only a line break: read back as one span"


def brat_pieces(text: str, span: StoredSpan) -> tuple[list[tuple[int, int]], bool]:
    """The fragments a span is written as (split at line breaks) and whether a line break at a
    fragment's start or end had to be dropped."""
    out: list[tuple[int, int]] = []
    trimmed = False
    for start, end in span.pieces():
        at = start
        for match in _BREAK.finditer(text, start, end):
            if match.start() > at:
                out.append((at, match.start()))
            trimmed |= match.start() == start or match.end() == end
            at = match.end()
        if at < end:
            out.append((at, end))
    return out, trimmed


class _Writer:
    """Writes one document's lines, numbering ids as it goes."""

    def __init__(self, export: ExportDocument, schema: Schema, needs: ConfNeeds, report: ExportReport) -> None:
        self.export, self.schema, self.needs, self.report = export, schema, needs, report
        self.lines: list[str] = []
        self.counters = {"A": 0, "N": 0, "#": 0}
        self.ids: dict[int, str] = {}  # span id → T id
        self.labels = {s.id: s.label for s in export.spans}
        self.event_ids: dict[int, str] = {}  # event id → E id (numbered before any is written:
        self.by_trigger: dict[int, str] = {}  # an argument may be a later event)
        self.relations = self.equivalences = 0  # R and * lines written

    def is_event(self, span_id: int) -> bool:
        span = self.labels.get(span_id)
        return span is not None and self.schema.event_type(span) is not None

    def safe(self, kind: str, name: str, known: Iterable[str]) -> str:
        """``name`` in brat's spelling, noted when the importer will not map it back to ``name``
        (the schema does not know it, or another known name has the same spelling)."""
        written = brat_safe(name)
        back = from_brat(written, known)
        if back != name:
            self.needs.renamed.setdefault(kind, {}).setdefault(name, (written, back))
        return written

    def role(self, name: str, roles: list[Role]) -> str:
        """A role in brat's spelling (see :func:`brat_role`), noted as :meth:`safe` notes."""
        written = brat_role(name)
        back = role_from_brat(written, roles)
        if back != name:
            self.needs.renamed.setdefault("role", {}).setdefault(name, (written, back))
        return written

    def span_names(self) -> list[str]:
        return self.schema.label_names + self.schema.event_type_names

    def next_id(self, kind: str) -> str:
        self.counters[kind] += 1
        return f"{kind}{self.counters[kind]}"

    def decorate(self, ident: str, owner: str, attributes: dict[str, str], target: str,
                 norms: Iterable[Normalization] = (), note: str | None = None) -> None:
        """A, N and # lines of one annotation (``owner``: its label or type)."""
        for name, value in sorted(attributes.items()):
            self.needs.attribute_targets.setdefault(name, set()).add((target, owner))
            definition = self.schema.attribute(name)
            values = definition.values if definition else ()
            tail = "" if binary(definition) and value == "true" else f" {self.safe('attribute value', value, values)}"
            written = self.safe("attribute", name, [a.name for a in self.schema.attributes])
            self.lines.append(f"{self.next_id('A')}\t{written} {ident}{tail}")
        for norm in norms:
            # An empty type would leave an N line no reader takes: the model's default is written.
            fields = [("norm type", norm.type, brat_safe(norm.type) if norm.type.strip() else "Reference"),
                      ("norm resource", norm.resource, _word(norm.resource).replace(":", "_")),  # ":" ends it
                      ("norm id", norm.reference, _word(norm.reference)),
                      ("norm text", norm.text, _one_line(norm.text))]
            for kind, was, written in fields:
                if written != was:
                    self.needs.renamed.setdefault(kind, {}).setdefault(was, (written, written))
            kind_, resource, reference, shown = (written for _, _, written in fields)
            self.lines.append(f"{self.next_id('N')}\t{kind_} {ident} {resource}:{reference}\t{shown}")
        for line in _BREAK.split(note) if note else []:
            self.lines.append(f"{self.next_id('#')}\tAnnotatorNotes {ident}\t{line}")

    def write(self) -> str:
        text = self.export.document.text
        entities: list[tuple[str, str, int, int, tuple]] = []
        for span in self.export.spans:
            pieces, trimmed = brat_pieces(text, span)
            if not pieces:
                self.report.leave_out(ONLY_BREAKS)
                continue
            self.report.leave_out(EDGE_BREAK, int(trimmed))
            self.report.leave_out(BREAK_GAP, int(any(_BREAKS_ONLY.fullmatch(text[a:b]) for (_, a), (b, _)
                                                     in zip(span.fragments, span.fragments[1:]))))
            ident = self.ids[span.id] = f"T{len(self.ids) + 1}"
            offsets = ";".join(f"{s} {e}" for s, e in pieces)
            label = self.safe("label", span.label, self.span_names())
            self.lines.append(f"{ident}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}")
            if self.schema.event_type(span.label) is None:
                entities.append((ident, brat_safe(span.label), pieces[0][0], pieces[-1][1], tuple(pieces)))
        for kind, i, j in overlaps(entities):
            self.needs.overlaps.add((kind, entities[i][1], entities[j][1]))
        events = [e for e in self.export.events if e.trigger_span_id in self.ids]
        self.report.leave_out(ONLY_BREAKS, len(self.export.events) - len(events))
        self.event_ids = {event.id: f"E{n}" for n, event in enumerate(events, start=1)}
        for event in events:
            self.by_trigger.setdefault(event.trigger_span_id, self.event_ids[event.id])
        self.write_spans_extras()
        self.write_events()
        self.write_links()
        # What the report says went out is what the lines hold, not what was collected.
        self.report.spans += len(self.ids)
        self.report.events += len(self.event_ids)
        self.report.relations += self.relations
        self.report.equivalences += self.equivalences
        return "\n".join(self.lines) + ("\n" if self.lines else "")

    def write_spans_extras(self) -> None:
        for span in self.export.spans:
            if span.id in self.ids:
                target = ON_EVENTS if self.is_event(span.id) else ON_ENTITIES
                self.decorate(self.ids[span.id], span.label, span.attributes, target, span.norms, span.note)

    def write_events(self) -> None:
        for event in self.export.events:
            if event.id not in self.event_ids:
                continue  # its trigger could not go out (counted)
            ident = self.event_ids[event.id]
            seen: dict[str, int] = {}
            etype = self.schema.event_type(event.type)
            roles = etype.roles if etype else []
            written = self.safe("event type", event.type, self.schema.event_type_names)
            pairs = [f"{written}:{self.ids[event.trigger_span_id]}"]
            for argument in event.arguments:
                if argument.event_id is not None:
                    if argument.event_id not in self.event_ids:
                        self.report.leave_out(ONLY_BREAKS)
                        continue
                    target = self.event_ids[argument.event_id]
                    self.needs.events_in_roles.add((event.type, argument.role))
                elif argument.span_id in self.ids:
                    target = self.ids[argument.span_id]
                    if self.is_event(argument.span_id):
                        self.needs.events_in_roles.add((event.type, argument.role))
                else:
                    self.report.leave_out(ONLY_BREAKS)
                    continue
                seen[argument.role] = seen.get(argument.role, 0) + 1
                suffix = "" if seen[argument.role] == 1 else str(seen[argument.role])
                pairs.append(f"{self.role(argument.role, roles)}{suffix}:{target}")
            self.lines.append(f"{ident}\t{' '.join(pairs)}")
            self.decorate(ident, event.type, event.attributes, ON_EVENTS, event.norms, event.note)

    def end(self, span_id: int) -> str | None:
        """The id a relation end or set member goes by: its event's, if it is a trigger."""
        return self.by_trigger.get(span_id) or self.ids.get(span_id)

    def write_links(self) -> None:
        for number, relation in enumerate(self.export.relations, start=1):
            rtype = self.schema.relation_type(relation.type)
            roles = (rtype.head_role, rtype.child_role) if rtype else ("Arg1", "Arg2")
            ends = [self.end(relation.head_span_id), self.end(relation.child_span_id)]
            if None in ends:
                self.report.leave_out(ONLY_BREAKS)
                continue
            for end, span_id in enumerate((relation.head_span_id, relation.child_span_id)):
                if self.is_event(span_id):
                    self.needs.events_at_ends.add((relation.type, end))
            ident = f"R{number}"
            head, child = (f"{self.safe('relation argument name', role, roles)}:{end}"
                           for role, end in zip(roles, ends, strict=True))
            written = self.safe("relation type", relation.type, self.schema.relation_type_names)
            self.lines.append(f"{ident}\t{written} {head} {child}")
            self.relations += 1
            self.decorate(ident, relation.type, relation.attributes, ON_RELATIONS, (), relation.note)
        for equivalence in self.export.equivalences:
            members = [m for m in (self.end(s) for s in equivalence.span_ids) if m]
            self.report.leave_out(ONLY_BREAKS, len(equivalence.span_ids) - len(members))
            if len(members) < 2:
                continue
            for span_id in equivalence.span_ids:
                if self.is_event(span_id):
                    self.needs.events_at_ends |= {(equivalence.type, 0), (equivalence.type, 1)}
            written = self.safe("relation type", equivalence.type, self.schema.relation_type_names)
            self.lines.append(f"*\t{written} {' '.join(members)}")
            self.equivalences += 1


def renamed_lines(needs: ConfNeeds, report: ExportReport, examples: int = 3) -> None:
    """Count in the report, one line per kind, what was written in a spelling that will not
    read back as it was."""
    for kind, names in sorted(needs.renamed.items()):
        shown = [f"{was!r} written as {written!r}" + (f" (read back as {back!r})" if back != written else "")
                 for was, (written, back) in list(names.items())[:examples]]
        more = f" and {len(names) - examples} more" if len(names) > examples else ""
        report.leave_out(f"original spelling of {kind}s (brat will read back the one written): "
                         f"{', '.join(shown)}{more}", len(names))


def _word(value: str) -> str:
    """A normalisation's resource or id inside a space-separated field."""
    return re.sub(r"\s", "_", value)


def _one_line(value: str) -> str:
    return _BREAK.sub(" ", value)


def ann_for(export: ExportDocument, schema: Schema | None = None, needs: ConfNeeds | None = None,
            report: ExportReport | None = None) -> str:
    """The ``.ann`` text of one document."""
    return _Writer(export, schema or Schema("brat"), needs or ConfNeeds(), report or ExportReport()).write()


class Documents(Protocol):
    """What the writer reads: documents in order, and how many there are."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[ExportDocument]: ...


def write_brat(docs: Documents, folder: Path, schema: Schema,
               report: ExportReport, progress: Progress | None = None) -> None:
    """Write one ``.txt``/``.ann`` pair per document and ``annotation.conf`` into ``folder``.
    ``docs`` is read once, in order (it may be a stream with a length)."""
    used: set[str] = set()
    needs = ConfNeeds()
    total = len(docs)
    written = 0
    for export in docs:
        doc = export.document
        stem = f"{doc.id:06d}-{_FILE_UNSAFE.sub('-', doc.title)[:40].strip('-') or 'document'}"
        while stem in used:
            stem += "-"
        used.add(stem)
        # newline="" keeps the text byte for byte: brat offsets count characters as stored.
        (folder / f"{stem}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text(ann_for(export, schema, needs, report), encoding="utf-8", newline="")
        written += 1
        report.documents += 1  # its spans, events, relations and sets: counted as written
        report.leave_out("rejected proposal (brat has no place for one)", len(export.rejected))
        if progress is not None:
            progress(written, total)
    renamed_lines(needs, report)
    report.unreviewed.outcome = (
        "are left out of the .ann files (brat has no place for a proposal; a converter to IOB would read "
        "their tokens as O)"
    )
    (folder / "annotation.conf").write_text(annotation_conf(schema, needs), encoding="utf-8")
    report.files.append(f"{folder}/ ({written} .txt/.ann pairs and annotation.conf)")
