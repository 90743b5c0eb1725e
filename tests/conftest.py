"""Shared fixtures: real SQLite project files in a temp folder, user data isolated."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotate.resources import builtin_schema
from annotate.session import Session
from store import ProjectStore, open_project

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Text outside the Basic Multilingual Plane, right-to-left script and a combining mark.
EMOJI_TEXT = "Flood 🌊 hits Beira 🙏 as Graça Machel visits Mozambique."
ARABIC_TEXT = "رفع المتظاهرون لافتة «العدالة للجميع» أمام محكمة القاهرة يوم الأحد."
COMBINING_TEXT = "Jose\u0301 Arriaga met envoys in Geneva."


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the real user data folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTARY_HOME", str(home))
    return home


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Where a test's project file goes."""
    return tmp_path / "test.annotary"


@pytest.fixture
def store(project_path: Path) -> ProjectStore:
    """A new, empty project with the news-ace schema."""
    s = open_project(project_path, create=True, schema=builtin_schema("news-ace"))
    yield s
    s.close()


@pytest.fixture
def session(store: ProjectStore) -> Session:
    """A session over the empty project."""
    return Session(store)


def add_document(session: Session, text: str, title: str = "t") -> int:
    """Add one document directly and return its id."""
    from annotate.formats.parsed import ParsedBatch, ParsedDocument

    before = set(session.repo.document_ids())
    session.import_batch(ParsedBatch(documents=[ParsedDocument(text, title, "test")]))
    (new,) = set(session.repo.document_ids()) - before
    return new
