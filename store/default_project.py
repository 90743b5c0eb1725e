"""The default project: created with the sample articles on first start."""

from __future__ import annotations

from pathlib import Path

from annotate.paths import default_project_path
from annotate.resources import builtin_schema, resource_path, sample_articles
from annotate.schema import Schema
from annotate.session import Session
from store.project import ProjectStore, open_project

DEFAULT_SCHEMA = "news-ace"
GAZETTEER = "news-gazetteer.jsonl"


def create_or_open(path: Path, schema: Schema) -> ProjectStore:
    """Open a project, creating it with ``schema`` and the shipped news gazetteer if missing."""
    fresh = not path.exists() or path.stat().st_size == 0
    store = open_project(path, create=True, schema=schema)
    if fresh:
        with store.transaction():
            store.add_pattern_file(GAZETTEER, resource_path("patterns", GAZETTEER).read_text(encoding="utf-8"))
    return store


def open_default_project(path: Path | None = None) -> ProjectStore:
    """Open the default project, creating and seeding it when it does not exist yet."""
    path = path or default_project_path()
    fresh = not path.exists()
    store = create_or_open(path, builtin_schema(DEFAULT_SCHEMA))
    if fresh:
        Session(store).import_paths(sample_articles())
    return store
