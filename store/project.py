"""A project file: opening it safely, and the Repository over its tables."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotate import __version__
from annotate.errors import ActionError, AnnotaryError, ProjectError, SchemaError
from annotate.model import Document, DocStatus, DocumentSummary, StoredDocument
from annotate.repository import LoggedStep
from annotate.schema import Schema
from store.faults import BUSY_TIMEOUT, is_fault, storage_error
from store.migrations import SCHEMA_VERSION, migration_names, migrations
from store.records import RecordQueries, now
from store.relation_records import RelationQueries
from store.stats import project_stats

SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIX = ".annotary"


def open_project(
    path: Path | str,
    *,
    create: bool = False,
    schema: Schema | None = None,
    readonly: bool = False,
) -> ProjectStore:
    """Open (or with ``create``, create) a project file, checking it thoroughly first.

    Raises ProjectError with one line naming the file and the problem: missing folder, not
    SQLite, not an Annotary project, written by a newer version, read-only.
    """
    path = Path(path)
    if path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not path.parent.is_dir():
        raise ProjectError(f"{path}: folder {path.parent} does not exist")
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise ProjectError(f"{path}: not a regular file, so not a project")  # a FIFO would hang
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise ProjectError(f"{path}: no such project")
    if exists:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_HEADER:
                raise ProjectError(f"{path}: not an Annotary project (not an SQLite database)")
        if not readonly and _read_only(path):
            raise ProjectError(f"{path}: the project file is read-only; make it writable to change it")
    if not readonly and not os.access(path.parent, os.W_OK):
        raise ProjectError(f"{path}: folder {path.parent} is not writable (SQLite needs it for its journal)")
    conn: sqlite3.Connection | None = None
    try:
        # Implicit transactions take the write lock up front too (see ProjectStore.transaction).
        if readonly:
            conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=BUSY_TIMEOUT,
                                   isolation_level="IMMEDIATE")
        else:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level="IMMEDIATE")
        store = ProjectStore(path, ProjectDatabase(conn, path), readonly=readonly)
        store.prepare(schema if not exists else None)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise storage_error(path, exc) from None
    except AnnotaryError:
        if conn is not None:
            conn.close()
        raise
    return store


class ProjectDatabase(Database):
    """sqlite-utils' Database whose SQLite errors come out as one line naming the project."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(conn)
        self.path = path

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            if not is_fault(exc):
                raise
            raise storage_error(self.path, exc) from exc

    def _executescript(self, sql: str) -> sqlite3.Cursor:
        try:
            return super()._executescript(sql)
        except sqlite3.Error as exc:
            if not is_fault(exc):
                raise
            raise storage_error(self.path, exc) from exc

    def executemany(self, sql: str, rows: Iterable[Any]) -> sqlite3.Cursor:
        """``Connection.executemany`` with the same errors (the import's hot path)."""
        try:
            return self.conn.executemany(sql, rows)
        except sqlite3.Error as exc:
            if not is_fault(exc):
                raise
            raise storage_error(self.path, exc) from exc


def _read_only(path: Path) -> bool:
    # Root may write anywhere; the mode bits still say what the owner meant.
    return not os.access(path, os.W_OK) or not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)


class ProjectStore(RecordQueries, RelationQueries):
    """The :class:`~annotate.repository.Repository` of one project file."""

    db: ProjectDatabase

    def __init__(self, path: Path, db: ProjectDatabase, readonly: bool = False) -> None:
        self.path = path
        self.db = db
        self.readonly = readonly
        self._schema: Schema | None = None

    # -- opening --------------------------------------------------------------------------
    def prepare(self, new_schema: Schema | None) -> None:
        """Check the file's version, migrate it, and initialise a new one. Opening an existing
        project that is up to date writes nothing, so it never waits for another writer."""
        tables = set(self.db.table_names())
        if tables and "meta" not in tables:
            raise ProjectError(f"{self.path}: not an Annotary project (it has no 'meta' table)")
        if "meta" in tables:
            self._refuse_newer()
        if self.readonly:
            return
        self.db.execute("PRAGMA foreign_keys = ON")
        if self.db.journal_mode != "wal":
            self.db.enable_wal()  # once per file: WAL mode is persistent
        if not tables and new_schema is None:
            raise ProjectError(f"{self.path}: a new project needs a schema")
        versions = {"schema_version": str(SCHEMA_VERSION), "app_version": __version__}
        if migrations.pending(self.db) or tables and self._meta_values(versions) != versions:
            with self.transaction():
                # Under the write lock: another process may have migrated it meanwhile.
                migrations.apply(self.db)
                if new_schema is not None and not tables:
                    self.db.table("meta").insert_all(
                        [{"key": "created_at", "value": now()},
                         {"key": "created_by", "value": f"annotary {__version__}"}],
                        replace=True,
                    )
                    self._write_schema(new_schema)
                self.db.table("meta").insert_all([{"key": k, "value": v} for k, v in versions.items()], replace=True)

    def _meta_values(self, keys: dict[str, str]) -> dict[str, str]:
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", list(keys))
        return dict(rows.fetchall())

    def _refuse_newer(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(row[0]) if row else 0
        applied = {m.name for m in migrations.applied(self.db)}
        unknown = applied - set(migration_names())
        if version > SCHEMA_VERSION or unknown:
            app = self.db.execute("SELECT value FROM meta WHERE key = 'app_version'").fetchone()
            by = f" (Annotary {app[0]})" if app else ""
            raise ProjectError(
                f"{self.path}: written by a newer Annotary{by}, file schema version {version}; "
                f"this Annotary {__version__} reads up to version {SCHEMA_VERSION}. "
                "Update Annotary to open it."
            )

    def change_stamp(self) -> tuple[int, int]:
        """Rows this connection has written so far and SQLite's count of other connections'
        commits: while the stamp stays the same, nothing read from the file has changed."""
        return self.db.conn.total_changes, self.db.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.db.close()

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        """The meta table as a dict."""
        return {r["key"]: r["value"] for r in self.db["meta"].rows}

    # -- transactions and audit -----------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All writes inside commit together or not at all (savepoints when nested).

        The write lock is taken up front (``BEGIN IMMEDIATE``), under the busy timeout: a
        deferred ``BEGIN`` that later upgrades to a write fails at once when another process
        is writing, instead of waiting its turn."""
        conn = self.db.conn
        if conn.in_transaction:
            try:
                with self.db.atomic() as db:
                    yield db
            except BaseException:
                self._schema = None  # read again: a schema written inside may be rolled back
                raise
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            if not is_fault(exc):
                raise
            raise storage_error(self.path, exc) from exc
        self._schema = None  # under the lock: another process may have changed the schema
        try:
            yield self.db
        except BaseException:
            self._schema = None
            if conn.in_transaction:
                conn.rollback()
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._schema = None
            if conn.in_transaction:
                conn.rollback()
            raise storage_error(self.path, exc) from exc

    def log_action(
        self, action: str, kind: str, document_id: int | None, target: str | None, before: Any, after: Any,
        payload: Any = None, replays: int | None = None,
    ) -> int:
        cur = self.db.execute(
            "INSERT INTO actions (time, action, kind, document_id, target, before, after, payload, replays) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [now(), action, kind, document_id, target, _json(before), _json(after), _json(payload), replays],
        )
        return int(cur.lastrowid or 0)

    def last_step(self, row: int) -> str | None:
        found = self.db.execute(
            "SELECT kind FROM actions WHERE id = ? OR replays = ? ORDER BY id DESC LIMIT 1", [row, row]
        ).fetchone()
        return found[0] if found else None

    def undo_history(self, limit: int) -> list[LoggedStep]:
        rows = self.db.execute(
            "SELECT id, kind, replays, payload FROM actions WHERE payload IS NOT NULL ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [LoggedStep(i, kind, replays, json.loads(payload)) for i, kind, replays, payload in reversed(rows)]

    def action_log(self, document_id: int | None = None) -> list[dict[str, Any]]:
        """The action log, oldest first, optionally for one document."""
        where, params = ("document_id = ?", [document_id]) if document_id is not None else (None, [])
        rows = self.db["actions"].rows_where(where, params, order_by="id")
        return [
            r | {"before": _unjson(r["before"]), "after": _unjson(r["after"]), "payload": _unjson(r["payload"])}
            for r in rows
        ]

    # -- schema ---------------------------------------------------------------------------
    def schema(self) -> Schema:
        if self._schema is None:
            row = self.db.execute("SELECT body FROM project_schema WHERE id = 1").fetchone()
            if row is None:
                raise ProjectError(f"{self.path}: the project has no schema")
            try:
                self._schema = Schema.from_json(row[0], f"{self.path} (project schema)")
            except SchemaError as exc:
                raise ProjectError(str(exc)) from None
        return self._schema

    def set_schema(self, schema: Schema) -> None:
        Schema.from_dict(schema.to_dict(), "new project schema")  # validate before writing
        self._write_schema(schema)

    def _write_schema(self, schema: Schema) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO project_schema (id, name, body, updated_at) VALUES (1, ?, ?, ?)",
            [schema.name, schema.to_json(), now()],
        )
        self._schema = None

    # -- documents ------------------------------------------------------------------------
    def add_documents(self, documents: Iterable[Document]) -> list[int]:
        with self.transaction():  # all of them or none (a savepoint inside an import)
            return self._insert_documents(documents)

    def _insert_documents(self, documents: Iterable[Document]) -> list[int]:
        stamp = now()
        first = (self.db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]) + 1
        rows = (
            (d.title, d.text, d.source, json.dumps(d.meta, ensure_ascii=False), d.content_hash,
             str(d.status), stamp, stamp)
            for d in documents
        )
        # Raw executemany: the import hot path (see bench/import_bench.py).
        cur = self.db.executemany(
            "INSERT INTO documents (title, text, source, meta, content_hash, status, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        ids = list(range(first, first + max(cur.rowcount, 0)))
        if ids:
            # Bulk FTS indexing (there is no insert trigger; see migration 0001).
            self.db.execute(
                "INSERT INTO documents_fts (rowid, title, text) "
                "SELECT id, title, text FROM documents WHERE id >= ?",
                [first],
            )
        return ids

    def document(self, document_id: int) -> StoredDocument:
        row = self.db.execute(
            "SELECT id, title, text, source, meta, content_hash, status FROM documents WHERE id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise ActionError(f"no document with id {document_id}")
        return _document(row)

    def document_ids(self, status: DocStatus | None = None) -> list[int]:
        if status is None:
            rows = self.db.execute("SELECT id FROM documents ORDER BY id")
        else:
            rows = self.db.execute("SELECT id FROM documents WHERE status = ? ORDER BY id", [str(status)])
        return [r[0] for r in rows]

    def iter_documents(self) -> Iterator[StoredDocument]:
        cur = self.db.execute(
            "SELECT id, title, text, source, meta, content_hash, status FROM documents ORDER BY id"
        )
        for row in cur:
            yield _document(row)

    def known_hashes(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT content_hash FROM documents")}

    def document_with_hash(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM documents WHERE content_hash = ?", [content_hash]).fetchone()
        return row[0] if row else None

    def set_document_status(self, document_id: int, status: DocStatus) -> None:
        self.db.execute(
            "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
            [str(status), now(), document_id],
        )

    def _document_filter(
        self, status: DocStatus | None, query: str | None, document_id: int | None = None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if document_id is not None:
            clauses.append("d.id = ?")
            params.append(document_id)
        if status is not None:
            clauses.append("d.status = ?")
            params.append(str(status))
        if query and query.strip():
            if not any(ch.isalnum() for ch in query):
                clauses.append("0")  # only quotes or punctuation: FTS5 would call it a syntax error
            else:
                clauses.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
                params.append(self.db.quote_fts(query))
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count_documents(self, status: DocStatus | None = None, query: str | None = None) -> int:
        """How many documents match a status and a full-text query."""
        where, params = self._document_filter(status, query)
        return self.db.execute(f"SELECT COUNT(*) FROM documents d{where}", params).fetchone()[0]

    def document_summaries(
        self,
        status: DocStatus | None = None,
        query: str | None = None,
        offset: int = 0,
        limit: int = 200,
        document_id: int | None = None,
    ) -> list[DocumentSummary]:
        """One page of the document list, in import order, with span counts."""
        where, params = self._document_filter(status, query, document_id)
        rows = self.db.execute(
            f"SELECT d.id, d.title, d.status, d.warnings FROM documents d{where} ORDER BY d.id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        if not rows:
            return []
        marks = ",".join("?" * len(rows))
        counts: dict[tuple[int, str], int] = {
            (doc, status_): n
            for doc, status_, n in self.db.execute(
                f"SELECT document_id, status, COUNT(*) FROM spans WHERE deleted = 0 AND document_id IN ({marks}) "
                "GROUP BY document_id, status",
                [r[0] for r in rows],
            )
        }
        return [
            DocumentSummary(i, title, DocStatus(st), counts.get((i, "accepted"), 0), counts.get((i, "proposed"), 0), w)
            for i, title, st, w in rows
        ]

    def set_document_warnings(self, document_id: int, count: int) -> None:
        """Store how many warnings a document's events have."""
        self.db.execute("UPDATE documents SET warnings = ? WHERE id = ? AND warnings != ?", [count, document_id, count])

    def document_warnings(self, document_id: int) -> int:
        """The stored warning count of a document."""
        row = self.db.execute("SELECT warnings FROM documents WHERE id = ?", [document_id]).fetchone()
        return row[0] if row else 0

    def accepted_since(self, timestamp: str) -> int:
        """Spans accepted (or created accepted) since an ISO timestamp."""
        return self.db.execute(
            "SELECT COUNT(*) FROM spans WHERE deleted = 0 AND status = 'accepted' AND updated_at >= ?", [timestamp]
        ).fetchone()[0]

    def search(self, query: str, limit: int = 100) -> list[int]:
        """Ids of documents matching a full-text query (FTS5 over title and text)."""
        rows = self.db.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?",
            [self.db.quote_fts(query), limit],
        )
        return [r[0] for r in rows]

    # -- proposals and settings -----------------------------------------------------------
    def documents_proposed_by(self, source: str) -> set[int]:
        rows = self.db.execute("SELECT document_id FROM proposal_runs WHERE source = ?", [source])
        return {r[0] for r in rows}

    def mark_proposed(self, document_id: int, source: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO proposal_runs (document_id, source, finished_at) VALUES (?, ?, ?)",
            [document_id, source, now()],
        )

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [f"setting:{key}"]).fetchone()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [f"setting:{key}", value])

    def pattern_files(self) -> list[tuple[str, str]]:
        return [(name, content) for name, content in self.db.execute("SELECT name, content FROM pattern_files ORDER BY id")]

    def add_pattern_file(self, name: str, content: str) -> None:
        self.db.execute(
            "INSERT INTO pattern_files (name, content, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET content = excluded.content, added_at = excluded.added_at",
            [name, content, now()],
        )

    # -- reporting ------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        return project_stats(self.db)


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _unjson(value: str | None) -> Any:
    return None if value is None else json.loads(value)


def _document(row: tuple) -> StoredDocument:
    doc_id, title, text, source, meta, digest, status = row
    return StoredDocument(text, title, source, json.loads(meta), DocStatus(status), digest, doc_id)
