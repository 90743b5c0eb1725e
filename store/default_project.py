"""The default project: created with the sample articles on first start."""

from __future__ import annotations

from pathlib import Path

from annotate.paths import default_project_path
from annotate.resources import builtin_schema, sample_articles
from annotate.session import Session
from store.project import ProjectStore, open_project

DEFAULT_SCHEMA = "news-ace"


def open_default_project(path: Path | None = None) -> ProjectStore:
    """Open the default project, creating and seeding it when it does not exist yet."""
    path = path or default_project_path()
    fresh = not path.exists()
    store = open_project(path, create=True, schema=builtin_schema(DEFAULT_SCHEMA))
    if fresh:
        Session(store).import_paths(sample_articles())
    return store
