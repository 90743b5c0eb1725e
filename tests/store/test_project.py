"""Project files: creation, reopening, WAL and foreign keys, migrations, refusals."""

from __future__ import annotations

import json

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from annotate import __version__
from annotate.errors import ProjectError
from annotate.resources import builtin_schema
from store import open_project
from store.migrations import SCHEMA_VERSION, migration_names, migrations

EXPECTED_TABLES = {
    "meta", "project_schema", "documents", "spans", "events", "event_arguments", "actions",
    "proposal_runs", "documents_fts", "_sqlite_migrations",
}


def test_new_project_has_readable_tables_wal_and_foreign_keys(store) -> None:
    tables = set(store.db.table_names())
    assert EXPECTED_TABLES <= tables
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    meta = store.meta()
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert meta["app_version"] == __version__
    assert store.schema().name == "news-ace"


def test_golden_columns(store) -> None:
    tables = ("documents", "spans", "events", "event_arguments", "actions", "relations", "equivalences")
    columns = {t: [c.name for c in store.db[t].columns] for t in tables}
    assert columns == {
        "documents": ["id", "title", "text", "source", "meta", "content_hash", "status", "created_at", "updated_at", "warnings"],
        "spans": ["id", "document_id", "start", "end", "label", "status", "source", "score", "note", "deleted", "created_at", "updated_at",
                  "fragments", "attributes", "norms"],
        "events": ["id", "document_id", "type", "trigger_span_id", "attributes", "status", "source", "score", "note", "deleted", "created_at", "updated_at",
                   "norms"],
        "event_arguments": ["id", "event_id", "role", "span_id", "argument_event_id"],
        "actions": ["id", "time", "action", "kind", "document_id", "target", "before", "after", "payload", "replays"],
        "relations": ["id", "document_id", "type", "head_span_id", "child_span_id", "attributes", "status", "source",
                      "score", "note", "deleted", "created_at", "updated_at"],
        "equivalences": ["id", "document_id", "type", "span_ids", "source", "deleted", "created_at", "updated_at"],
    }
    indexed = {tuple(i.columns) for i in store.db["spans"].indexes}
    assert ("document_id", "start", "end") in indexed


def test_constraints_refuse_bad_rows(store, session) -> None:
    from tests.conftest import add_document

    doc = add_document(session, "Some text here.")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO spans (document_id, start, end, label, status, source, created_at, updated_at) VALUES (?, 5, 2, 'GPE', 'accepted', 'user', '', '')", [doc])
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO spans (document_id, start, end, label, status, source, created_at, updated_at) VALUES (999, 0, 2, 'GPE', 'accepted', 'user', '', '')")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE documents SET status = 'finished' WHERE id = ?", [doc])


def test_reopen_keeps_everything(project_path: Path, store, session) -> None:
    from tests.conftest import add_document

    doc = add_document(session, "Kerry met Putin in Moscow.")
    store.close()
    with open_project(project_path) as again:
        assert again.document(doc).text == "Kerry met Putin in Moscow."
        assert again.schema().event_type("Contact.Meet") is not None


def test_migrates_a_version_1_file(project_path: Path) -> None:
    # Build a file exactly as version 1 left it.
    db = Database(project_path)
    migrations.apply(db, stop_before=migration_names()[1])
    db["meta"].insert_all([{"key": "schema_version", "value": "1"}, {"key": "app_version", "value": "0.0.1"}])
    db.execute("INSERT INTO project_schema VALUES (1, 'news-ace', ?, '')", [builtin_schema("news-ace").to_json()])
    db.execute("INSERT INTO documents (title, text, content_hash, created_at, updated_at) VALUES ('a', 'A text.', 'h', '', '')")
    db.conn.commit()
    assert "proposal_runs" not in db.table_names()
    db.close()

    with open_project(project_path) as store:
        assert "proposal_runs" in store.db.table_names()
        assert store.meta()["schema_version"] == str(SCHEMA_VERSION)
        assert [m.name for m in migrations.applied(store.db)] == migration_names()
        assert store.document(1).text == "A text."


def test_a_label_keyed_r_gives_the_key_up_to_relations(project_path: Path) -> None:
    # A file of version 8 whose PERCENT has the key R starts a relation with now.
    db = Database(project_path)
    migrations.apply(db, stop_before="0009_free_the_relation_key")
    db["meta"].insert_all([{"key": "schema_version", "value": "8"}, {"key": "app_version", "value": "0.0.8"}])
    body = builtin_schema("news-ace").to_dict()
    next(lb for lb in body["entity_labels"] if lb["name"] == "PERCENT")["key"] = "R"
    db.execute("INSERT INTO project_schema VALUES (1, 'news-ace', ?, '')", [json.dumps(body)])
    db.conn.commit()
    db.close()
    with open_project(project_path) as store:
        schema = store.schema()  # would not validate with the old key
        assert schema.label("PERCENT").key == "%"
        assert schema.label("PERSON").key == "1"


def test_refuses_a_file_from_a_newer_version(project_path: Path, store) -> None:
    store.db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    store.db.execute("UPDATE meta SET value = '9.0.0' WHERE key = 'app_version'")
    store.db.conn.commit()
    store.close()
    with pytest.raises(ProjectError, match=r"written by a newer Annotary \(Annotary 9\.0\.0\).*Update Annotary"):
        open_project(project_path)


def test_refuses_unknown_migrations(project_path: Path, store) -> None:
    store.db["_sqlite_migrations"].insert({"migration_set": "annotary", "name": "0099_future", "applied_at": ""})
    store.db.conn.commit()
    store.close()
    with pytest.raises(ProjectError, match="newer Annotary"):
        open_project(project_path)


def test_refuses_non_sqlite_and_foreign_sqlite(tmp_path: Path) -> None:
    text = tmp_path / "notes.annotary"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectError, match="not an SQLite database"):
        open_project(text)
    other = tmp_path / "other.db"
    Database(other)["people"].insert({"name": "x"})
    with pytest.raises(ProjectError, match="no 'meta' table"):
        open_project(other)


def test_missing_folder_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(tmp_path / "nowhere" / "p.annotary", create=True, schema=builtin_schema("acled"))
    with pytest.raises(ProjectError, match="no such project"):
        open_project(tmp_path / "p.annotary")


def test_read_only_file_is_refused_for_writing_but_readable(project_path: Path, store) -> None:
    store.close()
    project_path.chmod(0o444)
    try:
        with pytest.raises(ProjectError, match="read-only"):
            open_project(project_path)
        with open_project(project_path, readonly=True) as ro:
            assert ro.stats()["documents"]["total"] == 0
    finally:
        project_path.chmod(0o644)


def test_full_text_search(session) -> None:
    from tests.conftest import add_document

    add_document(session, "Shelling hit Kharkiv overnight.", "Kharkiv shelling")
    b = add_document(session, "Envoys met in Geneva on Tuesday.", "Geneva talks")
    assert session.repo.search("Geneva") == [b]
    assert session.repo.search('"met in"') == [b]
    assert session.repo.search("Nairobi") == []


def test_a_status_update_does_not_reindex_the_text(store, session) -> None:
    from annotate.model import DocStatus
    from tests.conftest import add_document

    doc = add_document(session, "Talks in Geneva. " * 2000)
    sent: list[str] = []
    store.db.conn.set_trace_callback(sent.append)
    with store.transaction():
        store.set_document_status(doc, DocStatus.DONE)
        store.set_document_warnings(doc, 3)
    store.db.conn.set_trace_callback(None)
    assert not [s for s in sent if "documents_fts" in s], sent
    assert store.search("Geneva") == [doc]
