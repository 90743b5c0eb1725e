"""Reading a brat ``annotation.conf`` as an Annotary schema (names stay brat spellings)."""

from __future__ import annotations

import re
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.schema import PALETTE, AttributeDef, EntityLabel, EventType, Role, Schema
from annotate.formats.reading import read_input_text

_SECTIONS = ("entities", "relations", "events", "attributes")
_ALIASES = {"spans": "entities"}  # brat reads [spans] as [entities]
_SEPARATOR = re.compile(r"^\s*-+\s*$")  # a line of hyphens: a separator in brat's menus
_ARG = re.compile(r"^(?P<role>[^:?*+{]+)(?P<card>\?|\*|\+|\{\d+(?:-\d*)?\})?:(?P<types>.+)$")
_ANY = {"<ENTITY>", "<ANY>"}


def read_annotation_conf(path: Path) -> Schema:
    """Parse ``annotation.conf`` into a schema fragment. Relations are not modelled and skipped."""
    text = read_input_text(path).text
    sections: dict[str, list[tuple[int, str]]] = {s: [] for s in _SECTIONS}
    macros: dict[str, str] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        header = re.fullmatch(r"\s*\[([^\]]*)\]\s*", line)
        if header:
            # brat ignores (with a warning) a section it does not know; so does this reader
            current = _ALIASES.get(header.group(1).strip().lower(), header.group(1).strip().lower())
            continue
        if _SEPARATOR.match(line):
            continue
        macro = re.fullmatch(r"\s*(<[^>]+>)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = macro.group(2).strip()
            continue
        if current is None:
            raise ImportFailed(path, "text before the first [section]", number)
        if current not in sections:
            continue
        for name, value in macros.items():
            line = line.replace(name, value)
        sections[current].append((number, _primary_term(line.strip())))

    labels: list[EntityLabel] = []
    for _, line in sections["entities"]:
        name = line.lstrip("!")
        if line.startswith("!") or any(lb.name == name for lb in labels):
            continue  # '!' marks a grouping node that cannot be annotated
        labels.append(EntityLabel(name, PALETTE[len(labels) % len(PALETTE)]))
    label_names = {lb.name for lb in labels}

    event_types: list[EventType] = []
    for number, line in sections["events"]:
        parts = line.split(None, 1)
        name = parts[0]
        if name.startswith("!"):
            continue
        roles = [_role(path, number, spec.strip(), label_names) for spec in _specs(parts)]
        colour = PALETTE[(len(labels) + len(event_types)) % len(PALETTE)]
        event_types.append(EventType(name, colour, roles))

    attributes: list[AttributeDef] = []
    for number, line in sections["attributes"]:
        parts = line.split(None, 1)
        values: tuple[str, ...] = ("true",)  # a binary brat attribute is present or absent
        for spec in _specs(parts):
            key, _, val = spec.strip().partition(":")
            if key == "Value":
                values = tuple(v.strip() for v in val.split("|") if v.strip())
        if not values:
            raise ImportFailed(path, f"attribute {parts[0]} lists no values", number)
        attributes.append(AttributeDef(parts[0], values))

    return Schema(name="brat", entity_labels=labels, event_types=event_types, attributes=attributes)


def _primary_term(line: str) -> str:
    """``Protein_binding|GO:0005515<TAB>Theme+:Protein`` → ``Protein_binding<TAB>Theme+:Protein``:
    brat stores a type under the first of its ``|``-separated terms."""
    parts = line.split(None, 1)
    head = parts[0].split("|", 1)[0]
    return head if len(parts) == 1 else f"{head}\t{parts[1]}"


def _specs(parts: list[str]) -> list[str]:
    return [s for s in parts[1].split(",") if s.strip()] if len(parts) > 1 else []


def _role(path: Path, number: int, spec: str, label_names: set[str]) -> Role:
    match = _ARG.match(spec)
    if not match:
        raise ImportFailed(path, f"cannot read event argument {spec!r}", number)
    card = match.group("card") or "1"
    if card.startswith("{"):
        card = "1" if card == "{1}" else "+"
    types = [t.strip() for t in match.group("types").split("|")]
    # Only entity labels constrain a role here; <ENTITY>/<ANY> or event types mean "any".
    allowed = () if any(t in _ANY for t in types) else tuple(t for t in types if t in label_names)
    return Role(match.group("role").strip(), card, allowed)
