"""Reading a schema from its JSON form: every field checked, every error naming its place
(``event_types[3].roles[1].cardinality``). :meth:`annotate.schema.Schema.from_dict` calls it."""

from __future__ import annotations

import re
from typing import Any

from annotate.errors import SchemaError
from annotate.schema import (
    CARDINALITIES,
    CLEANING_OPTIONS,
    ON_EVENTS,
    RESERVED_KEYS,
    SCHEMA_FORMAT,
    AttributeDef,
    EntityLabel,
    EventType,
    ProposalCleaning,
    RelationType,
    Role,
    Schema,
)

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SchemaReader:
    """Validates a schema dict field by field so every error names its place."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str) -> SchemaError:
        return SchemaError(f"{self.origin}: {where}: {problem}")

    def text(self, obj: dict, key: str, where: str, required: bool = True, default: str = "") -> str:
        value = obj.get(key, None)
        if value is None:
            if required:
                raise self.fail(f"{where}.{key}" if where else key, "is missing")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(f"{where}.{key}" if where else key, "must be a non-empty string")
        return value

    def strings(self, obj: dict, key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{where}.{key}" if where else key, "must be a list of non-empty strings")
        return tuple(value)

    def items(self, data: dict, key: str) -> list[dict]:
        value = data.get(key, [])
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise self.fail(f"{key}[{i}]", "must be an object")
        return value

    def colour(self, obj: dict, where: str) -> str:
        value = self.text(obj, "colour", where)
        if not _COLOUR.match(value):
            raise self.fail(f"{where}.colour", f"{value!r} is not a colour like '#1f77b4'")
        return value.lower()

    def read(self, data: Any) -> Schema:
        if not isinstance(data, dict):
            raise SchemaError(f"{self.origin}: a schema must be a JSON object")
        fmt = data.get("format", SCHEMA_FORMAT)
        if fmt != SCHEMA_FORMAT:
            raise self.fail("format", f"expected {SCHEMA_FORMAT!r}, found {fmt!r}")
        name = self.text(data, "name", "")
        labels = self.read_labels(data)
        attributes = self.read_attributes(data)
        event_types = self.read_event_types(data, {lb.name for lb in labels})
        relation_types = self.read_relation_types(data, {lb.name for lb in labels} | {et.name for et in event_types})
        span_rules = list(self.strings(data, "span_rules", "")) if "span_rules" in data else []
        label_map = data.get("label_map", {})
        if not isinstance(label_map, dict) or not all(
            isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in label_map.items()
        ):
            raise self.fail("label_map", "must map model labels to schema labels or null")
        known = {lb.name for lb in labels}
        for model_label, target in label_map.items():
            if target is not None and target not in known:
                raise self.fail(f"label_map.{model_label}", f"maps to unknown label {target!r}")
        return Schema(
            name=name,
            description=self.text(data, "description", "", required=False),
            entity_labels=labels,
            event_types=event_types,
            attributes=attributes,
            relation_types=relation_types,
            span_rules=span_rules,
            label_map=dict(label_map),
            proposal_cleaning=self.read_cleaning(data),
            gazetteer=self.read_gazetteer(data),
        )

    def read_gazetteer(self, data: dict) -> bool | None:
        value = data.get("gazetteer")
        if value is not None and not isinstance(value, bool):
            raise self.fail("gazetteer", "must be true or false")
        return value

    def read_cleaning(self, data: dict) -> ProposalCleaning | None:
        value = data.get("proposal_cleaning")
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail("proposal_cleaning", f"must be an object with {', '.join(CLEANING_OPTIONS)}")
        for key, flag in value.items():
            if key not in CLEANING_OPTIONS:
                raise self.fail(f"proposal_cleaning.{key}", f"unknown option (known: {', '.join(CLEANING_OPTIONS)})")
            if not isinstance(flag, bool):
                raise self.fail(f"proposal_cleaning.{key}", "must be true or false")
        return ProposalCleaning(**value)

    def read_labels(self, data: dict) -> list[EntityLabel]:
        labels: list[EntityLabel] = []
        seen_keys: dict[str, str] = {}
        for i, item in enumerate(self.items(data, "entity_labels")):
            where = f"entity_labels[{i}]"
            name = self.text(item, "name", where)
            if any(lb.name == name for lb in labels):
                raise self.fail(f"{where}.name", f"duplicate label {name!r}")
            key = item.get("key")
            if key is not None:
                if not isinstance(key, str) or len(key) != 1 or key.isspace():
                    raise self.fail(f"{where}.key", "must be a single character or null")
                if key.lower() in RESERVED_KEYS:
                    raise self.fail(f"{where}.key", f"{key!r} is one of the window's own keys ({' '.join(sorted(RESERVED_KEYS))})")
                if key in seen_keys:
                    raise self.fail(f"{where}.key", f"{key!r} is already the key of {seen_keys[key]}")
                seen_keys[key] = name
            mention = item.get("mention", False)
            if not isinstance(mention, bool):
                raise self.fail(f"{where}.mention", "must be true or false")
            if mention and any(lb.mention for lb in labels):
                raise self.fail(f"{where}.mention", "only one label may be the mention label")
            labels.append(
                EntityLabel(
                    name=name,
                    colour=self.colour(item, where),
                    key=key,
                    description=self.text(item, "description", where, required=False),
                    mention=mention,
                )
            )
        return labels

    def read_attributes(self, data: dict) -> list[AttributeDef]:
        attributes: list[AttributeDef] = []
        for i, item in enumerate(self.items(data, "attributes")):
            where = f"attributes[{i}]"
            name = self.text(item, "name", where)
            if any(a.name == name for a in attributes):
                raise self.fail(f"{where}.name", f"duplicate attribute {name!r}")
            values = self.strings(item, "values", where)
            if not values:
                raise self.fail(f"{where}.values", "must list at least one value")
            default = item.get("default")
            if default is not None and default not in values:
                raise self.fail(f"{where}.default", f"{default!r} is not one of its values")
            targets = self.strings(item, "targets", where) if "targets" in item else (ON_EVENTS,)
            attributes.append(
                AttributeDef(name, values, default, self.text(item, "description", where, False), targets)
            )
        return attributes

    def read_relation_types(self, data: dict, span_labels: set[str]) -> list[RelationType]:
        types: list[RelationType] = []
        for i, item in enumerate(self.items(data, "relation_types")):
            where = f"relation_types[{i}]"
            name = self.text(item, "name", where)
            if any(rt.name == name for rt in types):
                raise self.fail(f"{where}.name", f"duplicate relation type {name!r}")
            ends = {}
            for key in ("head_labels", "child_labels"):
                ends[key] = self.strings(item, key, where)
                for label in ends[key]:
                    if label not in span_labels:
                        raise self.fail(f"{where}.{key}", f"unknown label {label!r}")
            flags = {}
            for key in ("symmetric", "transitive"):
                flags[key] = item.get(key, False)
                if not isinstance(flags[key], bool):
                    raise self.fail(f"{where}.{key}", "must be true or false")
            types.append(RelationType(
                name, self.colour(item, where), ends["head_labels"], ends["child_labels"],
                self.text(item, "head_role", where, required=False, default="Arg1"),
                self.text(item, "child_role", where, required=False, default="Arg2"),
                flags["symmetric"], flags["transitive"], self.text(item, "description", where, required=False),
            ))
        return types

    def read_event_types(self, data: dict, label_names: set[str]) -> list[EventType]:
        types: list[EventType] = []
        # A role may take another event (brat ``Theme:Binding``): event type names count too.
        type_names = {str(item.get("name")) for item in self.items(data, "event_types")}
        for i, item in enumerate(self.items(data, "event_types")):
            where = f"event_types[{i}]"
            name = self.text(item, "name", where)
            if any(et.name == name for et in types):
                raise self.fail(f"{where}.name", f"duplicate event type {name!r}")
            if name in label_names:
                raise self.fail(f"{where}.name", f"{name!r} is also an entity label")
            roles: list[Role] = []
            for j, role in enumerate(self.items(item, "roles")):
                rwhere = f"{where}.roles[{j}]"
                rname = self.text(role, "name", rwhere)
                if any(r.name == rname for r in roles):
                    raise self.fail(f"{rwhere}.name", f"duplicate role {rname!r}")
                card = role.get("cardinality", "*")
                if card not in CARDINALITIES:
                    raise self.fail(
                        f"{rwhere}.cardinality", f"{card!r} is not one of {', '.join(CARDINALITIES)}"
                    )
                allowed = self.strings(role, "labels", rwhere)
                for label in allowed:
                    if label not in label_names and label not in type_names:
                        raise self.fail(f"{rwhere}.labels", f"unknown entity label or event type {label!r}")
                roles.append(Role(rname, card, allowed))
            types.append(
                EventType(
                    name=name,
                    colour=self.colour(item, where),
                    roles=roles,
                    description=self.text(item, "description", where, required=False),
                    triggers=self.strings(item, "triggers", where),
                )
            )
        return types
