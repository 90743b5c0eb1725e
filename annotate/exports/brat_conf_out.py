"""The project schema as a brat ``annotation.conf``, declaring what the imported one did:
entity labels; relation types with their argument names, allowed labels and
``<REL-TYPE>:symmetric-transitive``; the schema's ``<OVERLAP>``/``ENTITY-NESTING`` lines word
for word; event types with roles (which may take events); attributes with their real targets.

Where the schema says "any label" (no labels listed) brat has to be told what that covers:
``<ENTITY>`` is written, or ``<ANY>`` when the export has an event (or a trigger) in that place.
Annotary lets any spans overlap; when exported entity spans overlap in a way the schema's span
rules do not allow (or it has none), ``<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>``
is added so brat accepts the documents as they are.

The schema's mention label (role fillers that are no names) is an entity type to brat, named by
a ``# annotary-mention: NAME`` comment before it (brat skips comments; Annotary's reader makes
it the mention label again), and listed in every role that lists labels: every role takes it.

A role whose name ends in a digit (ACLED's ``Actor1``, ``AssocActor1*``) is written with ``_``
after it (``Actor1_``, ``AssocActor1_*``): brat numbers a role's repeats by appending digits and
refuses a repeatable role ending in one. A ``# annotary-roles:`` comment tells Annotary's reader
to take the ``_`` off again (see :mod:`annotate.formats.brat_names`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotate.formats.brat_check import overlap_allowed
from annotate.formats.brat_conf_parse import MENTION_MARK, ROLES_MARK, parse_conf
from annotate.formats.brat_names import brat_role, brat_safe
from annotate.schema import ON_ENTITIES, ON_EVENTS, ON_RELATIONS, AttributeDef, Schema

ANY_OVERLAP = "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>"
_MARKERS = {ON_EVENTS: "<EVENT>", ON_ENTITIES: "<ENTITY>", ON_RELATIONS: "<RELATION>"}


@dataclass
class ConfNeeds:
    """What the exported documents use that the conf must allow beyond the schema's words."""

    events_in_roles: set[tuple[str, str]] = field(default_factory=set)  # (event type, role)
    events_at_ends: set[tuple[str, int]] = field(default_factory=set)  # (relation type, 0 head / 1 child)
    overlaps: set[tuple[str, str, str]] = field(default_factory=set)  # (kind, brat type, brat type)
    # attribute → (ON_EVENTS/ON_ENTITIES/ON_RELATIONS, label or type of what carries it)
    attribute_targets: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    # what will not read back as it was: kind ("label", "norm text", ...) → name → (written, read back)
    renamed: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)


def binary(attribute: AttributeDef | None) -> bool:
    """Whether an attribute is brat's binary kind (present or absent, value ``true``)."""
    return attribute is None or attribute.values == ("true",)


def annotation_conf(schema: Schema, needs: ConfNeeds | None = None) -> str:
    """The schema as a brat ``annotation.conf``."""
    needs = needs or ConfNeeds()
    lines = ["[entities]"]
    for lb in schema.entity_labels:
        if lb.mention:
            lines.append(f"{MENTION_MARK} {brat_safe(lb.name)}  (fills any role; a phrase that is no name, not an entity)")
        lines.append(brat_safe(lb.name))
    mention = schema.mention_label
    lines += ["", "[relations]"]
    for rtype in schema.relation_types:
        ends = []
        for end, (name, labels) in enumerate(((rtype.head_role, rtype.head_labels), (rtype.child_role, rtype.child_labels))):
            wide = "<ANY>" if (rtype.name, end) in needs.events_at_ends else "<ENTITY>"
            ends.append(f"{brat_safe(name)}:{'|'.join(brat_safe(x) for x in labels) or wide}")
        kinds = [k for k, on in (("symmetric", rtype.symmetric), ("transitive", rtype.transitive)) if on]
        flags = f", <REL-TYPE>:{'-'.join(kinds)}" if kinds else ""
        lines.append(f"{brat_safe(rtype.name)}\t{', '.join(ends)}{flags}")
    lines += list(schema.span_rules)
    if _overlaps_need_rule(schema, lines, needs):
        lines.append(ANY_OVERLAP)
    lines += ["", "[events]"]
    if any(brat_role(r.name) != brat_safe(r.name) for etype in schema.event_types for r in etype.roles):
        lines.append(f"{ROLES_MARK} a role ending in a digit is written with _ after it (Actor1_), "
                     "as brat numbers a role's repeats by appending digits (AssocActor1_2)")
    for etype in schema.event_types:
        roles = []
        for role in etype.roles:
            mark = "" if role.cardinality == "1" else role.cardinality
            wide = "<ANY>" if (etype.name, role.name) in needs.events_in_roles else "<ENTITY>"
            listed = role.labels + ((mention,) if mention and role.labels and mention not in role.labels else ())
            allowed = "|".join(brat_safe(x) for x in listed) or wide
            roles.append(f"{brat_role(role.name)}{mark}:{allowed}")
        lines.append(f"{brat_safe(etype.name)}\t{', '.join(roles)}" if roles else brat_safe(etype.name))
    lines += ["", "[attributes]"]
    declared: set[str] = set()
    for attribute in schema.attributes:
        declared.add(attribute.name)
        targets = list(attribute.targets)
        for kind, owner in sorted(needs.attribute_targets.get(attribute.name, set())):
            if not {kind, owner, "<ANY>"} & set(targets):  # carried where the schema does not say
                targets.append(kind)
        lines.append(_attribute_line(attribute.name, targets, None if binary(attribute) else attribute.values))
    for name, uses in sorted(needs.attribute_targets.items()):
        if name not in declared:  # not in the schema (never expected): declared so brat reads it
            lines.append(_attribute_line(name, sorted({kind for kind, _ in uses}), None))
    return "\n".join(lines) + "\n"


def _attribute_line(name: str, targets: list[str], values: tuple[str, ...] | None) -> str:
    shown = "|".join(dict.fromkeys(_MARKERS.get(t) or brat_safe(t) for t in targets))
    value = f", Value:{'|'.join(brat_safe(v) for v in values)}" if values else ""
    return f"{brat_safe(name)}\tArg:{shown}{value}"


def _overlaps_need_rule(schema: Schema, lines: list[str], needs: ConfNeeds) -> bool:
    """Whether the exported entity spans overlap in a way the conf so far does not allow."""
    if not needs.overlaps:
        return False
    entities = "\n".join(brat_safe(lb.name) for lb in schema.entity_labels)
    relations = "\n".join(lines[lines.index("[relations]") + 1:])
    conf = parse_conf(f"[entities]\n{entities}\n[relations]\n{relations}\n[events]\n[attributes]\n")
    return not all(overlap_allowed(conf, kind, a, b) for kind, a, b in needs.overlaps)
