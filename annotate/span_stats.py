"""Entities and argument mentions counted apart, for ``main.py stats``: a span of the schema's
mention label (a role filler that is no name) is no entity, so it is not in the entity counts;
triggers (labelled with their event type) are in neither. Both repositories count their spans
by label and status and give the rows to :func:`entity_and_mention_counts`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotate.schema import Schema

STATUSES = ("proposed", "accepted", "rejected")


def entity_and_mention_counts(rows: Iterable[tuple[str, str, int]], schema: Schema | None) -> dict[str, Any]:
    """``{"entities": {...}, "mentions": {...}}`` from (label, status, count) rows of live
    spans: entities by status and label (entity labels but the mention label), mentions by
    status with their label (None when the schema has no mention label)."""
    mention = schema.mention_label if schema is not None else None
    entity_names = set(schema.entity_label_names) if schema is not None else set()
    entities: dict[str, Any] = dict.fromkeys(STATUSES, 0)
    by_label: dict[str, int] = {}
    mentions: dict[str, Any] = dict.fromkeys(STATUSES, 0)
    for label, status, n in rows:
        if mention is not None and label == mention:
            mentions[status] = mentions.get(status, 0) + n
        elif label in entity_names:
            entities[status] = entities.get(status, 0) + n
            by_label[label] = by_label.get(label, 0) + n
    return {
        "entities": {"total": sum(entities.values()), **entities, "by_label": dict(sorted(by_label.items()))},
        "mentions": {"label": mention, "total": sum(mentions.values()), **mentions},
    }
