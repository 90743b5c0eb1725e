"""Faults of the file and the machine: a write lock held by another process, a full disk, a
damaged file. Each reaches the caller as one StorageError line; nothing half-done is left."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotate.actions import AcceptSpan, CreateSpan
from annotate.errors import ProjectBusy, StorageError
from annotate.formats.parsed import ParsedBatch, ParsedDocument
from annotate.model import SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document


def digest(path: Path, immutable: bool = False) -> str:
    """Every row of every table (FTS shadow tables aside), read by a fresh connection.
    ``immutable`` reads the main file alone (no -shm to create: a full disk allows no more)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?immutable=1", uri=True) if immutable else sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name")]
    rows = [row for t in tables for row in conn.execute(f'SELECT * FROM "{t}" ORDER BY 1')]
    conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def hold_write_lock(path: Path, seconds: float, write: bool = True) -> threading.Thread:
    """Another connection takes the write lock, writes a row, and commits after ``seconds``."""
    ready = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        if write:
            conn.execute("INSERT INTO meta (key, value) VALUES ('other-process', ?)", [str(time.time())])
        ready.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread


@pytest.fixture
def project(project_path: Path) -> Path:
    with open_project(project_path, create=True, schema=builtin_schema("news-ace")) as store:
        add_document(Session(store), "Kerry met Putin in Moscow on Thursday.")
    return project_path


def test_opening_an_up_to_date_project_writes_nothing(project: Path) -> None:
    with open_project(project) as store:
        assert store.db.conn.total_changes == 0
    # ... so it opens at once while another process holds the write lock.
    holder = hold_write_lock(project, 2.0)
    started = time.perf_counter()
    with open_project(project) as store:
        assert store.document_ids()
    waited = time.perf_counter() - started
    holder.join()
    assert waited < 1.5, f"opening waited {waited:.2f} s for another writer"


def test_an_action_waits_for_another_writer_instead_of_failing(project: Path) -> None:
    with open_project(project) as store:
        session = Session(store)
        doc = store.document_ids()[0]
        session.apply(created := CreateSpan(doc, 0, 5, "PERSON", status=SpanStatus.PROPOSED))
        span_id = created.span_id
        # Reading first, then writing while another connection writes and commits: with a
        # deferred BEGIN the upgrade fails at once (SQLITE_BUSY_SNAPSHOT); up front, it waits.
        holder = hold_write_lock(project, 0.6)
        session.apply(AcceptSpan(span_id))
        holder.join()
        assert store.span(span_id).status == SpanStatus.ACCEPTED


def test_a_lock_held_too_long_is_one_line_and_changes_nothing(project: Path, monkeypatch) -> None:
    with open_project(project) as store:
        store.db.execute("PRAGMA busy_timeout = 200")
        session = Session(store)
        doc = store.document_ids()[0]
        before = digest(project)
        holder = hold_write_lock(project, 1.5, write=False)
        with pytest.raises(ProjectBusy) as caught:
            session.apply(CreateSpan(doc, 0, 5, "PERSON"))
        holder.join()
        assert str(project) in str(caught.value) and "\n" not in str(caught.value)
        assert "another process is writing" in str(caught.value)
        assert digest(project) == before
        # Once the other writer is done, the same action goes through.
        session.apply(CreateSpan(doc, 0, 5, "PERSON"))


def test_a_full_disk_fails_the_import_whole(project: Path) -> None:
    with open_project(project) as store:
        before = digest(project)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk full"
        batch = ParsedBatch(documents=[ParsedDocument(f"Article {i}: " + "words " * 400, f"t{i}", "test") for i in range(50)])
        with pytest.raises(StorageError) as caught:
            Session(store).import_batch(batch)
        assert "disk is full" in str(caught.value) and str(project) in str(caught.value)
        assert store.db.conn.in_transaction is False
    assert digest(project) == before


def test_a_full_disk_fails_one_action_and_keeps_every_earlier_one(project: Path) -> None:
    with open_project(project) as store:
        session = Session(store)
        doc = store.document_ids()[0]
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")
        applied = 0
        with pytest.raises(StorageError, match="disk is full"):
            for _ in range(5000):
                session.apply(CreateSpan(doc, 0, 5, "PERSON"))
                applied += 1
        assert 0 < applied < 5000
        assert len(store.spans(doc)) == applied  # the failed action left no row behind
        assert sum(1 for a in store.action_log() if a["action"] == "create_span") == applied


def test_a_truncated_project_is_one_line(project: Path) -> None:
    data = project.read_bytes()
    assert len(data) > 8192
    project.write_bytes(data[: len(data) // 2])
    with pytest.raises(StorageError) as caught:
        with open_project(project) as store:
            store.stats()
            list(store.iter_documents())
    assert "damaged or truncated" in str(caught.value) and str(project) in str(caught.value)
