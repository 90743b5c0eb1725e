"""Counting what a project holds (non-deleted rows only). Entities and argument mentions (the
schema's mention label) are counted apart (see annotate/span_stats.py)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from annotate.errors import SchemaError
from annotate.schema import Schema
from annotate.span_stats import entity_and_mention_counts

DOC_STATUSES = ("new", "in_progress", "done", "skipped")
SPAN_STATUSES = ("proposed", "accepted", "rejected")


def project_stats(db: Database) -> dict[str, Any]:
    """Counts in the shape ``main.py stats --json`` prints."""
    docs = dict.fromkeys(DOC_STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
        docs[status] = n
    spans = dict.fromkeys(SPAN_STATUSES, 0)
    for status, n in db.execute("SELECT status, COUNT(*) FROM spans WHERE deleted = 0 GROUP BY status"):
        spans[status] = n
    by_label = dict(
        db.execute(
            "SELECT label, COUNT(*) FROM spans WHERE deleted = 0 GROUP BY label ORDER BY label"
        ).fetchall()
    )
    by_label_status = db.execute(
        "SELECT label, status, COUNT(*) FROM spans WHERE deleted = 0 GROUP BY label, status"
    ).fetchall()
    by_type = dict(
        db.execute("SELECT type, COUNT(*) FROM events WHERE deleted = 0 GROUP BY type ORDER BY type").fetchall()
    )
    relations = dict(
        db.execute("SELECT type, COUNT(*) FROM relations WHERE deleted = 0 GROUP BY type ORDER BY type").fetchall()
    )
    equivalences = db.execute("SELECT COUNT(*) FROM equivalences WHERE deleted = 0").fetchone()[0]
    return {
        "documents": {"total": sum(docs.values()), **docs},
        "spans": {"total": sum(spans.values()), **spans, "by_label": by_label},
        **entity_and_mention_counts(by_label_status, _schema(db)),
        "events": {"total": sum(by_type.values()), "by_type": by_type},
        "relations": {"total": sum(relations.values()), "by_type": relations},
        "equivalences": {"total": equivalences},
    }


def _schema(db: Database) -> Schema | None:
    """The project's schema as stored (None when it has none or it does not read: the counts
    of spans by label are then all there is)."""
    row = db.execute("SELECT body FROM project_schema WHERE id = 1").fetchone()
    if row is None:
        return None
    try:
        return Schema.from_json(row[0], "project schema")
    except SchemaError:
        return None
