"""The annotation schema: entity labels, event types with roles, relation types, attributes.

A schema is stored as JSON (see ``resources/schemas/README.md`` for the format). ``Schema.from_dict``
validates everything and raises :class:`SchemaError` naming the offending field, e.g.
``event_types[3].roles[1].cardinality``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotate.errors import SchemaError

SCHEMA_FORMAT = "annotary-schema"
CARDINALITIES = ("1", "?", "*", "+")

# Used for labels and event types that arrive without a colour (brat, imports).
PALETTE = (
    "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45",
    "#fabed4", "#469990", "#dcbeff", "#9a6324", "#fffac8", "#800000", "#aaffc3", "#808000",
    "#ffd8b1", "#000075", "#a9a9a9",
)

# Single keys the annotation window keeps for itself: accept, reject, skip, new event, event
# type, event attribute, relation, label picker, help. A schema's label keys must avoid them.
RESERVED_KEYS = frozenset({"a", "x", "s", "e", "t", "v", "r", "/", "?"})

# The colour a mention label gets where it arrives without one (a brat annotation.conf): grey,
# as in the built-in schemas, for phrases that are no names.
MENTION_COLOUR = "#8c8c8c"


@dataclass(slots=True)
class EntityLabel:
    """A span label: its name, colour, optional shortcut key and description. A ``mention``
    label marks a phrase that fills an event role without being a name ("pro-regime forces"):
    every role accepts it, and it is not an entity in NER exports or entity statistics."""

    name: str
    colour: str
    key: str | None = None
    description: str = ""
    mention: bool = False


@dataclass(slots=True)
class Role:
    """An event role. ``labels`` empty means any span label is allowed."""

    name: str
    cardinality: str = "*"
    labels: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        """Whether at least one argument must fill this role."""
        return self.cardinality in ("1", "+")

    @property
    def repeatable(self) -> bool:
        """Whether more than one argument may fill this role."""
        return self.cardinality in ("*", "+")

    def allows(self, label: str) -> bool:
        """Whether ``label`` is among the labels this role lists (or it lists none). The
        schema's mention label fills every role besides: ask :meth:`Schema.role_allows`."""
        return not self.labels or label in self.labels


@dataclass(slots=True)
class EventType:
    """An event type: roles, colour and the trigger lemmas that suggest it."""

    name: str
    colour: str
    roles: list[Role] = field(default_factory=list)
    description: str = ""
    triggers: tuple[str, ...] = ()

    def role(self, name: str) -> Role | None:
        """The role called ``name``, if this type has one."""
        return next((r for r in self.roles if r.name == name), None)


# What an attribute may be put on, besides named labels and types (brat's markers).
ON_EVENTS = "<EVENT>"
ON_ENTITIES = "<ENTITY>"
ON_RELATIONS = "<RELATION>"


@dataclass(slots=True)
class AttributeDef:
    """An attribute with its allowed values; ``default`` is assumed when unset. ``targets``
    says what carries it: :data:`ON_EVENTS`, :data:`ON_ENTITIES`, :data:`ON_RELATIONS` or
    label and type names (brat's ``Arg:`` list)."""

    name: str
    values: tuple[str, ...]
    default: str | None = None
    description: str = ""
    targets: tuple[str, ...] = (ON_EVENTS,)

    def on_spans(self) -> bool:
        """Whether an entity span may carry it (``<ENTITY>`` or a label name)."""
        return any(t != ON_EVENTS and t != ON_RELATIONS for t in self.targets)


@dataclass(slots=True)
class RelationType:
    """A typed link between two spans: what each end may be (labels empty: any span), brat's
    argument names, and whether it reads the same both ways or chains (an equivalence, brat
    ``*``, is both)."""

    name: str
    colour: str
    head_labels: tuple[str, ...] = ()
    child_labels: tuple[str, ...] = ()
    head_role: str = "Arg1"
    child_role: str = "Arg2"
    symmetric: bool = False
    transitive: bool = False
    description: str = ""

    @property
    def equivalence(self) -> bool:
        """Whether this type groups spans into equivalence sets (brat ``*`` lines)."""
        return self.symmetric and self.transitive

    def allows(self, head_label: str, child_label: str) -> bool:
        """Whether a relation of this type may link spans with these labels."""
        return (not self.head_labels or head_label in self.head_labels) and (
            not self.child_labels or child_label in self.child_labels
        )


# The options of ``proposal_cleaning`` (see annotate/proposals/boundaries.py).
CLEANING_OPTIONS = ("leading_determiners", "trailing_possessives", "line_breaks")


@dataclass(frozen=True, slots=True)
class ProposalCleaning:
    """How a model's entity proposals are cleaned: drop a leading determiner, a trailing
    possessive, cut at a line break. An option left None takes the pipeline's language
    default (on for English, off otherwise)."""

    leading_determiners: bool | None = None
    trailing_possessives: bool | None = None
    line_breaks: bool | None = None

    def to_dict(self) -> dict[str, bool]:
        """The options that are set."""
        return {k: v for k in CLEANING_OPTIONS if (v := getattr(self, k)) is not None}


@dataclass(slots=True)
class Schema:
    """Everything a project may annotate. Each project keeps its own copy."""

    name: str
    entity_labels: list[EntityLabel] = field(default_factory=list)
    event_types: list[EventType] = field(default_factory=list)
    attributes: list[AttributeDef] = field(default_factory=list)
    description: str = ""
    relation_types: list[RelationType] = field(default_factory=list)
    # brat [relations] lines that constrain spans rather than declare a type (<OVERLAP>,
    # ENTITY-NESTING): kept word for word so the exported annotation.conf declares them again.
    span_rules: list[str] = field(default_factory=list)
    # Model label → schema label (or None to drop). Labels absent here map to themselves
    # when the schema has them and are dropped otherwise.
    label_map: dict[str, str | None] = field(default_factory=dict)
    # Cleaning of the model's entity proposals; None: the pipeline language's defaults.
    proposal_cleaning: ProposalCleaning | None = None
    # The correcting gazetteer (annotate/proposals/gazetteer.py); None: on for English.
    gazetteer: bool | None = None

    # -- look-ups -------------------------------------------------------------------------
    def label(self, name: str) -> EntityLabel | None:
        """The entity label called ``name``."""
        return next((lb for lb in self.entity_labels if lb.name == name), None)

    def event_type(self, name: str) -> EventType | None:
        """The event type called ``name``."""
        return next((et for et in self.event_types if et.name == name), None)

    def attribute(self, name: str) -> AttributeDef | None:
        """The attribute called ``name``."""
        return next((a for a in self.attributes if a.name == name), None)

    def relation_type(self, name: str) -> RelationType | None:
        """The relation type called ``name``."""
        return next((rt for rt in self.relation_types if rt.name == name), None)

    @property
    def relation_type_names(self) -> list[str]:
        """Relation type names in schema order."""
        return [rt.name for rt in self.relation_types]

    @property
    def label_names(self) -> list[str]:
        """Entity label names in schema order."""
        return [lb.name for lb in self.entity_labels]

    @property
    def event_type_names(self) -> list[str]:
        """Event type names in schema order."""
        return [et.name for et in self.event_types]

    def has_span_label(self, name: str) -> bool:
        """Spans may carry an entity label or an event type (a trigger span)."""
        return self.label(name) is not None or self.event_type(name) is not None

    def map_model_label(self, model_label: str) -> str | None:
        """The schema label for a model's label, or None when it is to be dropped."""
        if model_label in self.label_map:
            return self.label_map[model_label]
        return model_label if self.label(model_label) is not None else None

    @property
    def mention_label(self) -> str | None:
        """The label of argument mentions that are not names, when the schema declares one."""
        return next((lb.name for lb in self.entity_labels if lb.mention), None)

    def is_mention(self, label: str) -> bool:
        """Whether ``label`` is the schema's mention label (an argument mention, no entity)."""
        mention = self.mention_label
        return mention is not None and label == mention

    def role_allows(self, role: Role, label: str) -> bool:
        """Whether a span with ``label`` may fill ``role``: a label the role lists (any, when it
        lists none), or the mention label, which every role takes without listing it."""
        return role.allows(label) or self.is_mention(label)

    @property
    def entity_label_names(self) -> list[str]:
        """The entity labels that are entities: every entity label but the mention label."""
        return [lb.name for lb in self.entity_labels if not lb.mention]

    def next_colour(self) -> str:
        """A palette colour for a new label or type."""
        used = len(self.entity_labels) + len(self.event_types) + len(self.relation_types)
        return PALETTE[used % len(PALETTE)]

    # -- (de)serialisation ----------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready form read back by :meth:`from_dict`."""
        data: dict[str, Any] = {
            "format": SCHEMA_FORMAT,
            "version": 1,
            "name": self.name,
            "description": self.description,
            "entity_labels": [
                {"name": lb.name, "colour": lb.colour, "key": lb.key, "description": lb.description}
                | ({"mention": True} if lb.mention else {})
                for lb in self.entity_labels
            ],
            "event_types": [
                {
                    "name": et.name,
                    "colour": et.colour,
                    "description": et.description,
                    "roles": [
                        {"name": r.name, "cardinality": r.cardinality, "labels": list(r.labels)}
                        for r in et.roles
                    ],
                    "triggers": list(et.triggers),
                }
                for et in self.event_types
            ],
            "attributes": [
                {
                    "name": a.name,
                    "values": list(a.values),
                    "default": a.default,
                    "description": a.description,
                    "targets": list(a.targets),
                }
                for a in self.attributes
            ],
            "relation_types": [
                {
                    "name": rt.name,
                    "colour": rt.colour,
                    "description": rt.description,
                    "head_labels": list(rt.head_labels),
                    "child_labels": list(rt.child_labels),
                    "head_role": rt.head_role,
                    "child_role": rt.child_role,
                    "symmetric": rt.symmetric,
                    "transitive": rt.transitive,
                }
                for rt in self.relation_types
            ],
            "span_rules": list(self.span_rules),
            "label_map": dict(self.label_map),
        }
        if self.proposal_cleaning is not None:  # absent: the language's defaults
            data["proposal_cleaning"] = self.proposal_cleaning.to_dict()
        if self.gazetteer is not None:  # absent: the language's default
            data["gazetteer"] = self.gazetteer
        return data

    def to_json(self) -> str:
        """The schema as pretty JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any, origin: str = "schema") -> Schema:
        """Validate ``data`` and build a Schema. Errors name ``origin`` and the field."""
        from annotate.schema_reader import SchemaReader  # the validation, field by field

        return SchemaReader(origin).read(data)

    @classmethod
    def from_json(cls, text: str, origin: str = "schema") -> Schema:
        """Parse JSON text and validate it."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{origin}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        return cls.from_dict(data, origin)

    @classmethod
    def load(cls, path: Path) -> Schema:
        """Read and validate a schema file."""
        from annotate.errors import ImportFailed
        from annotate.formats.reading import read_input_text  # refuses a FIFO unopened

        try:
            text = read_input_text(Path(path)).text
        except ImportFailed as exc:
            raise SchemaError(f"{path}: cannot read schema ({exc.problem})") from None
        return cls.from_json(text, str(path))
