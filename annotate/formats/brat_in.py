"""brat standoff input: ``DOC.txt`` + ``DOC.ann``, everything brat carries.

- ``T`` spans; several fragments (``0 5;10 15``) make one discontinuous span. Fragments whose
  gaps hold nothing but line breaks (``\\n``, ``\\r\\n``, ``\\r``) are joined into one contiguous
  span: that is how Annotary (and brat's own editor) writes a span crossing a line break, since
  a covered text cannot hold one.
  Fragments out of text order are read in text order; overlapping, repeated or touching ones
  become their union (what brat draws), counted in a warning: a span's fragments are in order
  and apart everywhere else in Annotary.
- ``E`` events; an argument may be another event (``Theme:E2``, forward references allowed): its
  span is that event's trigger. Events that are arguments of each other in a cycle are refused.
  A T that is the trigger of an event of another type than its label and something else too (an
  entity, an argument, a relation end, ...) stays what it is; the event gets a trigger span of
  its own at the same offsets (see SchemaExtender.resolve).
- ``R`` relations (first argument the head, second the child; brat's argument names are kept
  for the schema), ``*`` equivalence sets (an event member counts as its trigger).
- ``A``/``M`` attributes and ``N`` normalisations on spans, events (and attributes on
  relations), ``#`` notes on ``T``/``E``/``R`` (several on one annotation become lines of one).
  What Annotary cannot hold (a normalisation on a relation, a note on an attribute) is counted
  in a warning naming the file and lines.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.brat_links import Links
from annotate.formats.parsed import ParsedDocument, ParsedEvent, ParsedSpan
from annotate.formats.reading import read_input_text
from annotate.text import title_of

_ID = re.compile(r"^([TERAMN#*])(\d*)$")
_KNOWN = "TERAMN#*"
_OFFSETS = re.compile(r"([0-9]+)[ \t]+([0-9]+)")
_LINE_BREAKS = re.compile(r"(?:\r\n|\r|\n)*")

Line = tuple[int, str, str]  # line number, id, what follows the id's tab


def read_brat_document(txt_path: Path, ann_path: Path) -> tuple[ParsedDocument, list[str]]:
    """Read one brat document. Returns it and warnings about what Annotary cannot hold."""
    decoded = read_input_text(txt_path)
    text = decoded.text
    if not text.strip():
        raise ImportFailed(txt_path, "is empty (no text to annotate)")
    ann = read_input_text(ann_path).text
    doc = ParsedDocument(text=text, title=title_of(text, txt_path.stem), source=str(txt_path))
    by_kind = _lines(ann_path, ann)
    links = Links(ann_path, doc)
    # brat reads UTF-8 and counts a BOM as a character; we dropped it. A UTF-16/32 BOM is not
    # part of the decoded text, and the offsets count code points of that text.
    for number, ident, rest in by_kind["T"]:
        links.spans[ident] = _text_bound(ann_path, number, rest, doc, decoded.bom_shift, links)
    _events(ann_path, by_kind["E"], doc, links)
    links.read(by_kind)
    return doc, links.finish()


def _lines(path: Path, ann: str) -> dict[str, list[Line]]:
    """The .ann's lines by kind (``A`` and ``M`` together), ids checked unique."""
    by_kind: dict[str, list[Line]] = {k: [] for k in "TERAN#*"}
    seen: set[str] = set()
    # brat ends lines at a line feed only; covered text may hold U+2028, U+0085 or a form feed.
    for number, raw in enumerate(ann.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        ident, tab, rest = line.partition("\t")
        if not tab:
            raise ImportFailed(path, "expected ID<TAB>annotation", number)
        match = _ID.match(ident)
        if not match:
            kind = ident[:1] or "?"
            raise ImportFailed(path, f"unknown annotation type {kind!r} in id {ident!r} (known: {_KNOWN})", number)
        if ident != "*":
            if ident in seen:
                raise ImportFailed(path, f"duplicate id {ident}", number)
            seen.add(ident)
        kind = "A" if match.group(1) == "M" else match.group(1)
        by_kind[kind].append((number, ident, rest))
    return by_kind


def _text_bound(path: Path, number: int, rest: str, doc: ParsedDocument, shift: int, links: Links) -> int:
    head, tab, covered = rest.partition("\t")
    label, _, offsets = head.partition(" ")
    if not tab or not label or not offsets:
        raise ImportFailed(path, "a T line needs TYPE START END<TAB>TEXT", number)
    if not label.strip():  # a no-break space: no name a schema can hold
        raise ImportFailed(path, f"span label {label!r} is only white space", number)
    fragments: list[tuple[int, int]] = []
    for fragment in offsets.split(";"):
        # Whole numbers in ASCII digits: int() would also take "+3", "1_0" or Arabic-Indic
        # digits, and a float such as "19.0" is no brat offset.
        match = _OFFSETS.fullmatch(fragment.strip())
        if not match:
            raise ImportFailed(path, f"offsets {fragment.strip()!r} must be two whole numbers START END", number)
        start, end = int(match.group(1)) - shift, int(match.group(2)) - shift
        shown = f"{start + shift}-{end + shift}"
        if end <= start:
            raise ImportFailed(path, f"offsets {shown} are empty or reversed (end must be after start)", number)
        if start < 0:
            raise ImportFailed(path, f"offsets {shown} start before the text (offset 0 is the BOM)", number)
        if end > len(doc.text):
            raise ImportFailed(path, f"offsets {shown} are past the end of the text (text length {len(doc.text)})", number)
        fragments.append((start, end))
    found = " ".join(doc.text[s:e] for s, e in fragments)
    if found != covered:
        raise ImportFailed(path, f"span text {covered!r} differs from the .txt at those offsets ({found!r})", number)
    if fragments != sorted(fragments):
        links.tally.add("discontinuous spans with fragments out of text order, read in text order", number)
        fragments.sort()
    pieces, merged = _join(doc.text, fragments)
    if merged:
        links.tally.add("spans with overlapping, repeated or touching fragments, read as their union "
                        "(the characters brat draws)", number)
    start, end = pieces[0][0], pieces[-1][1]
    doc.spans.append(ParsedSpan(start, end, label, fragments=tuple(pieces) if len(pieces) > 1 else ()))
    return len(doc.spans) - 1


def _join(text: str, fragments: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], bool]:
    """Fragments (in text order) joined where they overlap, repeat or touch (into their union:
    the characters brat draws), and where nothing but line breaks is between them; and whether
    any overlapped, repeated or touched."""
    out = [fragments[0]]
    merged = False
    for start, end in fragments[1:]:
        last_start, last_end = out[-1]
        if start <= last_end:
            merged = True
            out[-1] = (last_start, max(end, last_end))
        elif _LINE_BREAKS.fullmatch(text[last_end:start]):
            out[-1] = (last_start, end)
        else:
            out.append((start, end))
    return out, merged


def _events(path: Path, lines: list[Line], doc: ParsedDocument, links: Links) -> None:
    """Read the E lines: every event first (arguments may name later ones), then arguments."""
    pairs_of: dict[str, tuple[int, list[str]]] = {}
    for number, ident, rest in lines:
        pairs = rest.split()
        if not pairs:
            raise ImportFailed(path, "an E line needs TYPE:TRIGGER", number)
        etype, _, trigger = pairs[0].partition(":")
        if not etype.strip():  # "E2<TAB>:T3", or only a no-break space before the colon
            raise ImportFailed(path, f"event type is empty in {pairs[0]!r} (an E line needs TYPE:TRIGGER)", number)
        if trigger not in links.spans:
            raise ImportFailed(path, f"event trigger {trigger!r} is not a T annotation of this file", number)
        doc.events.append(ParsedEvent(etype, links.spans[trigger]))
        links.events[ident] = len(doc.events) - 1
        pairs_of[ident] = (number, pairs[1:])
    for ident, (number, pairs) in pairs_of.items():
        event = doc.events[links.events[ident]]
        for pair in pairs:
            role, colon, target = pair.partition(":")
            if not colon or not role:
                raise ImportFailed(path, f"cannot read event argument {pair!r}", number)
            if target in links.events:
                event.argument_events[len(event.arguments)] = links.events[target]
                event.arguments.append((role, doc.events[links.events[target]].trigger))
            elif target in links.spans:
                event.arguments.append((role, links.spans[target]))
            else:
                raise ImportFailed(path, f"event argument {pair!r} names missing annotation {target!r}", number)
    _refuse_cycles(path, pairs_of, links.events, doc)


def _refuse_cycles(path: Path, lines: dict[str, tuple[int, list[str]]], ids: dict[str, int],
                   doc: ParsedDocument) -> None:
    """Events that are arguments of each other in a cycle: no event structure holds them."""
    names = {index: ident for ident, index in ids.items()}
    state: dict[int, int] = {}  # 1 visiting, 2 done

    def visit(i: int, chain: tuple[int, ...]) -> None:
        if state.get(i) == 2:
            return
        if state.get(i) == 1:
            cycle = chain[chain.index(i):] + (i,)
            shown = " → ".join(names[j] for j in cycle)
            raise ImportFailed(path, f"events are arguments of each other in a cycle ({shown})", lines[names[i]][0])
        state[i] = 1
        for target in doc.events[i].argument_events.values():
            visit(target, (*chain, i))
        state[i] = 2

    for i in range(len(doc.events)):
        visit(i, ())
