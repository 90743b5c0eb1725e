"""brat standoff input: ``DOC.txt`` + ``DOC.ann``.

T spans, E events (roles may repeat; brat numbers repeats ``Entity2``), A/M attributes on
events, ``#`` AnnotatorNotes. R relations, N normalisations and ``*`` equivalences have no
place in Annotary's model: they are skipped and reported, never silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument, ParsedEvent, ParsedSpan
from annotate.formats.reading import read_input_text
from annotate.text import title_of

_ID = re.compile(r"^([TERAMN#*])(\d*)$")
_KNOWN = "TERAMN#*"
_OFFSETS = re.compile(r"([0-9]+)[ \t]+([0-9]+)")


@dataclass
class _Pending:
    """Events and attributes wait until every T of the file is known (brat allows forward ids)."""

    events: list[tuple[int, str, str]] = field(default_factory=list)
    attributes: list[tuple[int, str, list[str]]] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)


def read_brat_document(txt_path: Path, ann_path: Path) -> tuple[ParsedDocument, list[str]]:
    """Read one brat document. Returns it and warnings about skipped annotations."""
    decoded = read_input_text(txt_path)
    text = decoded.text
    if not text.strip():
        raise ImportFailed(txt_path, "is empty (no text to annotate)")
    ann = read_input_text(ann_path).text
    # brat reads UTF-8 and counts a BOM as a character; we dropped it. A UTF-16/32 BOM is not
    # part of the decoded text, and the offsets count code points of that text.
    shift = decoded.bom_shift
    doc = ParsedDocument(text=text, title=title_of(text, txt_path.stem), source=str(txt_path))
    spans: dict[str, int] = {}
    events: dict[str, int] = {}
    seen: set[str] = set()
    pending = _Pending()
    skipped: dict[str, int] = {}
    warnings: list[str] = []

    # brat ends lines at a line feed only; covered text may hold U+2028, U+0085 or a form feed.
    for number, raw in enumerate(ann.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        ident, tab, rest = line.partition("\t")
        if not tab:
            raise ImportFailed(ann_path, "expected ID<TAB>annotation", number)
        match = _ID.match(ident)
        if not match:
            kind = ident[:1] or "?"
            raise ImportFailed(
                ann_path, f"unknown annotation type {kind!r} in id {ident!r} (known: {_KNOWN})", number
            )
        if ident != "*":
            if ident in seen:
                raise ImportFailed(ann_path, f"duplicate id {ident}", number)
            seen.add(ident)
        kind = match.group(1)
        if kind == "T":
            spans[ident] = _text_bound(ann_path, number, rest, doc, shift, warnings)
        elif kind == "E":
            pending.events.append((number, ident, rest))
        elif kind in "AM":
            pending.attributes.append((number, ident, rest.split()))
        elif kind == "#":
            target, _, note = rest.partition("\t")
            pending.notes.append((number, target.split()[-1] if target.split() else "", note))
        else:
            skipped[kind] = skipped.get(kind, 0) + 1

    for number, ident, rest in pending.events:
        events[ident] = _event(ann_path, number, rest, doc, spans, warnings)
    for number, ident, parts in pending.attributes:
        _attribute(ann_path, number, parts, doc, spans, events, warnings)
    for number, target, note in pending.notes:
        if target in spans:
            doc.spans[spans[target]].note = note
        elif target in events:
            doc.events[events[target]].note = note
        else:
            raise ImportFailed(ann_path, f"note refers to missing annotation {target!r}", number)

    names = {"R": "relations", "N": "normalisations", "*": "equivalences"}
    for kind, count in sorted(skipped.items()):
        warnings.append(f"{ann_path}: {count} {names[kind]} skipped (not part of Annotary's model)")
    return doc, warnings


def _text_bound(
    path: Path, number: int, rest: str, doc: ParsedDocument, shift: int, warnings: list[str]
) -> int:
    head, tab, covered = rest.partition("\t")
    label, _, offsets = head.partition(" ")
    if not tab or not label or not offsets:
        raise ImportFailed(path, "a T line needs TYPE START END<TAB>TEXT", number)
    fragments: list[tuple[int, int]] = []
    for fragment in offsets.split(";"):
        # Whole numbers in ASCII digits: int() would also take "+3", "1_0" or Arabic-Indic
        # digits, and a float such as "19.0" is no brat offset.
        match = _OFFSETS.fullmatch(fragment.strip())
        if not match:
            raise ImportFailed(
                path, f"offsets {fragment.strip()!r} must be two whole numbers START END", number
            )
        start, end = int(match.group(1)) - shift, int(match.group(2)) - shift
        shown = f"{start + shift}-{end + shift}"
        if end <= start:
            raise ImportFailed(path, f"offsets {shown} are empty or reversed (end must be after start)", number)
        if start < 0:
            raise ImportFailed(path, f"offsets {shown} start before the text (offset 0 is the BOM)", number)
        if end > len(doc.text):
            raise ImportFailed(
                path, f"offsets {shown} are past the end of the text (text length {len(doc.text)})", number
            )
        fragments.append((start, end))
    found = " ".join(doc.text[s:e] for s, e in fragments)
    if found != covered:
        raise ImportFailed(
            path, f"span text {covered!r} differs from the .txt at those offsets ({found!r})", number
        )
    if len(fragments) > 1:
        warnings.append(
            f"{path}, line {number}: discontinuous span imported as {len(fragments)} separate spans"
        )
    first = len(doc.spans)
    for start, end in fragments:
        doc.spans.append(ParsedSpan(start, end, label))
    return first


def _event(
    path: Path,
    number: int,
    rest: str,
    doc: ParsedDocument,
    spans: dict[str, int],
    warnings: list[str],
) -> int:
    pairs = rest.split()
    if not pairs:
        raise ImportFailed(path, "an E line needs TYPE:TRIGGER", number)
    etype, _, trigger = pairs[0].partition(":")
    if trigger not in spans:
        raise ImportFailed(path, f"event trigger {trigger!r} is not a T annotation of this file", number)
    event = ParsedEvent(etype, spans[trigger])
    for pair in pairs[1:]:
        role, colon, target = pair.partition(":")
        if not colon or not role:
            raise ImportFailed(path, f"cannot read event argument {pair!r}", number)
        if target.startswith("E"):
            warnings.append(f"{path}, line {number}: argument {pair} points at an event; skipped")
            continue
        if target not in spans:
            raise ImportFailed(path, f"event argument {pair!r} names missing annotation {target!r}", number)
        event.arguments.append((role, spans[target]))
    doc.events.append(event)
    return len(doc.events) - 1


def _attribute(
    path: Path,
    number: int,
    parts: list[str],
    doc: ParsedDocument,
    spans: dict[str, int],
    events: dict[str, int],
    warnings: list[str],
) -> None:
    if len(parts) not in (2, 3):
        raise ImportFailed(path, "an A line needs NAME TARGET [VALUE]", number)
    name, target = parts[0], parts[1]
    value = parts[2] if len(parts) == 3 else "true"
    if target in events:
        doc.events[events[target]].attributes[name] = value
    elif target in spans:
        warnings.append(f"{path}, line {number}: attribute {name} on span {target} skipped "
                        "(Annotary keeps attributes on events)")
    else:
        raise ImportFailed(path, f"attribute target {target!r} is not an annotation of this file", number)
