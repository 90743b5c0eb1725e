"""The project file's schema history: ordered, named migrations (sqlite-utils ``Migrations``).

The schema version of a file is the number of the last migration applied to it; a file whose
version is above :data:`SCHEMA_VERSION` was written by a newer Annotary and is refused.
Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database, Migrations

MIGRATION_SET = "annotary"
migrations = Migrations(MIGRATION_SET)
_NAMES: list[str] = []


def _migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register a migration with sqlite-utils and remember the order here."""
    _NAMES.append(name)
    return migrations(name=name)

STATUS_DOC = "'new','in_progress','done','skipped'"
STATUS_SPAN = "'proposed','accepted','rejected'"


@_migration("0001_initial")
def initial(db: Database) -> None:
    """Documents, spans, events, arguments, the action log, meta and the project schema."""
    db.executescript(
        f"""
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE project_schema (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            name TEXT NOT NULL,
            body TEXT NOT NULL,            -- the schema as JSON (resources/schemas/README.md)
            updated_at TEXT NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,            -- exactly as imported; offsets index into it
            source TEXT NOT NULL DEFAULT '',
            meta TEXT NOT NULL DEFAULT '{{}}',
            content_hash TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ({STATUS_DOC})),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            start INTEGER NOT NULL,        -- code points, inclusive
            end INTEGER NOT NULL,          -- code points, exclusive
            label TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ({STATUS_SPAN})),
            source TEXT NOT NULL,
            score REAL,
            note TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (start >= 0 AND end > start)
        );
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            trigger_span_id INTEGER NOT NULL REFERENCES spans(id),
            attributes TEXT NOT NULL DEFAULT '{{}}',
            status TEXT NOT NULL CHECK (status IN ({STATUS_SPAN})),
            source TEXT NOT NULL,
            score REAL,
            note TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE event_arguments (
            id INTEGER PRIMARY KEY,
            event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            span_id INTEGER NOT NULL REFERENCES spans(id)
        );
        CREATE TABLE actions (
            id INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            action TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('do','undo')),
            document_id INTEGER,           -- no foreign key: the log outlives what it names
            target TEXT,
            before TEXT,
            after TEXT
        );
        CREATE INDEX idx_documents_status ON documents(status);
        CREATE INDEX idx_spans_document ON spans(document_id, start, end);
        CREATE INDEX idx_events_document ON events(document_id);
        CREATE INDEX idx_events_trigger ON events(trigger_span_id);
        CREATE INDEX idx_arguments_event ON event_arguments(event_id);
        CREATE INDEX idx_arguments_span ON event_arguments(span_id);
        CREATE INDEX idx_actions_document ON actions(document_id);
        """
    )
    db.table("documents").enable_fts(["title", "text"], fts_version="FTS5", create_triggers=True)
    # Document text never changes after import, and indexing rows one trigger at a time is
    # twice as slow as one bulk insert: ProjectStore.add_documents indexes new rows itself.
    # The update and delete triggers stay.
    db.execute("DROP TRIGGER documents_ai")


@_migration("0002_proposal_runs")
def proposal_runs(db: Database) -> None:
    """Which proposer has already run on which document, so batches resume and re-runs of the
    same model version do nothing new."""
    db.executescript(
        """
        CREATE TABLE proposal_runs (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            source TEXT NOT NULL,          -- e.g. model:en_core_web_sm@3.8.0, pattern
            finished_at TEXT NOT NULL,
            PRIMARY KEY (document_id, source)
        );
        """
    )


@_migration("0003_pattern_files")
def pattern_files(db: Database) -> None:
    """Pattern files live in the project, so it proposes the same on any machine."""
    db.executescript(
        """
        CREATE TABLE pattern_files (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            content TEXT NOT NULL,         -- Prodigy-style JSONL patterns
            added_at TEXT NOT NULL
        );
        """
    )


@_migration("0004_span_count_indexes")
def span_count_indexes(db: Database) -> None:
    """The window counts spans after every action (per document by status, accepted today):
    covering indexes keep that from scanning every span of the project."""
    db.executescript(
        """
        CREATE INDEX idx_spans_document_status ON spans(document_id, deleted, status);
        CREATE INDEX idx_spans_status_updated ON spans(status, deleted, updated_at);
        """
    )


@_migration("0005_document_warnings")
def document_warnings(db: Database) -> None:
    """How many warnings the document's accepted events have (see annotate/event_check.py),
    kept by the session after every action so the document list can show it without
    re-checking every document."""
    db.execute("ALTER TABLE documents ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0")


@_migration("0006_undo_payload")
def undo_payload(db: Database) -> None:
    """The action itself beside each log row, so undo works after a restart or a crash; and,
    for an undo or a redo, the row it reverts or applies again (a redo is logged as 'do')."""
    db.executescript(
        """
        ALTER TABLE actions ADD COLUMN payload TEXT;      -- JSON (annotate/actions/codec.py)
        ALTER TABLE actions ADD COLUMN replays INTEGER;   -- actions.id of the step undone or redone
        CREATE INDEX idx_actions_payload ON actions(id) WHERE payload IS NOT NULL;
        """
    )


@_migration("0007_fts_on_text_changes_only")
def fts_on_text_changes_only(db: Database) -> None:
    """Re-index a document only when its title or text changes (never, after import), not on
    every status or warning-count update: the old trigger rewrote a long article's whole index
    entry on each Ctrl+Enter and on each event edit."""
    db.executescript(
        """
        DROP TRIGGER IF EXISTS documents_au;
        CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
          INSERT INTO documents_fts (documents_fts, rowid, title, text) VALUES('delete', old.rowid, old.title, old.text);
          INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
        END;
        """
    )


@_migration("0008_relations_and_more")
def relations_and_more(db: Database) -> None:
    """Everything brat and Prodigy carry besides spans and events (docs/adr/0009): relations,
    equivalence sets, events as arguments, span fragments, attributes and normalisations on
    spans, normalisations on events."""
    db.executescript(
        f"""
        ALTER TABLE spans ADD COLUMN fragments TEXT;     -- JSON [[start, end], ...] or NULL
        ALTER TABLE spans ADD COLUMN attributes TEXT NOT NULL DEFAULT '{{}}';
        ALTER TABLE spans ADD COLUMN norms TEXT;         -- JSON [{{type, resource, reference, text}}] or NULL
        ALTER TABLE events ADD COLUMN norms TEXT;
        ALTER TABLE event_arguments ADD COLUMN argument_event_id INTEGER REFERENCES events(id);  -- an event as argument
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            head_span_id INTEGER NOT NULL REFERENCES spans(id),
            child_span_id INTEGER NOT NULL REFERENCES spans(id),
            attributes TEXT NOT NULL DEFAULT '{{}}',
            status TEXT NOT NULL CHECK (status IN ({STATUS_SPAN})),
            source TEXT NOT NULL,
            score REAL,
            note TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_relations_document ON relations(document_id);
        CREATE INDEX idx_relations_head ON relations(head_span_id);
        CREATE INDEX idx_relations_child ON relations(child_span_id);
        CREATE TABLE equivalences (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL,
            span_ids TEXT NOT NULL,        -- JSON [span id, ...], two or more
            source TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX idx_equivalences_document ON equivalences(document_id);
        CREATE INDEX idx_arguments_event_argument ON event_arguments(argument_event_id);
        """
    )


@_migration("0009_free_the_relation_key")
def free_the_relation_key(db: Database) -> None:
    """R starts a relation now (issue 13): a label that had ``r`` as its key (the built-in
    schemas' PERCENT) gets ``%`` when that is free, no key otherwise, so the project's schema
    still validates."""
    import json

    row = db.execute("SELECT body FROM project_schema WHERE id = 1").fetchone()
    if row is None:
        return
    body = json.loads(row[0])
    labels = body.get("entity_labels", [])
    taken = {lb.get("key") for lb in labels}
    changed = False
    for label in labels:
        if isinstance(label.get("key"), str) and label["key"].lower() == "r":
            label["key"] = "%" if "%" not in taken else None
            taken.add(label["key"])
            changed = True
    if changed:
        db.execute("UPDATE project_schema SET body = ? WHERE id = 1", [json.dumps(body, ensure_ascii=False)])


def migration_names() -> list[str]:
    """Names of this Annotary's migrations, in order."""
    return list(_NAMES)


# The newest schema version this Annotary writes: the number of its migrations.
SCHEMA_VERSION = len(_NAMES)
