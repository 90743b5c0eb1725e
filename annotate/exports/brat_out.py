"""brat standoff: ``NAME.txt`` + ``NAME.ann`` per document and an ``annotation.conf`` for the
project schema. Names are made brat-safe (``Conflict.Attack`` → ``Conflict-Attack``) and mapped
back by the importer; a repeated role is numbered as brat does (``Entity``, ``Entity2``).

Unreviewed proposals are left out: brat has no "proposed" (a T line is an annotation, and the
importer reads it back as accepted), and no "outside" either, but tools that turn brat into IOB
read every token without a T line as ``O`` — so the report names the documents marked done that
still have them, to be reviewed before such a conversion."""

from __future__ import annotations

import re
from pathlib import Path

from annotate.exports.collect import ExportDocument, ExportReport, Progress
from annotate.formats.brat_names import brat_safe
from annotate.schema import Schema

_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def annotation_conf(schema: Schema) -> str:
    """The schema as a brat ``annotation.conf``."""
    lines = ["[entities]"]
    lines += [brat_safe(lb.name) for lb in schema.entity_labels]
    lines += ["", "[relations]", "", "[events]"]
    for etype in schema.event_types:
        roles = []
        for role in etype.roles:
            mark = "" if role.cardinality == "1" else role.cardinality
            allowed = "|".join(brat_safe(lb) for lb in role.labels) or "<ENTITY>"
            roles.append(f"{brat_safe(role.name)}{mark}:{allowed}")
        lines.append(f"{brat_safe(etype.name)}\t{', '.join(roles)}" if roles else brat_safe(etype.name))
    lines += ["", "[attributes]"]
    for attribute in schema.attributes:
        values = "|".join(brat_safe(v) for v in attribute.values)
        lines.append(f"{brat_safe(attribute.name)}\tArg:<EVENT>, Value:{values}")
    return "\n".join(lines) + "\n"


def ann_for(export: ExportDocument) -> str:
    """The ``.ann`` text of one document."""
    text = export.document.text
    t_ids: dict[int, str] = {}
    lines = []
    for span in export.spans:
        t_ids[span.id] = f"T{len(t_ids) + 1}"
        covered = text[span.start : span.end].replace("\n", " ")
        lines.append(f"{t_ids[span.id]}\t{brat_safe(span.label)} {span.start} {span.end}\t{covered}")
    attribute_number = 0
    for number, event in enumerate(export.events, start=1):
        seen: dict[str, int] = {}
        pairs = [f"{brat_safe(event.type)}:{t_ids[event.trigger_span_id]}"]
        for argument in event.arguments:
            seen[argument.role] = seen.get(argument.role, 0) + 1
            suffix = "" if seen[argument.role] == 1 else str(seen[argument.role])
            pairs.append(f"{brat_safe(argument.role)}{suffix}:{t_ids[argument.span_id]}")
        lines.append(f"E{number}\t{' '.join(pairs)}")
        for name, value in sorted(event.attributes.items()):
            attribute_number += 1
            lines.append(f"A{attribute_number}\t{brat_safe(name)} E{number} {brat_safe(value)}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_brat(docs: list[ExportDocument], folder: Path, schema: Schema, report: ExportReport,
               progress: Progress | None = None) -> None:
    """Write one ``.txt``/``.ann`` pair per document and ``annotation.conf`` into ``folder``."""
    used: set[str] = set()
    for i, export in enumerate(docs, start=1):
        doc = export.document
        stem = f"{doc.id:06d}-{_FILE_UNSAFE.sub('-', doc.title)[:40].strip('-') or 'document'}"
        while stem in used:
            stem += "-"
        used.add(stem)
        # newline="" keeps the text byte for byte: brat offsets count characters as stored.
        (folder / f"{stem}.txt").write_text(doc.text, encoding="utf-8", newline="")
        (folder / f"{stem}.ann").write_text(ann_for(export), encoding="utf-8", newline="")
        report.documents += 1
        report.spans += len(export.spans)
        report.events += len(export.events)
        report.leave_out("rejected proposal (brat has no place for one)", len(export.rejected))
        if progress is not None:
            progress(i, len(docs))
    report.unreviewed.outcome = (
        "are left out of the .ann files (brat has no place for a proposal; a converter to IOB would read "
        "their tokens as O)"
    )
    (folder / "annotation.conf").write_text(annotation_conf(schema), encoding="utf-8")
    report.files.append(f"{folder}/ ({len(docs)} .txt/.ann pairs and annotation.conf)")
