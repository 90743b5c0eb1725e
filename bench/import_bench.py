"""Import benchmark: generated ~500-word articles in one .jsonl through ``Session.import_paths``,
at each of ``--sizes`` (default 10,000 and 100,000 articles).

For each size, in the same run and each in a fresh child process (so its peak resident memory,
``ru_maxrss``, is its own): Annotary's import into a new project (read the .jsonl a block at a
time, parse, hash, schema checks, insert, FTS5 index, action log, one transaction), and raw
``sqlite3`` ``executemany`` of the same rows (prepared before the clock starts) into a plain
table in one transaction, without and with the same FTS5 index built in bulk. Prints
articles/s, peak RSS, and the ratios; also the RSS of a child that only imports Annotary's
modules (the floor any import starts from).
Targets: >= 5,000 articles/s, <= 300 MB at 100,000 articles, ratio to raw+FTS5 >= 0.3.
Run: ``.venv/bin/python bench/import_bench.py [--sizes 10000 100000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "the government said forces attacked village on Tuesday minister met envoys in Geneva talks "
    "ceasefire troops withdrew from border town residents fled shelling killed civilians police "
    "arrested protesters capital officials United Nations said aid convoy reached region election "
    "results court sentenced former official agreement signed Kyiv Moscow Nairobi Cairo"
).split()
TARGET_RATE = 5000
TARGET_MB = 300


def write_corpus(path: Path, n: int, words: int, seed: int = 7) -> None:
    """``n`` distinct tasks, written one line at a time (the corpus is never in memory)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            body = " ".join(rng.choice(WORDS) for _ in range(words))
            text = f"Article {i}: {' '.join(rng.choice(WORDS) for _ in range(8))}\n\n{body}.\n"
            out.write(json.dumps({"text": text}) + "\n")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child_baseline() -> dict:
    """Only the modules an import loads."""
    from annotate.formats import discover  # noqa: F401
    from annotate.session import Session  # noqa: F401
    from store import open_project  # noqa: F401

    return {"seconds": 0.0}


def child_raw(jsonl: Path, db: Path, fts: bool) -> dict:
    """Raw executemany of the same rows in one transaction; with ``fts`` also the same FTS5
    index Annotary keeps, built in bulk (the intrinsic cost of searchable text)."""
    import sqlite3

    from annotate.text import content_hash, title_of
    from store.records import now

    stamp = now()
    with jsonl.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, title TEXT, text TEXT, source TEXT, meta TEXT, "
        "content_hash TEXT, status TEXT, created_at TEXT, updated_at TEXT)"
    )
    if fts:
        conn.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='id')")
    start = time.perf_counter()
    rows = ((title_of(t), t, "bench", "{}", content_hash(t), "new", stamp, stamp) for t in texts)
    with conn:
        conn.executemany(
            "INSERT INTO documents (title, text, source, meta, content_hash, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        if fts:
            conn.execute("INSERT INTO documents_fts (rowid, title, text) SELECT id, title, text FROM documents")
    elapsed = time.perf_counter() - start
    conn.close()
    return {"seconds": elapsed}


def child_annotary(jsonl: Path, project: Path) -> dict:
    """Annotary's import of the file into a new project."""
    from annotate.resources import builtin_schema
    from annotate.session import Session
    from store import open_project

    store = open_project(project, create=True, schema=builtin_schema("news-ace"))
    start = time.perf_counter()
    report = Session(store).import_paths([jsonl])
    elapsed = time.perf_counter() - start
    store.close()
    return {"seconds": elapsed, "documents": report.documents}


def measure(mode: str, *args: Path) -> dict:
    """Run one measurement in a child process; its figures and its peak RSS in MB."""
    done = subprocess.run([sys.executable, __file__, "--child", mode, *map(str, args)],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def run_child(mode: str, args: list[str]) -> None:
    paths = [Path(a) for a in args]
    if mode == "baseline":
        result = child_baseline()
    elif mode in ("raw", "raw_fts"):
        result = child_raw(paths[0], paths[1], fts=mode == "raw_fts")
    else:
        result = child_annotary(paths[0], paths[1])
    print(json.dumps(result | {"rss_mb": _peak_mb()}))


def bench(n: int, words: int, folder: Path) -> None:
    jsonl = folder / f"articles-{n}.jsonl"
    write_corpus(jsonl, n, words)
    mb = jsonl.stat().st_size / 1e6
    raw = measure("raw", jsonl, folder / f"raw-{n}.sqlite")
    raw_fts = measure("raw_fts", jsonl, folder / f"raw-fts-{n}.sqlite")
    ours = measure("annotary", jsonl, folder / f"bench-{n}.annotary")
    assert ours["documents"] == n, ours
    for leftover in folder.glob(f"*-{n}.*"):
        leftover.unlink()
    rate = n / ours["seconds"]
    print(f"\n{n} articles x ~{words} words ({mb:.0f} MB of JSONL)")
    print(f"  raw sqlite3 executemany: {raw['seconds']:7.2f} s  {n / raw['seconds']:8.0f} articles/s")
    print(f"  raw rows + FTS5 index:   {raw_fts['seconds']:7.2f} s  {n / raw_fts['seconds']:8.0f} articles/s")
    print(f"  annotary import:         {ours['seconds']:7.2f} s  {rate:8.0f} articles/s  (target >= {TARGET_RATE})"
          f"  {'ok' if rate >= TARGET_RATE else 'BELOW'}")
    print(f"  peak RSS annotary import: {ours['rss_mb']:6.0f} MB  (target <= {TARGET_MB})"
          f"  {'ok' if ours['rss_mb'] <= TARGET_MB else 'ABOVE'}")
    print(f"  peak RSS raw (rows held in memory): {raw['rss_mb']:6.0f} MB")
    print(f"  ratio annotary/raw:      {raw['seconds'] / ours['seconds']:7.2f}")
    print(f"  ratio annotary/raw+FTS5: {raw_fts['seconds'] / ours['seconds']:7.2f}  (target >= 0.3; "
          "Annotary's own overhead: parsing, checks, log)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--words", type=int, default=500)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child[0], args.child[1:])
        return
    print(f"peak RSS of a child that only imports Annotary's import modules: {measure('baseline')['rss_mb']:.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            bench(n, args.words, Path(tmp))


if __name__ == "__main__":
    main()
