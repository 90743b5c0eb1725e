"""Import benchmark: 20,000 generated ~500-word articles through ``Session.import_paths``.

Prints articles/s for Annotary's import (read .jsonl, hash, schema checks, insert, FTS5 index,
action log, one transaction) and for a raw ``sqlite3`` ``executemany`` of the same rows into a
plain table in one transaction, measured in the same run, and their ratio.
Targets: >= 2,000 articles/s and ratio >= 0.3. Run: ``.venv/bin/python bench/import_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.resources import builtin_schema  # noqa: E402
from annotate.session import Session  # noqa: E402
from annotate.text import content_hash, title_of  # noqa: E402
from store import open_project  # noqa: E402
from store.records import now  # noqa: E402

WORDS = (
    "the government said forces attacked village on Tuesday minister met envoys in Geneva talks "
    "ceasefire troops withdrew from border town residents fled shelling killed civilians police "
    "arrested protesters capital officials United Nations said aid convoy reached region election "
    "results court sentenced former official agreement signed Kyiv Moscow Nairobi Cairo"
).split()


def generate(n: int, words: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        out.append({"text": f"Article {i}: {' '.join(rng.choice(WORDS) for _ in range(8))}\n\n{body}.\n"})
    return out


def raw_reference(path: Path, tasks: list[dict], fts: bool = False) -> float:
    """Raw executemany of the same rows in one transaction; with ``fts`` also the same FTS5
    index Annotary keeps, built in bulk (the intrinsic cost of searchable text)."""
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT, source TEXT, meta TEXT, "
        "content_hash TEXT, status TEXT, created_at TEXT, updated_at TEXT)"
    )
    if fts:
        conn.execute(
            "CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id')"
        )
    start = time.perf_counter()
    stamp = now()
    rows = [
        (title_of(t["text"]), t["text"], "bench", "{}", content_hash(t["text"]), "new", stamp, stamp)
        for t in tasks
    ]
    with conn:
        conn.executemany(
            "INSERT INTO documents (title, text, source, meta, content_hash, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        if fts:
            conn.execute("INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def annotary_import(project: Path, jsonl: Path) -> float:
    store = open_project(project, create=True, schema=builtin_schema("news-ace"))
    start = time.perf_counter()
    report = Session(store).import_paths([jsonl])
    elapsed = time.perf_counter() - start
    store.close()
    assert report.documents > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=500)
    args = parser.parse_args()
    tasks = generate(args.articles, args.words)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jsonl = folder / "articles.jsonl"
        jsonl.write_text("".join(json.dumps(t) + "\n" for t in tasks), encoding="utf-8")
        mb = jsonl.stat().st_size / 1e6
        raw = raw_reference(folder / "raw.sqlite", tasks)
        raw_fts = raw_reference(folder / "raw_fts.sqlite", tasks, fts=True)
        ours = annotary_import(folder / "bench.annotary", jsonl)
    n = args.articles
    print(f"articles: {n} x ~{args.words} words ({mb:.0f} MB of JSONL)")
    print(f"raw sqlite3 executemany: {raw:7.2f} s  {n / raw:9.0f} articles/s")
    print(f"raw rows + FTS5 index:   {raw_fts:7.2f} s  {n / raw_fts:9.0f} articles/s")
    print(f"annotary import:         {ours:7.2f} s  {n / ours:9.0f} articles/s  (target >= 2000)")
    print(f"ratio annotary/raw:      {raw / ours:7.2f}  (target >= 0.3)")
    print(f"ratio annotary/raw+FTS5: {raw_fts / ours:7.2f}  (Annotary's own overhead: parsing, checks, log)")


if __name__ == "__main__":
    main()
