"""The Repository contract (tests/repository_contract.py) run against the SQLite store.

The three disagreements the suite found first (a schema cached across a rollback, documents
added outside one statement, a search of only quotes) are fixed in store/project.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotate.resources import builtin_schema
from store import ProjectStore, open_project
from tests.repository_contract import RepositoryContract


class TestProjectStoreContract(RepositoryContract):
    """The contract, over a new project file with the news-ace schema."""

    integrity_errors = (sqlite3.IntegrityError,)

    @pytest.fixture
    def repo(self, tmp_path: Path) -> Iterator[ProjectStore]:
        store = open_project(tmp_path / "x.annotary", create=True, schema=builtin_schema("news-ace"))
        yield store
        store.close()
