"""The default project: created with the sample articles on first start."""

from __future__ import annotations

from pathlib import Path

from annotate.paths import default_project_path
from annotate.resources import builtin_schema, sample_articles
from annotate.schema import Schema
from annotate.session import Session
from store.project import ProjectStore, open_project

DEFAULT_SCHEMA = "news-ace"


def create_or_open(path: Path, schema: Schema) -> ProjectStore:
    """Open a project, creating it with ``schema`` if missing. A new project gets no pattern
    file: the gazetteer that corrects the model's entities runs inside the model's proposer
    (the schema's ``gazetteer`` switch), and the pattern files a project has are the user's
    own (``python main.py patterns``). Projects made before keep the pattern files they have."""
    return open_project(path, create=True, schema=schema)


def open_default_project(path: Path | None = None) -> ProjectStore:
    """Open the default project, creating and seeding it when it does not exist yet."""
    path = path or default_project_path()
    fresh = not path.exists()
    store = create_or_open(path, builtin_schema(DEFAULT_SCHEMA))
    if fresh:
        Session(store).import_paths(sample_articles())
    return store
