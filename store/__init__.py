"""Persistence of Annotary projects in SQLite through sqlite-utils. No Qt here."""

from store.project import ProjectStore, open_project

__all__ = ["ProjectStore", "open_project"]
