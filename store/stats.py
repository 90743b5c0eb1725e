"""Counting what a project holds (non-deleted rows only)."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

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
        "events": {"total": sum(by_type.values()), "by_type": by_type},
        "relations": {"total": sum(relations.values()), "by_type": relations},
        "equivalences": {"total": equivalences},
    }
