"""Bringing imported names into a project schema: mapped back from brat spellings where the
schema knows them, added (and reported) where it does not. Nothing is renamed silently."""

from __future__ import annotations

import copy
from typing import Any

from annotate.formats.brat_links import EVENT_ENDS, RELATION_ROLES
from annotate.formats.brat_names import from_brat, role_from_brat
from annotate.formats.parsed import ParsedDocument, ParsedSpan
from annotate.schema import (
    ON_ENTITIES,
    ON_EVENTS,
    ON_RELATIONS,
    AttributeDef,
    EntityLabel,
    EventType,
    RelationType,
    Role,
    Schema,
)


class SchemaExtender:
    """Accumulates additions to a copy of a schema and says what it added."""

    def __init__(self, schema: Schema) -> None:
        self.schema = copy.deepcopy(schema)
        self.additions: list[str] = []

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return bool(self.additions)

    def _span_names(self) -> list[str]:
        return self.schema.label_names + self.schema.event_type_names

    # -- names ----------------------------------------------------------------------------
    def label(self, name: str) -> str:
        """The schema's name for a span label, adding an entity label when unknown."""
        resolved = from_brat(name, self._span_names())
        if not self.schema.has_span_label(resolved):
            self.schema.entity_labels.append(EntityLabel(resolved, self.schema.next_colour()))
            self.additions.append(f"entity label {resolved}")
        return resolved

    def event_type(self, name: str) -> EventType:
        """The schema's event type for a name, adding one when unknown."""
        resolved = from_brat(name, self.schema.event_type_names)
        etype = self.schema.event_type(resolved)
        if etype is None:
            if self.schema.label(resolved) is not None:
                # An event type may not share a name with an entity label.
                resolved = f"{resolved}.event"
                etype = self.schema.event_type(resolved)  # added for an earlier document
        if etype is None:
            etype = EventType(resolved, self.schema.next_colour())
            self.schema.event_types.append(etype)
            self.additions.append(f"event type {resolved}")
        return etype

    def role(self, etype: EventType, name: str, siblings: list[str]) -> str:
        """The role name for an argument: brat numbers repeats (``Entity2``, ``AssocActor1_2``);
        see :func:`annotate.formats.brat_names.role_from_brat`."""
        name = role_from_brat(name, etype.roles, siblings)  # "Meet_Role2" → "Meet Role"
        if etype.role(name) is None:
            etype.roles.append(Role(name, "*"))
            self.additions.append(f"role {etype.name}/{name}")
        return name

    def attribute(self, name: str, value: str, target: str = ON_EVENTS, owner: str = "") -> tuple[str, str]:
        """The attribute's schema name and value, adding the attribute, the value, or the target
        (:data:`ON_EVENTS`, :data:`ON_ENTITIES`, :data:`ON_RELATIONS`) when the schema lacks it.
        ``owner`` is the label or type of what carries it (a name among the targets allows it)."""
        resolved = from_brat(name, [a.name for a in self.schema.attributes])
        definition = self.schema.attribute(resolved)
        if definition is None:
            self.schema.attributes.append(AttributeDef(resolved, (value,), targets=(target,)))
            self.additions.append(f"attribute {resolved}")
            return resolved, value
        value = from_brat(value, definition.values)
        if value not in definition.values:
            definition.values = (*definition.values, value)
            self.additions.append(f"attribute value {resolved}={value}")
        if not {target, owner, "<ANY>"} & set(definition.targets):
            definition.targets = (*definition.targets, target)
            self.additions.append(f"attribute target {resolved}/{target}")
        return resolved, value

    def relation_type(self, name: str, head_role: str = "Arg1", child_role: str = "Arg2") -> RelationType:
        """The schema's relation type for a name, adding one (with brat's argument names) when unknown."""
        return self._relation_type(name, head_role=head_role, child_role=child_role)

    def equivalence_type(self, name: str) -> RelationType:
        """The relation type of an equivalence set, added symmetric and transitive when unknown."""
        return self._relation_type(name, symmetric=True, transitive=True)

    def _relation_type(self, name: str, **made_with: Any) -> RelationType:
        resolved = from_brat(name, self.schema.relation_type_names)
        rtype = self.schema.relation_type(resolved)
        if rtype is None:
            rtype = RelationType(resolved, self.schema.next_colour(), **made_with)
            self.schema.relation_types.append(rtype)
            self.additions.append(f"relation type {resolved}")
        return rtype

    # -- whole pieces ---------------------------------------------------------------------
    def merge(self, fragment: Schema) -> None:
        """Merge a schema fragment (e.g. a brat annotation.conf) into the schema."""
        for lb in fragment.entity_labels:
            known = self.schema.has_span_label(from_brat(lb.name, self._span_names()))
            resolved = self.label(lb.name)
            if lb.mention:
                self._merge_mention(resolved, lb.colour, added=not known)
        types = [(ft, self.event_type(ft.name)) for ft in fragment.event_types]  # before roles name them
        for ft, etype in types:
            for role in ft.roles:
                if etype.role(from_brat(role.name, [r.name for r in etype.roles])) is None:
                    labels = tuple(from_brat(x, self._span_names()) for x in role.labels)
                    etype.roles.append(Role(role.name, role.cardinality, labels))
                    self.additions.append(f"role {etype.name}/{role.name}")
        for rt in fragment.relation_types:
            self._merge_relation_type(rt)
        for rule in fragment.span_rules:
            if rule not in self.schema.span_rules:
                self.schema.span_rules.append(rule)
                self.additions.append(f"span rule {' '.join(rule.split())}")
        for attr in fragment.attributes:
            self._merge_attribute(attr)

    def _merge_mention(self, name: str, colour: str, added: bool) -> None:
        """The fragment's mention label: the schema's mention label too when it has none (a
        label just added takes the fragment's colour). A schema with a mention label keeps it,
        the fragment's is an entity label there (only one label may be the mention label)."""
        label = self.schema.label(name)
        if label is None or self.schema.mention_label is not None:
            return
        label.mention = True
        if added:
            label.colour = colour
        self.additions.append(f"mention label {name}")

    def _merge_relation_type(self, rt: RelationType) -> None:
        heads = tuple(from_brat(x, self._span_names()) for x in rt.head_labels)
        children = tuple(from_brat(x, self._span_names()) for x in rt.child_labels)
        resolved = from_brat(rt.name, self.schema.relation_type_names)
        known = self.schema.relation_type(resolved)
        if known is None:
            self.schema.relation_types.append(RelationType(
                resolved, self.schema.next_colour(), heads, children, rt.head_role, rt.child_role,
                rt.symmetric, rt.transitive, rt.description))
            self.additions.append(f"relation type {resolved}")
            return
        for end, labels in (("head_labels", heads), ("child_labels", children)):
            have = getattr(known, end)
            if have and not set(labels) <= set(have):
                setattr(known, end, tuple(dict.fromkeys(have + labels)) if labels else ())
                self.additions.append(f"relation type {resolved}: more {end.replace('_', ' ')}")

    def _merge_attribute(self, attr: AttributeDef) -> None:
        known_names = self._span_names() + self.schema.relation_type_names
        targets = tuple(t if t.startswith("<") else from_brat(t, known_names) for t in attr.targets)
        resolved = from_brat(attr.name, [a.name for a in self.schema.attributes])
        definition = self.schema.attribute(resolved)
        if definition is None:
            self.schema.attributes.append(AttributeDef(resolved, attr.values, attr.default, attr.description, targets))
            self.additions.append(f"attribute {resolved}")
            return
        for value in attr.values:
            value = from_brat(value, definition.values)  # "asserted_strongly" → "asserted strongly"
            if value not in definition.values:
                definition.values = (*definition.values, value)
                self.additions.append(f"attribute value {resolved}={value}")
        for target in targets:
            if target not in definition.targets:
                definition.targets = (*definition.targets, target)
                self.additions.append(f"attribute target {resolved}/{target}")

    def _own_triggers(self, doc: ParsedDocument, etypes: list[EventType], event_ends: list[list]) -> None:
        """Give an event a trigger span of its own, at the same fragments, labelled with its type,
        when its trigger's span is labelled otherwise and is something else too: another type's
        trigger, an argument, a relation end, an equivalence member, or an entity (its label one
        of the schema's). Relabelling that span would change what the rest says of it. A span
        labelled with the event's type (brat's usual trigger) stays the trigger; so does one
        nothing else uses (its label becomes the event's type)."""
        named_by_event = {(kind, index, position) for kind, index, position, _ in event_ends}
        used: set[int] = set()
        for event in doc.events:
            used |= {i for n, (_, i) in enumerate(event.arguments) if n not in event.argument_events}
        for n, relation in enumerate(doc.relations):
            used |= {i for end, i in enumerate((relation.head, relation.child)) if ("R", n, end) not in named_by_event}
        for n, equivalence in enumerate(doc.equivalences):
            used |= {i for end, i in enumerate(equivalence.members) if ("*", n, end) not in named_by_event}
        types_of: dict[int, set[str]] = {}
        for event, etype in zip(doc.events, etypes, strict=True):
            types_of.setdefault(event.trigger, set()).add(etype.name)
        own: dict[tuple[int, str], int] = {}  # (span, event type) → the event's own trigger span
        moved: set[int] = set()  # the events given a trigger of their own
        for e, (event, etype) in enumerate(zip(doc.events, etypes, strict=True)):
            span = doc.spans[event.trigger]
            resolved = from_brat(span.label, self._span_names())
            if span.label == event.type or resolved == etype.name:
                continue
            if not (event.trigger in used or types_of[event.trigger] - {etype.name}
                    or self.schema.label(resolved) is not None):
                continue
            key = (event.trigger, etype.name)
            if key not in own:
                doc.spans.append(ParsedSpan(span.start, span.end, etype.name, span.status, fragments=span.fragments))
                own[key] = len(doc.spans) - 1
            moved.add(e)
            event.trigger = own[key]
        if not moved:
            return
        for event in doc.events:  # an argument that is an event names that event's trigger
            for n, target in event.argument_events.items():
                event.arguments[n] = (event.arguments[n][0], doc.events[target].trigger)
        for kind, index, position, target in event_ends:  # so does a relation end or set member
            if target not in moved:
                continue
            trigger = doc.events[target].trigger
            if kind == "R":
                relation = doc.relations[index]
                relation.head, relation.child = (trigger, relation.child) if position == 0 else (relation.head, trigger)
            else:
                members = list(doc.equivalences[index].members)
                members[position] = trigger
                doc.equivalences[index].members = tuple(members)

    def resolve(self, doc: ParsedDocument) -> None:
        """Rewrite a parsed document's names to the schema's, extending it where needed."""
        roles = doc.meta.pop(RELATION_ROLES, None) or []
        event_ends = doc.meta.pop(EVENT_ENDS, None) or []
        etypes = [self.event_type(event.type) for event in doc.events]
        self._own_triggers(doc, etypes, event_ends)
        # Events first: a trigger's label is its event's type, never an entity label of that name
        # (a span that is something else too has been left as it was, its events given their own).
        triggers = {event.trigger for event in doc.events}
        for event, etype in zip(doc.events, etypes, strict=True):
            event.type = etype.name
            doc.spans[event.trigger].label = etype.name
            raw_roles = [role for role, _ in event.arguments]
            event.arguments = [(self.role(etype, r, raw_roles), i) for r, i in event.arguments]
            event.attributes = dict(self.attribute(name, value, ON_EVENTS, etype.name)
                                    for name, value in event.attributes.items())
        for i, span in enumerate(doc.spans):
            if i not in triggers:
                span.label = self.label(span.label)
            target = ON_EVENTS if i in triggers else ON_ENTITIES
            span.attributes = dict(self.attribute(name, value, target, span.label)
                                   for name, value in span.attributes.items())
        for n, relation in enumerate(doc.relations):
            head_role, child_role = roles[n] if n < len(roles) else ("Arg1", "Arg2")
            rtype = self.relation_type(relation.type, head_role, child_role)
            relation.type = rtype.name
            head_role, child_role = (from_brat(r, [rtype.head_role, rtype.child_role]) for r in (head_role, child_role))
            if (head_role, child_role) == (rtype.child_role, rtype.head_role) and head_role != child_role:
                relation.head, relation.child = relation.child, relation.head  # written Arg2 first
            relation.attributes = dict(self.attribute(name, value, ON_RELATIONS, rtype.name)
                                       for name, value in relation.attributes.items())
        for equivalence in doc.equivalences:
            equivalence.type = self.equivalence_type(equivalence.type).name
