"""The gold articles of bench/proposals_bench.py: brat ``NAME.txt`` + ``NAME.ann`` read with
Annotary's own brat reader, and the tune/test split.

A span whose label is an event type is a trigger, one labelled with the schema's mention
label (MENTION) an argument mention: neither is an entity. brat's numbered repeats of a role
(``Entity2``) are read as the role (``Entity``), as the importer does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from annotate.errors import AnnotaryError
from annotate.formats.brat_in import read_brat_document
from annotate.formats.brat_names import from_brat
from annotate.formats.parsed import ParsedDocument
from annotate.schema import Schema
from bench.scoring import Annotations, ArgumentRecord, EventRecord

SPLITS = ("tune", "test", "all")


class GoldError(Exception):
    """Gold that cannot be read: one line naming the file."""


def split_names(split_file: Path, split: str) -> list[str]:
    """The article names of ``split`` ("tune", "test", or "all": both, tune first)."""
    try:
        data = json.loads(split_file.read_text(encoding="utf-8"))
        parts = {name: [str(n) for n in data[name]] for name in ("tune", "test")}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{split_file}: cannot read the split (needs 'tune' and 'test' lists of names): {exc}") from None
    if split == "all":
        return list(dict.fromkeys(parts["tune"] + parts["test"]))  # a name in both counts once
    return parts[split]


def role_name(schema: Schema, type_name: str, role: str) -> str:
    """A brat role as the schema names it: ``Entity2`` → ``Entity`` when the type has no
    ``Entity2`` but an ``Entity``."""
    etype = schema.event_type(type_name)
    known = [r.name for r in etype.roles] if etype else []
    resolved = from_brat(role, known)
    if resolved in known:
        return resolved
    base = from_brat(re.sub(r"\d+$", "", role), known)
    return base if base in known else resolved


def annotations_of(doc: ParsedDocument, schema: Schema) -> Annotations:
    """A parsed brat document as the bench compares it."""
    types = schema.event_type_names
    mention = schema.mention_label or "MENTION"
    out = Annotations(doc.text)
    for span in doc.spans:
        label = from_brat(span.label, [*types, *(lb.name for lb in schema.entity_labels)])
        if label in types:
            continue  # a trigger: read with its event
        (out.mentions if label == mention else out.entities).append((span.start, span.end, label))
    for event in doc.events:
        type_name = from_brat(event.type, types)
        trigger = doc.spans[event.trigger]
        arguments = tuple(
            ArgumentRecord(role_name(schema, type_name, role), doc.spans[i].start, doc.spans[i].end,
                           from_brat(doc.spans[i].label, [lb.name for lb in schema.entity_labels]))
            for role, i in event.arguments
        )
        out.events.append(EventRecord(type_name, (trigger.start, trigger.end), arguments))
    return out


def read_gold(folder: Path, names: list[str], schema: Schema, skip_missing: bool = False) -> list[tuple[str, Annotations]]:
    """Each named article of ``folder`` with its gold annotations, in the order given; with
    ``skip_missing``, an article whose files are not there yet is left out."""
    found = []
    for name in names:
        txt, ann = folder / f"{name}.txt", folder / f"{name}.ann"
        if skip_missing and not (txt.is_file() and ann.is_file()):
            continue
        for path in (txt, ann):
            if not path.is_file():
                raise GoldError(f"{path}: no such gold file (named in the split)")
        try:
            doc, _warnings = read_brat_document(txt, ann)
        except AnnotaryError as exc:
            raise GoldError(str(exc)) from None
        found.append((name, annotations_of(doc, schema)))
    return found
