"""A lenient reader of ``.ann`` lines for the validator (:mod:`annotate.formats.brat_check`):
every line it cannot read is a problem to report, not an error that stops the check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_OFFSETS = re.compile(r"([0-9]+) ([0-9]+)")


@dataclass(slots=True)
class AnnLine:
    """One annotation line, its fields by kind (unused fields stay empty)."""

    line: int
    ident: str
    kind: str  # T, E, R, A (A and M), N, #, *
    type: str = ""
    fragments: list[tuple[int, int]] = field(default_factory=list)  # T
    text: str = ""  # T's covered text, N's entry name
    trigger: str = ""  # E
    args: list[tuple[str, str]] = field(default_factory=list)  # E, R: (role, id); *: ("", id)
    target: str = ""  # A, N, #
    value: str | None = None  # A


def read_ann(ann: str) -> tuple[list[AnnLine], list[tuple[int, str]]]:
    """The readable lines and (line number, problem) for the others."""
    lines: list[AnnLine] = []
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(ann.split("\n"), start=1):
        text = raw.removesuffix("\r")
        if not text.strip():
            continue
        ident, tab, rest = text.partition("\t")
        kind = ident[:1]
        if not tab or kind not in "TERAMN#*" or (kind != "*" and not ident[1:].isdigit()):
            problems.append((number, f"cannot read the line {text[:40]!r}"))
            continue
        found = _read(number, ident, "A" if kind == "M" else kind, rest)
        if isinstance(found, str):
            problems.append((number, f"{ident}: {found}"))
        else:
            lines.append(found)
    return lines, problems


def _read(number: int, ident: str, kind: str, rest: str) -> AnnLine | str:
    item = AnnLine(number, ident, kind)
    head, _, tail = rest.partition("\t")
    words = head.split()
    if kind == "T":
        item.type, _, offsets = head.partition(" ")
        item.text = tail
        for fragment in offsets.split(";"):
            match = _OFFSETS.fullmatch(fragment.strip())
            if not match:
                return f"cannot read the offsets {offsets!r}"
            item.fragments.append((int(match.group(1)), int(match.group(2))))
    elif kind == "E":
        pairs = [w.partition(":") for w in rest.split()]
        if not pairs or not all(colon for _, colon, _ in pairs):
            return "an E line is TYPE:TRIGGER ROLE:ID ..."
        item.type, item.trigger = pairs[0][0], pairs[0][2]
        item.args = [(role, target) for role, _, target in pairs[1:]]
    elif kind == "R":
        pairs = [w.partition(":") for w in words[1:]]
        if len(words) != 3 or not all(colon for _, colon, _ in pairs):
            return "an R line is TYPE ARG1:ID ARG2:ID"
        item.type, item.args = words[0], [(role, target) for role, _, target in pairs]
    elif kind == "A":
        if len(words) not in (2, 3):
            return "an A line is NAME TARGET [VALUE]"
        item.type, item.target = words[0], words[1]
        item.value = words[2] if len(words) == 3 else None
    elif kind == "N":
        if len(words) != 3 or ":" not in words[2]:
            return "an N line is TYPE TARGET RESOURCE:ID<TAB>TEXT"
        item.type, item.target, item.text = words[0], words[1], tail
    elif kind == "#":
        if not words:
            return "a note is TYPE TARGET<TAB>TEXT"
        item.type, item.target = words[0], words[-1]
    else:
        if not words:
            return "a * line is TYPE ID ID ..."
        item.type, item.args = words[0], [("", w) for w in words[1:]]
    return item
