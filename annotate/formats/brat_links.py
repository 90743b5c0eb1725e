"""The brat lines that refer to other annotations: ``R`` relations, ``*`` equivalence sets,
``A``/``M`` attributes, ``N`` normalisations and ``#`` notes (see :mod:`annotate.formats.brat_in`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.parsed import ParsedDocument, ParsedEquivalence, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import Normalization

# The argument names brat used on each R line, in the order of ``doc.relations``: the schema
# records them (SchemaExtender.resolve takes them out of ``meta`` before anything is stored).
RELATION_ROLES = "_brat_relation_roles"
# The relation ends and equivalence members named by an ``E`` id, as ``[kind, index, position,
# event]`` (kind ``R`` with position 0 the head and 1 the child, or ``*`` with the member's
# position): their span is that event's trigger, and stays so should the event get a trigger
# span of its own (SchemaExtender.resolve takes them out of ``meta`` too).
EVENT_ENDS = "_brat_event_ends"

Line = tuple[int, str, str]


@dataclass
class Tally:
    """Things Annotary cannot hold, counted by what they are, with their lines."""

    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, what: str, line: int) -> None:
        """Count one."""
        self.lines.setdefault(what, []).append(line)

    def warnings(self, path: Path) -> list[str]:
        """One warning per kind: ``a.ann: 2 notes on attributes skipped (lines 4, 9)``."""
        out = []
        for what, lines in self.lines.items():
            shown = ", ".join(map(str, lines[:10])) + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")
            out.append(f"{path}: {len(lines)} {what} ({'line' if len(lines) == 1 else 'lines'} {shown})")
        return out


class Links:
    """The ids read so far and the lines that refer to them."""

    def __init__(self, path: Path, doc: ParsedDocument) -> None:
        self.path, self.doc = path, doc
        self.spans: dict[str, int] = {}  # T id → span index
        self.events: dict[str, int] = {}  # E id → event index
        self.relations: dict[str, int] = {}  # R id → relation index
        self.others: set[str] = set()  # A, N and # ids: a note may name one
        self.tally = Tally()
        self.roles: list[tuple[str, str]] = []
        self.event_ends: list[list[str | int]] = []

    def annotation(self, kind: str, index: int) -> ParsedSpan | ParsedEvent | ParsedRelation:
        """The span, event or relation at ``index``."""
        if kind == "T":
            return self.doc.spans[index]
        return self.doc.events[index] if kind == "E" else self.doc.relations[index]

    def fail(self, problem: str, line: int) -> ImportFailed:
        return ImportFailed(self.path, problem, line)

    def span_of(self, ident: str, line: int, what: str) -> int:
        """The span an id stands for: a T, or an E's trigger."""
        if ident in self.spans:
            return self.spans[ident]
        if ident in self.events:
            return self.doc.events[self.events[ident]].trigger
        raise self.fail(f"{what} names missing annotation {ident!r}", line)

    def read(self, by_kind: dict[str, list[Line]]) -> None:
        """Read the R, *, A/M, N and # lines (in that order: each may name what came before)."""
        for number, ident, rest in by_kind["R"]:
            self.relation(number, ident, rest)
        for number, _, rest in by_kind["*"]:
            self.equivalence(number, rest)
        self.others |= {ident for kind in "AN#*" for _, ident, _ in by_kind[kind]}
        for number, _, rest in by_kind["A"]:
            if not rest.split(" ", 1)[0].strip():  # "A1<TAB> T1 x": no name before the target
                raise self.fail("attribute name is empty (an A line needs NAME TARGET [VALUE])", number)
            self.attribute(number, rest.split())
        for number, _, rest in by_kind["N"]:
            self.norm(number, rest)
        notes: dict[tuple[str, int], list[str]] = {}
        for number, _, rest in by_kind["#"]:
            target, _, note = rest.partition("\t")
            words = target.split()
            self.note(number, words[-1] if words else "", note, notes)
        for (kind, index), lines in notes.items():
            joined = "\n".join(lines)
            self.annotation(kind, index).note = joined

    def relation(self, number: int, ident: str, rest: str) -> None:
        parts = rest.split()
        if len(parts) != 3:
            raise self.fail("an R line needs TYPE ARG1:ID ARG2:ID", number)
        ends = []
        for part in parts[1:]:
            role, colon, target = part.partition(":")
            if not colon or not role:
                raise self.fail(f"cannot read relation argument {part!r}", number)
            ends.append((role, self.span_of(target, number, f"relation argument {part!r}")))
            if target in self.events:
                self.event_ends.append(["R", len(self.doc.relations), len(ends) - 1, self.events[target]])
        self.doc.relations.append(ParsedRelation(parts[0], ends[0][1], ends[1][1]))
        self.roles.append((ends[0][0], ends[1][0]))
        self.relations[ident] = len(self.doc.relations) - 1

    def equivalence(self, number: int, rest: str) -> None:
        parts = rest.split()
        if not parts:
            raise self.fail("a * line needs TYPE ID ID ...", number)
        named: dict[int, str] = {}  # span index → the first id naming it
        for member in parts[1:]:
            named.setdefault(self.span_of(member, number, "equivalence member"), member)
        if len(named) < 2:
            self.tally.add("equivalence sets with fewer than two members skipped", number)
            return
        for position, member in enumerate(named.values()):
            if member in self.events:
                self.event_ends.append(["*", len(self.doc.equivalences), position, self.events[member]])
        self.doc.equivalences.append(ParsedEquivalence(parts[0], tuple(named)))

    def _owner(self, target: str, number: int, what: str) -> tuple[str, int]:
        for kind, ids in (("T", self.spans), ("E", self.events), ("R", self.relations)):
            if target in ids:
                return kind, ids[target]
        if target in self.others:
            raise self.fail(f"{what} is on {target!r}; brat puts it on a T, E or R annotation", number)
        raise self.fail(f"{what} target {target!r} is not an annotation of this file", number)

    def attribute(self, number: int, parts: list[str]) -> None:
        if len(parts) not in (2, 3):
            raise self.fail("an A line needs NAME TARGET [VALUE]", number)
        name, target = parts[0], parts[1]
        value = parts[2] if len(parts) == 3 else "true"  # a binary attribute: present
        kind, index = self._owner(target, number, "attribute")
        owner = self.annotation(kind, index)
        if name in owner.attributes and owner.attributes[name] != value:
            self.tally.add("attributes set twice on one annotation (the later value kept)", number)
        owner.attributes[name] = value

    def norm(self, number: int, rest: str) -> None:
        head, _, text = rest.partition("\t")
        parts = head.split()
        resource, colon, reference = parts[2].partition(":") if len(parts) == 3 else ("", "", "")
        if not colon or not resource:
            raise self.fail("an N line needs TYPE TARGET RESOURCE:ID<TAB>TEXT", number)
        kind, index = self._owner(parts[1], number, "normalisation")
        norm = Normalization(resource, reference, text, parts[0])
        if kind == "T":
            self.doc.spans[index].norms.append(norm)
        elif kind == "E":
            self.doc.events[index].norms.append(norm)
        else:
            self.tally.add("normalisations on relations skipped (Annotary keeps them on spans and events)", number)

    def note(self, number: int, target: str, note: str, notes: dict[tuple[str, int], list[str]]) -> None:
        for kind, ids in (("T", self.spans), ("E", self.events), ("R", self.relations)):
            if target in ids:
                notes.setdefault((kind, ids[target]), []).append(note)
                return
        if target in self.others:
            self.tally.add("notes on attributes, normalisations or notes skipped (Annotary keeps notes on "
                           "spans, events and relations)", number)
            return
        raise self.fail(f"note refers to missing annotation {target!r}", number)

    def finish(self) -> list[str]:
        """Warnings; the relations' argument names and the ends named by ``E`` ids go into the
        document's ``meta``."""
        if self.roles:
            self.doc.meta[RELATION_ROLES] = list(self.roles)
        if self.event_ends:
            self.doc.meta[EVENT_ENDS] = self.event_ends
        return self.tally.warnings(self.path)
