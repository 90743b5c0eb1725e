"""Reading a brat ``annotation.conf`` as an Annotary schema (names stay brat spellings).

The file is parsed as brat parses it (see :mod:`annotate.formats.brat_conf_parse`); this module
says what each declaration becomes:

- ``[entities]``: entity labels (a ``!`` grouping node is no label; the hierarchy is flattened).
- ``[events]``: event types; roles with their cardinality and allowed labels. ``<ENTITY>`` (alone
  or with entity names) means any label, as an empty ``Role.labels`` does; ``<EVENT>`` and
  ``<ANY>`` are spelled out as the names they stand for, so a role taking events keeps them.
  ``{1}`` is ``1``, ``{0-1}`` ``?``, ``{0-m}`` ``*``, other counts ``+``, with a warning when
  that widens what brat allowed (Annotary has only ``1 ? * +``).
- ``[relations]``: relation types (first argument the head, second the child, their names
  kept; ``<REL-TYPE>:symmetric-transitive`` and friends; ``Equiv`` without one is symmetric and
  transitive, as brat reads it). ``<OVERLAP>`` and ``ENTITY-NESTING`` lines are kept word for
  word in ``span_rules``.
- ``[attributes]``: values (none listed: a binary attribute, value ``true``) and ``Arg:`` targets.
- ``# annotary-mention: NAME`` (the comment Annotary's export writes): the entity type NAME is
  the schema's mention label (grey, as in the built-in schemas). Every role takes it without
  listing it, so it is taken out of a role's labels where the role lists others too (the export
  lists it in each such role, for brat's own checks); a role that lists it alone keeps it.
- ``# annotary-roles: ...`` (written by Annotary's export when a role's name ends in a digit):
  such a role is written with ``_`` after its digit (``AssocActor1_*``, which brat accepts and
  numbers ``AssocActor1_2``), and read without it (``AssocActor1``). Without the comment the
  names are kept as written.
"""

from __future__ import annotations

import re
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.brat_conf_parse import MANY, BratConf, ConfArg, ConfType, parse_conf
from annotate.formats.reading import read_input_text
from annotate.schema import (
    ON_ENTITIES,
    ON_EVENTS,
    ON_RELATIONS,
    MENTION_COLOUR,
    PALETTE,
    AttributeDef,
    EntityLabel,
    EventType,
    RelationType,
    Role,
    Schema,
)

_BUILT_IN = {"<ENTITY>", "<EVENT>", "<ANY>"}
_DIGIT_ROLE = re.compile(r".*\d_")


def read_annotation_conf(path: Path) -> Schema:
    """Parse ``annotation.conf`` into a schema fragment (see :func:`read_annotation_conf_with_warnings`)."""
    return read_annotation_conf_with_warnings(path)[0]


def read_annotation_conf_with_warnings(path: Path) -> tuple[Schema, list[str]]:
    """Parse ``annotation.conf`` into a schema fragment and warnings about what it could not
    carry exactly (one line each, naming the file and line)."""
    return conf_schema(parse_conf(read_input_text(path).text, path), path)


def conf_schema(conf: BratConf, path: Path | str = "annotation.conf") -> tuple[Schema, list[str]]:
    """The schema a parsed annotation.conf declares, and warnings."""
    warnings: list[str] = []
    labels: list[EntityLabel] = []
    for node in conf.entities:
        if not node.unused and all(lb.name != node.name for lb in labels):
            mention = node.name == conf.mention
            colour = MENTION_COLOUR if mention else PALETTE[len(labels) % len(PALETTE)]
            labels.append(EntityLabel(node.name, colour, mention=mention))
    label_names = [lb.name for lb in labels]
    if conf.mention is not None and conf.mention not in label_names:
        warnings.append(f"{path}: the annotary-mention comment names {conf.mention}, which [entities] does not "
                        "declare; no label is the mention label")
    events = [n for n in conf.events if not n.unused]
    event_names = list(dict.fromkeys(n.name for n in events))
    mention_label = conf.mention if conf.mention in label_names else None
    reader = _Reader(path, label_names, event_names, warnings, mention_label, conf.digit_roles)

    event_types: list[EventType] = []
    for node in events:
        if any(et.name == node.name for et in event_types):
            continue
        colour = PALETTE[(len(labels) + len(event_types)) % len(PALETTE)]
        event_types.append(EventType(node.name, colour, [reader.role(node, arg) for arg in node.args]))

    relation_types: list[RelationType] = []
    span_rules: list[str] = []
    for node in conf.relations:
        if node.name in ("<OVERLAP>", "ENTITY-NESTING"):
            span_rules.append(node.text)
        elif not node.unused:
            reader.relation(node, relation_types, len(labels) + len(event_types))

    attributes = [reader.attribute(node) for node in conf.attributes if not node.unused]
    schema = Schema(name="brat", entity_labels=labels, event_types=event_types, attributes=attributes,
                    relation_types=relation_types, span_rules=span_rules)
    return schema, warnings


class _Reader:
    """Turns argument lists into roles, relation ends and attribute targets."""

    def __init__(self, path: Path | str, labels: list[str], events: list[str], warnings: list[str],
                 mention: str | None = None, digit_roles: bool = False) -> None:
        self.path, self.labels, self.events, self.warnings = path, labels, events, warnings
        self.mention = mention
        self.digit_roles = digit_roles  # roles in Annotary's spelling: "Actor1_" is Actor1

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.path}, line {line}: {message}")

    def allowed(self, node: ConfType, arg: ConfArg) -> tuple[str, ...]:
        """The labels an argument allows; empty for any entity label (see the module docstring)."""
        types = arg.types
        if "<ENTITY>" in types and not any(t == "<EVENT>" or t == "<ANY>" or t in self.events for t in types):
            return ()
        out: list[str] = []
        for t in types:
            if t == "<ANY>":
                out += self.labels + self.events
            elif t == "<ENTITY>":
                out += self.labels
            elif t == "<EVENT>":
                out += self.events
            elif t in self.labels or t in self.events:
                out.append(t)
            else:
                self.warn(node.line, f"{node.name}: {arg.name} allows {t}, which the file declares as nothing "
                                     "one can annotate; left out")
        return tuple(dict.fromkeys(out))

    def role(self, node: ConfType, arg: ConfArg) -> Role:
        """An event type's role."""
        card = _cardinality(arg.minimum, arg.maximum)
        if (arg.minimum, arg.maximum) not in ((1, 1), (0, 1), (0, MANY), (1, MANY)):
            written = arg.spec.split(":", 1)[0]
            self.warn(node.line, f"role {node.name}/{written} read as {arg.name}{card if card != '1' else ''} "
                                 "(Annotary counts arguments as 1, ?, * or +)")
        allowed = self.allowed(node, arg)
        if self.mention in allowed and len(allowed) > 1:  # every role takes it unlisted
            allowed = tuple(t for t in allowed if t != self.mention)
        return Role(self.role_name(node, arg.name), card, allowed)

    def role_name(self, node: ConfType, written: str) -> str:
        """A role's name: Annotary's spelling of one ending in a digit (``Actor1_``) undone
        when the conf says it is written so, and no other role of the type is called that."""
        name = written[:-1] if self.digit_roles and _DIGIT_ROLE.fullmatch(written) else written
        return name if name == written or node.arg(name) is None else written

    def relation(self, node: ConfType, types: list[RelationType], used: int) -> None:
        """Add the relation type of a [relations] line (one type may have several lines)."""
        if len(node.args) != 2:
            self.warn(node.line, f"relation type {node.name} has {len(node.args)} arguments, not two; left out")
            return
        head, child = node.args
        kinds = node.special.get("<REL-TYPE>", ["symmetric", "transitive"] if node.name == "Equiv" else [])
        unknown = [k for k in kinds if k not in ("symmetric", "transitive")]
        if unknown:
            self.warn(node.line, f"relation type {node.name}: <REL-TYPE> {'-'.join(unknown)} is not symmetric "
                                 "or transitive; left out")
        heads, children = self.allowed(node, head), self.allowed(node, child)
        known = next((rt for rt in types if rt.name == node.name), None)
        if known is None:
            types.append(RelationType(node.name, PALETTE[(used + len(types)) % len(PALETTE)], heads, children,
                                      head.name, child.name, "symmetric" in kinds, "transitive" in kinds))
            return
        # brat allows a type on several lines (Arg1:A, Arg2:B and Arg1:C, Arg2:D): one type here
        # takes every pairing the lines allow together.
        self.warn(node.line, f"relation type {node.name} is declared again; its ends are merged with the earlier line's")
        known.head_labels = _union(known.head_labels, heads)
        known.child_labels = _union(known.child_labels, children)

    def attribute(self, node: ConfType) -> AttributeDef:
        """An attribute: its values and what may carry it."""
        value = node.arg("Value")
        values = tuple(v for v in value.types) if value else ("true",)  # binary: present or absent
        target = node.arg("Arg")
        if target is None:
            self.warn(node.line, f"attribute {node.name} has no Arg: (brat allows it nowhere); read as on events")
            targets: tuple[str, ...] = (ON_EVENTS,)
        else:
            found: list[str] = []
            for t in target.types:
                found += [ON_EVENTS, ON_ENTITIES, ON_RELATIONS] if t == "<ANY>" else [t]
            targets = tuple(dict.fromkeys(found))
        if not values:
            raise ImportFailed(self.path, f"attribute {node.name} lists no values", node.line)
        return AttributeDef(node.name, values, targets=targets)


def _union(have: tuple[str, ...], more: tuple[str, ...]) -> tuple[str, ...]:
    """Allowed labels of two lines together (empty, any label, on either makes any)."""
    return () if not have or not more else tuple(dict.fromkeys(have + more))


def _cardinality(minimum: int, maximum: int) -> str:
    if maximum <= 1:
        return "1" if minimum >= 1 else "?"
    return "+" if minimum >= 1 else "*"
