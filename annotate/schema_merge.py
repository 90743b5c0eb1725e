"""Bringing imported names into a project schema: mapped back from brat spellings where the
schema knows them, added (and reported) where it does not. Nothing is renamed silently."""

from __future__ import annotations

import copy
import re

from annotate.formats.brat_names import from_brat
from annotate.formats.parsed import ParsedDocument
from annotate.schema import AttributeDef, EntityLabel, EventType, Role, Schema


class SchemaExtender:
    """Accumulates additions to a copy of a schema and says what it added."""

    def __init__(self, schema: Schema) -> None:
        self.schema = copy.deepcopy(schema)
        self.additions: list[str] = []

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return bool(self.additions)

    # -- names ----------------------------------------------------------------------------
    def label(self, name: str) -> str:
        """The schema's name for a span label, adding an entity label when unknown."""
        known = self.schema.label_names + self.schema.event_type_names
        resolved = from_brat(name, known)
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
            etype = EventType(resolved, self.schema.next_colour())
            self.schema.event_types.append(etype)
            self.additions.append(f"event type {resolved}")
        return etype

    def role(self, etype: EventType, name: str, siblings: list[str]) -> str:
        """The role name for an argument: brat numbers repeats (``Entity2``); strip that when
        the base role exists in the type or among the same event's arguments."""
        if etype.role(name):
            return name
        base = re.sub(r"\d+$", "", name)
        if base and base != name and (etype.role(base) or base in siblings):
            name = base
        if etype.role(name) is None:
            etype.roles.append(Role(name, "*"))
            self.additions.append(f"role {etype.name}/{name}")
        return name

    def attribute(self, name: str, value: str) -> str:
        """The attribute's schema name, adding the attribute or value when unknown."""
        resolved = from_brat(name, [a.name for a in self.schema.attributes])
        definition = self.schema.attribute(resolved)
        if definition is None:
            self.schema.attributes.append(AttributeDef(resolved, (value,)))
            self.additions.append(f"attribute {resolved}")
        elif value not in definition.values:
            definition.values = (*definition.values, value)
            self.additions.append(f"attribute value {resolved}={value}")
        return resolved

    # -- whole pieces ---------------------------------------------------------------------
    def merge(self, fragment: Schema) -> None:
        """Merge a schema fragment (e.g. a brat annotation.conf) into the schema."""
        for lb in fragment.entity_labels:
            self.label(lb.name)
        for ft in fragment.event_types:
            etype = self.event_type(ft.name)
            for role in ft.roles:
                if etype.role(role.name) is None:
                    labels = tuple(from_brat(x, self.schema.label_names) for x in role.labels)
                    etype.roles.append(Role(role.name, role.cardinality, labels))
                    self.additions.append(f"role {etype.name}/{role.name}")
        for attr in fragment.attributes:
            for value in attr.values:
                self.attribute(attr.name, value)

    def resolve(self, doc: ParsedDocument) -> None:
        """Rewrite a parsed document's names to the schema's, extending it where needed."""
        for span in doc.spans:
            span.label = self.label(span.label)
        for event in doc.events:
            etype = self.event_type(event.type)
            event.type = etype.name
            doc.spans[event.trigger].label = etype.name
            raw_roles = [role for role, _ in event.arguments]
            event.arguments = [(self.role(etype, r, raw_roles), i) for r, i in event.arguments]
            event.attributes = {
                self.attribute(name, value): value for name, value in event.attributes.items()
            }
