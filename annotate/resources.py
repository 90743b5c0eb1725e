"""Where the shipped resources live, from source and inside a frozen (PyInstaller) build."""

from __future__ import annotations

import sys
from pathlib import Path

from annotate.errors import SchemaError
from annotate.schema import Schema


def resources_dir() -> Path:
    """The ``resources/`` folder: under ``sys._MEIPASS`` when frozen, beside the packages otherwise."""
    frozen_base = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_base) if frozen_base else Path(__file__).resolve().parent.parent
    return base / "resources"


def resource_path(*parts: str) -> Path:
    """A path inside ``resources/``."""
    return resources_dir().joinpath(*parts)


def builtin_schema_names() -> list[str]:
    """Names of the schemas shipped in ``resources/schemas``."""
    return sorted(p.stem for p in resource_path("schemas").glob("*.json"))


def builtin_schema(name: str) -> Schema:
    """Load a shipped schema by name (``news-ace``, ``acled``)."""
    path = resource_path("schemas", f"{name}.json")
    if not path.is_file():
        known = ", ".join(builtin_schema_names())
        raise SchemaError(f"no built-in schema called {name!r} (built-in: {known})")
    return Schema.load(path)


def sample_articles() -> list[Path]:
    """The shipped sample articles, in name order."""
    return sorted(resource_path("samples").glob("*.txt"))
