"""Checking a brat document against its ``annotation.conf`` the way brat's
``server/src/verify_annotations.py`` does, for the checks that matter to an exchange of files:

covered text equal to the ``.txt`` at the offsets; ids unique and every reference resolving;
every type declared; event roles declared, their argument types allowed and their counts
(``?``, ``*``, ``+``, ``{n}``, ``{n-m}``) kept; relation arguments named and typed as declared
(either order, as brat tries); equivalence members of types an equivalence type may join;
attributes declared, on allowed targets, with allowed values; entity spans overlapping only
where ``<OVERLAP>``/``ENTITY-NESTING`` allow; every trigger used by an event.

Problems are returned, never raised: ``line 3: E1: Conflict-Attack cannot take a Weapon argument``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotate.formats.brat_ann import AnnLine, read_ann
from annotate.formats.brat_conf_parse import NESTING, OVERLAP, BratConf, ConfType, parse_conf
from annotate.schema import Schema


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: where (line, id), what kind (stable, for comparing files) and a message."""

    line: int
    ident: str
    kind: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.ident}: {self.message}" if self.ident else f"line {self.line}: {self.message}"


def check_document(txt: str, ann: str, conf: str | BratConf | Schema) -> list[str]:
    """The problems of one document (its ``.txt`` and ``.ann`` texts) under a configuration:
    annotation.conf text, a parsed one, or a schema (as Annotary would write it)."""
    return [str(issue) for issue in find_issues(txt, ann, conf)]


def find_issues(txt: str, ann: str, conf: str | BratConf | Schema) -> list[Issue]:
    """:func:`check_document` as :class:`Issue` records."""
    if isinstance(conf, Schema):
        from annotate.exports.brat_conf_out import annotation_conf

        conf = annotation_conf(conf)
    return _Checker(parse_conf(conf) if isinstance(conf, str) else conf).run(txt, ann)


def matches(types: Iterable[str], atype: str, conf: BratConf) -> bool:
    """Whether an argument allowing ``types`` takes an annotation of type ``atype`` (brat's rule)."""
    return any(t == atype or t == "<ANY>" or (t == "<ENTITY>" and atype in conf.entity_names())
               or (t == "<EVENT>" and atype in conf.event_names()) for t in types)


def overlap_types(conf: BratConf, inner: str, outer: str) -> set[str]:
    """What ``<OVERLAP>`` lines allow between these types (``ENTITY-NESTING``: ``contain``)."""
    rules = [r for r in conf.relations if r.name in (OVERLAP, NESTING) and len(r.args) == 2
             and matches(r.args[0].types, inner, conf) and matches(r.args[1].types, outer, conf)]
    found = [r for r in rules if r.name == OVERLAP]
    if found:  # the new form wins over the old, as in brat
        return {v for r in found for value in r.special.get("<OVL-TYPE>", []) for v in value.split("|")}
    return {"contain"} if rules else set()


def overlap_allowed(conf: BratConf, kind: str, first: str, second: str) -> bool:
    """Whether spans of these types may overlap so (``equal``, ``cross``, or ``contain`` with
    ``first`` inside ``second``)."""
    there, back = overlap_types(conf, first, second), overlap_types(conf, second, first)
    if kind == "contain":
        return bool({"contain", "<ANY>"} & there) or "<ANY>" in back
    return bool({kind, "<ANY>"} & (there | back))


def overlaps(spans: list[tuple[str, str, int, int, tuple]]) -> Iterator[tuple[str, int, int]]:
    """(kind, i, j) for each overlapping pair of ``(id, type, first start, last end, pieces)``;
    for ``contain`` span ``i`` is inside ``j``."""
    order = sorted(range(len(spans)), key=lambda k: (spans[k][2], -spans[k][3]))
    for a, i in enumerate(order):
        for j in order[a + 1:]:
            if spans[j][2] >= spans[i][3]:
                break
            (_, _, s1, e1, p1), (_, _, s2, e2, p2) = spans[i], spans[j]
            if p1 == p2:
                yield "equal", i, j
            elif s1 <= s2 and e2 <= e1:
                yield "contain", j, i
            else:
                yield "cross", i, j


class _Checker:
    def __init__(self, conf: BratConf) -> None:
        self.conf = conf
        self.entities, self.events = conf.entity_names(), conf.event_names()
        self.issues: list[Issue] = []

    def add(self, item: AnnLine, kind: str, message: str) -> None:
        self.issues.append(Issue(item.line, item.ident, kind, message))

    def run(self, txt: str, ann: str) -> list[Issue]:
        lines, problems = read_ann(ann)
        self.issues += [Issue(number, "", "syntax", problem) for number, problem in problems]
        seen: set[str] = set()
        for item in lines:
            if item.kind != "*" and item.ident in seen:
                self.add(item, "duplicate_id", f"the id {item.ident} is used twice")
            seen.add(item.ident)
        self.by_id = {item.ident: item for item in lines if item.kind != "*"}
        for item in lines:
            getattr(self, f"check_{'note' if item.kind == '#' else 'equiv' if item.kind == '*' else item.kind}")(item, txt)
        self.check_overlaps([item for item in lines if item.kind == "T" and item.type in self.entities])
        used = {item.trigger for item in lines if item.kind == "E"}
        for item in lines:
            if item.kind == "T" and item.type in self.events and item.ident not in used:
                self.add(item, "unused_trigger", f"trigger {item.ident} is not referenced from any event")
        return sorted(self.issues, key=lambda i: i.line)

    def type_of(self, item: AnnLine, ident: str, kinds: str, what: str) -> str | None:
        target = self.by_id.get(ident)
        if target is None or target.kind not in kinds:
            self.add(item, "reference", f"{what} {ident or '(none)'} is not a {'/'.join(kinds)} annotation of this file")
            return None
        return target.type

    def check_T(self, item: AnnLine, txt: str) -> None:
        if any(not 0 <= s < e <= len(txt) for s, e in item.fragments):
            self.add(item, "offsets", f"offsets {item.fragments} are outside the text or empty")
            return
        found = " ".join(txt[s:e] for s, e in item.fragments)
        if found != item.text:
            self.add(item, "covered_text", f"text {item.text!r} differs from the .txt at its offsets ({found!r})")
        if item.type not in self.entities | self.events:
            self.add(item, "unknown_type", f"{item.type} is not a known textbound type")

    def check_E(self, item: AnnLine, txt: str) -> None:
        self.type_of(item, item.trigger, "T", "trigger")
        node = self.conf.event(item.type)
        if node is None:
            self.add(item, "unknown_type", f"{item.type} is not a known event type")
            return
        counts: Counter[str] = Counter()
        for role, ident in item.args:
            base = re.sub(r"\d*$", "", role)  # brat numbers repeats: Theme2
            counts[base] += 1
            arg = node.arg(base)
            atype = self.type_of(item, ident, "TE", f"argument {role}")
            if arg is None:
                self.add(item, "role_not_allowed", f"{item.type} cannot take a {base} argument")
            elif atype is not None and not matches(arg.types, atype, self.conf):
                self.add(item, "argument_type", f"{item.type} argument {base} cannot be of type {atype}")
        for arg in node.args:
            if counts[arg.name] < arg.minimum:
                self.add(item, "missing_argument", f"{item.type} needs at least {arg.minimum} {arg.name} argument(s)")
            elif counts[arg.name] > arg.maximum:
                self.add(item, "too_many_arguments", f"{item.type} takes at most {arg.maximum} {arg.name} argument(s)")

    def check_R(self, item: AnnLine, txt: str) -> None:
        types = [self.type_of(item, ident, "TE", f"argument {role}") for role, ident in item.args]
        nodes = [r for r in self.conf.relation_types() if r.name == item.type and not r.unused]
        if not nodes:
            self.add(item, "unknown_type", f"{item.type} is not a known relation type")
            return
        if None in types:
            return
        ends = list(zip([role for role, _ in item.args], types, strict=True))
        if not any(self._relation_fits(node, ends) or self._relation_fits(node, ends[::-1]) for node in nodes):
            shown = " ".join(f"{role}:{t}" for role, t in ends)
            self.add(item, "relation_not_allowed", f"{item.type} relation {shown} is not allowed")

    def _relation_fits(self, node: ConfType, ends: list[tuple[str, str | None]]) -> bool:
        return len(node.args) == 2 and all(
            arg.name == role and atype is not None and matches(arg.types, atype, self.conf)
            for arg, (role, atype) in zip(node.args, ends, strict=True))

    def check_equiv(self, item: AnnLine, txt: str) -> None:
        types = {t for _, ident in item.args if (t := self.type_of(item, ident, "TE", "member")) is not None}
        equivs = [r for r in self.conf.relation_types() if len(r.args) == 2 and _is_equiv(r)]
        for first in sorted(types):
            for second in sorted(types):
                if first <= second and not any(matches(r.args[0].types, first, self.conf) and
                                               matches(r.args[1].types, second, self.conf) for r in equivs):
                    self.add(item, "equiv_not_allowed", f"equivalence {item.type} not allowed between {first} and {second}")

    def check_A(self, item: AnnLine, txt: str) -> None:
        owner = self.type_of(item, item.target, "TER", "attribute target")
        node = self.conf.attribute(item.type)
        if node is None:
            self.add(item, "unknown_attribute", f"{item.type} is not a known attribute")
            return
        target = node.arg("Arg")
        if owner is not None and not (target and self._carries(target.types, owner)):
            self.add(item, "attribute_target", f"{owner} cannot take a {item.type} attribute")
        value = node.arg("Value")
        if value is None and item.value is not None:
            self.add(item, "attribute_value", f"{item.type} is binary and takes no value ({item.value})")
        elif value is not None and item.value not in value.types:
            self.add(item, "attribute_value", f"{item.type} cannot be {item.value or '(no value)'}")

    def _carries(self, types: tuple[str, ...], owner: str) -> bool:
        relations = {r.name for r in self.conf.relation_types()}
        return (owner in types or "<ANY>" in types or (owner in self.events and "<EVENT>" in types)
                or (owner in self.entities and "<ENTITY>" in types) or (owner in relations and "<RELATION>" in types))

    def check_N(self, item: AnnLine, txt: str) -> None:
        self.type_of(item, item.target, "TER", "normalisation target")

    def check_note(self, item: AnnLine, txt: str) -> None:
        self.type_of(item, item.target, "TERAN#", "note target")

    def check_overlaps(self, spans: list[AnnLine]) -> None:
        rows = [(s.ident, s.type, min(a for a, _ in s.fragments), max(b for _, b in s.fragments), tuple(sorted(s.fragments)))
                for s in spans if s.fragments]
        for kind, i, j in overlaps(rows):
            if not overlap_allowed(self.conf, kind, rows[i][1], rows[j][1]):
                item = spans[i]
                self.add(item, "overlap", f"{rows[i][1]} {rows[i][0]} and {rows[j][1]} {rows[j][0]} overlap ({kind}), "
                                          "which no <OVERLAP> line allows")


def _is_equiv(node: ConfType) -> bool:
    kinds = node.special.get("<REL-TYPE>", ["symmetric", "transitive"] if node.name == "Equiv" else [])
    return "symmetric" in kinds and "transitive" in kinds
