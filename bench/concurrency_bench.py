"""Concurrency benchmark: two processes applying actions to one project, as two windows (or a
window and ``propose``) on the same file do.

Each process opens its own connection (``store.open_project``) and applies a realistic mix
through ``Session.apply``: create a span on a token range, accept, relabel or reject it, now and
then a composite (two spans and the document's status in one step), a document status, or a
proposal batch of 20-40 spans (``Session.store_proposals``, as ``propose`` stores them).

Configurations, each on a fresh copy of a project with the sample articles:

- one writer alone at full speed, then two at once (``--actions`` each);
- one writer alone at an annotator's pace (one action every ``--pace`` s on average), then two;
- two writers at full speed plus a process opening and closing the project over and over,
  next to the same opens with nobody writing.

Per process it prints actions/s, the p50/p95 latency of ``Session.apply`` (call to return) and
their ratio to the same figure for one writer alone in the same run, the failures (count, by
exception type and first message) and the lost actions: after all processes finished the
project is reopened and every acknowledged action's effect looked for (span label and status,
document status, both spans of each composite, each batch's spans, one action-log row for each
that changed something).
Targets: 0 failed, 0 lost, opening never fails. Nothing here asserts a time.
Run: ``.venv/bin/python bench/concurrency_bench.py``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import queue
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotate.actions import AcceptSpan, Composite, CreateSpan, RejectSpan, RelabelSpan, SetDocumentStatus  # noqa: E402
from annotate.model import DocStatus  # noqa: E402
from annotate.proposals.types import DocumentProposals, ProposedSpan  # noqa: E402
from annotate.resources import builtin_schema, sample_articles  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402
from store.default_project import create_or_open  # noqa: E402

WORD = re.compile(r"\w+")
COMPOSITE = "create_and_mark"
STATUSES = list(DocStatus)


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else "")[:160]


class Mix:
    """The next action of one writer. It changes only spans it made and documents it owns, so
    what each should look like afterwards follows from its own acknowledged actions."""

    def __init__(self, store: Any, writer_id: int, writers: int, seed: int) -> None:
        self.store, self.session, self.rng = store, Session(store), random.Random(seed)
        self.writer_id = writer_id
        docs = store.document_ids()
        self.own = [d for i, d in enumerate(docs) if i % writers == writer_id] or docs
        self.words = {d: [m.span() for m in WORD.finditer(store.document(d).text)] for d in self.own}
        self.labels = list(store.schema().label_names)
        self.spans: dict[int, tuple[str, str]] = {}  # span id -> (label, status), acknowledged
        self.docs: dict[int, str] = {}  # document id -> status, acknowledged
        self.composites: list[str] = []
        self.batches: dict[str, int] = {}  # proposal source -> spans stored
        self.logged: Counter[tuple[str, str | None]] = Counter()
        self.n = 0
        self._applied = True

    def token_range(self, doc: int) -> tuple[int, int]:
        words = self.words[doc]
        i = self.rng.randrange(len(words))
        return words[i][0], words[min(len(words) - 1, i + self.rng.randrange(3))][1]

    def run_one(self) -> float:
        """Apply the next action; returns the seconds the Session call took. Raises what it raised."""
        self.n += 1
        rng, r = self.rng, self.rng.random()
        doc = rng.choice(self.own)
        if not self.spans or r < 0.30:
            label = rng.choice(self.labels)
            action = CreateSpan(doc, *self.token_range(doc), label)
            took = self._apply(action)
            self.spans[action.span_id] = (label, "accepted")  # type: ignore[index]
            self._log("create_span", action.target)
            return took
        if r < 0.80:
            span_id = rng.choice(list(self.spans))
            label, status = self.spans[span_id]
            if r < 0.50:
                edit: Any = AcceptSpan(span_id)
                status = "accepted"
            elif r < 0.65:
                label = rng.choice([lb for lb in self.labels if lb != label])
                edit = RelabelSpan(span_id, label)
            else:
                edit = RejectSpan(span_id)
                status = "rejected"
            took = self._apply(edit)
            self.spans[span_id] = (label, status)
            self._log(edit.name, edit.target)
            return took
        if r < 0.88:
            tag = f"composite:w{self.writer_id}:{self.n}"
            label, status_ = rng.choice(self.labels), rng.choice(STATUSES)
            children = [CreateSpan(doc, *self.token_range(doc), label, source=tag),
                        CreateSpan(doc, *self.token_range(doc), label, source=tag), SetDocumentStatus(doc, status_)]
            took = self._apply(Composite(COMPOSITE, children, doc))
            for child in children[:2]:
                self.spans[child.span_id] = (label, "accepted")  # type: ignore[attr-defined]
            self.docs[doc] = str(status_)
            self.composites.append(tag)
            self._log(COMPOSITE, None)
            return took
        if r < 0.94:
            status_ = rng.choice(STATUSES)
            took = self._apply(SetDocumentStatus(doc, status_))
            self.docs[doc] = str(status_)
            self._log("set_document_status", f"document:{doc}")
            return took
        source = f"proposal:w{self.writer_id}:{self.n}"
        spans = tuple(ProposedSpan(*self.token_range(doc), rng.choice(self.labels), source, rng.random())
                      for _ in range(rng.randint(20, 40)))
        started = time.perf_counter()
        stored = self.session.store_proposals({doc: [DocumentProposals(doc, spans)]}, [source])
        took = time.perf_counter() - started
        self.batches[source] = stored.spans
        for span in self.store.spans(doc):  # a read, as the window's would be
            if span.source == source:
                self.spans[span.id] = (span.label, "proposed")
        self.logged["propose", None] += 1
        return took

    def _apply(self, action: Any) -> float:
        started = time.perf_counter()
        result = self.session.apply(action)
        took = time.perf_counter() - started
        # A step that changes nothing (accepting an accepted span) is not logged: Session.apply
        # returns Changes with applied False (older code returned the action, and logged all).
        self._applied = getattr(result, "applied", True)
        return took

    def _log(self, action: str, target: str | None) -> None:
        if self._applied:
            self.logged[action, target] += 1

    def expected(self) -> dict[str, Any]:
        return {"spans": self.spans, "docs": self.docs, "composites": self.composites,
                "batches": self.batches, "logged": self.logged}


def writer(path: str, writer_id: int, writers: int, count: int, pace: float, seed: int,
           barrier: Any, results: Any) -> None:
    """One writer process: ``count`` actions, at full speed or ``pace`` s apart on average."""
    out: dict[str, Any] = {"role": f"writer {writer_id}", "latencies": [], "failures": Counter(), "ok": 0}
    try:
        store = open_project(path)
        mix = Mix(store, writer_id, writers, seed)
    except Exception as exc:  # noqa: BLE001  # a figure, raw sqlite3 error or not
        out["failures"][f"open: {type(exc).__name__}: {first_line(exc)}"] += 1
        barrier.wait(120)
        out["elapsed"], out["expected"] = 0.0, None
        results.put(out)
        return
    rng = random.Random(seed + 1)
    barrier.wait(120)
    started = time.perf_counter()
    for _ in range(count):
        try:
            out["latencies"].append(mix.run_one())
            out["ok"] += 1
        except Exception as exc:  # noqa: BLE001
            out["failures"][f"{type(exc).__name__}: {first_line(exc)}"] += 1
        if pace:
            time.sleep(pace * rng.uniform(0.5, 1.5))
    out["elapsed"] = time.perf_counter() - started
    store.close()
    out["expected"] = mix.expected()
    results.put(out)


def opener(path: str, count: int, barrier: Any, stop: Any, results: Any) -> None:
    """Opens and closes the project until ``stop`` is set (or ``count`` times when given)."""
    out: dict[str, Any] = {"role": "opener", "latencies": [], "failures": Counter(), "ok": 0}
    barrier.wait(120)
    started = time.perf_counter()
    while (count and out["ok"] + sum(out["failures"].values()) < count) or (not count and not stop.is_set()):
        t0 = time.perf_counter()
        try:
            store = open_project(path)
            store.document_ids()
            store.close()
            out["latencies"].append(time.perf_counter() - t0)
            out["ok"] += 1
        except Exception as exc:  # noqa: BLE001
            out["failures"][f"{type(exc).__name__}: {first_line(exc)}"] += 1
        time.sleep(0.01)
    out["elapsed"] = time.perf_counter() - started
    results.put(out)


def run(ctx: Any, path: Path, writers: int, count: int, pace: float, opens: bool = False,
        opens_alone: int = 0) -> list[dict[str, Any]]:
    """Start the processes together and collect what each measured."""
    parties = writers + (1 if opens or opens_alone else 0)
    barrier, stop, results = ctx.Barrier(parties), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=writer, args=(str(path), i, writers, count, pace, 17 + i, barrier, results))
             for i in range(writers)]
    if opens or opens_alone:
        procs.append(ctx.Process(target=opener, args=(str(path), opens_alone, barrier, stop, results)))
    for p in procs:
        p.start()
    got = [collect(results, procs) for _ in range(writers)]
    stop.set()
    if opens or opens_alone:
        got.append(collect(results, procs))
    for p in procs:
        p.join(60)
    return sorted(got, key=lambda r: r["role"])


def collect(results: Any, procs: list[Any]) -> dict[str, Any]:
    """The next process's figures; stops the run if every process ended without them."""
    while True:
        try:
            return results.get(timeout=1)
        except queue.Empty:
            if not any(p.is_alive() for p in procs):
                raise SystemExit("a bench process died before reporting (see its traceback above)") from None


def lost(path: Path, expected: dict[str, Any] | None) -> int:
    """Acknowledged actions whose effect is not in the reopened project."""
    if expected is None:
        return 0
    missing = 0
    with open_project(path) as store:
        conn = store.db.conn
        rows = {r[0]: r[1:] for r in conn.execute("SELECT id, label, status, deleted, source FROM spans")}
        for sid, (label, status) in expected["spans"].items():
            row = rows.get(sid)
            missing += row is None or row[:3] != (label, status, 0)
        doc_status = dict(conn.execute("SELECT id, status FROM documents"))
        missing += sum(doc_status[d] != s for d, s in expected["docs"].items())
        sources = Counter(row[3] for row in rows.values())
        missing += sum(sources[tag] != 2 for tag in expected["composites"])
        missing += sum(sources[src] != n for src, n in expected["batches"].items())
        in_log = Counter(conn.execute("SELECT action, target FROM actions WHERE kind = 'do'").fetchall())
        missing += sum(max(0, n - in_log[key]) for key, n in expected["logged"].items())
    return missing


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--actions", type=int, default=1000, help="actions per writer at full speed")
    parser.add_argument("--paced", type=int, default=40, help="actions per writer at an annotator's pace")
    parser.add_argument("--pace", type=float, default=0.2, help="mean seconds between a writer's actions")
    parser.add_argument("--opens", type=int, default=30, help="opens alone, for the reference")
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    import store.project as project_module  # which code is measured: BEGIN IMMEDIATE or not

    source = Path(project_module.__file__).read_text(encoding="utf-8")
    immediate = re.search(r"execute\(\s*[\"']BEGIN IMMEDIATE", source) is not None
    rows: list[tuple[str, dict[str, Any], int]] = []  # configuration, what a process measured, lost
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "template.annotary"
        store = create_or_open(template, builtin_schema("news-ace"))
        Session(store).import_paths(sample_articles())
        store.close()

        def config(name: str, writers: int, count: int, pace: float, **kw: Any) -> list[dict[str, Any]]:
            path = Path(tmp) / f"{len(rows)}.annotary"
            shutil.copyfile(template, path)
            out = run(ctx, path, writers, count, pace, **kw)
            for result in out:
                rows.append((name, result, lost(path, result.get("expected"))))
            return out

        started = time.perf_counter()
        (alone_fast,) = config("alone, full speed", 1, args.actions, 0.0)
        config("two writers, full speed", 2, args.actions, 0.0)
        (alone_paced,) = config(f"alone, pace {args.pace:g} s", 1, args.paced, args.pace)
        config(f"two writers, pace {args.pace:g} s", 2, args.paced, args.pace)
        (opens_alone,) = config("opens alone", 0, 0, 0.0, opens_alone=args.opens)
        config("two writers + opener", 2, args.actions, 0.0, opens=True)
        total = time.perf_counter() - started

    refs = {"full": alone_fast["latencies"], "pace": alone_paced["latencies"], "open": opens_alone["latencies"]}
    print(f"store: {'BEGIN IMMEDIATE' if immediate else 'deferred BEGIN'} ({project_module.__file__})")
    print(f"sample project, {args.actions} actions/writer at full speed, {args.paced} at ~{args.pace:g} s apart; "
          f"{total:.0f} s in all")
    head = (f"{'configuration':<26} {'process':<9} {'ok':>4} {'failed':>6} {'fail %':>6} {'lost':>4} {'act/s':>7} "
            f"{'p50 ms':>7} {'p95 ms':>7} {'p50 x':>6} {'p95 x':>6}")
    print(head)
    print("-" * len(head))
    failures_seen: list[str] = []
    for name, result, missing in rows:
        lat = result["latencies"]
        ref = refs["open"] if result["role"] == "opener" else refs["pace"] if "pace" in name else refs["full"]
        p50, p95 = pct(lat, 50), pct(lat, 95)
        r50, r95 = p50 / pct(ref, 50), p95 / pct(ref, 95)
        failed = sum(result["failures"].values())
        rate = result["ok"] / result["elapsed"] if result["elapsed"] else float("nan")
        share = 100 * failed / max(1, failed + result["ok"])
        print(f"{name:<26} {result['role']:<9} {result['ok']:>4} {failed:>6} {share:>6.0f} {missing:>4} {rate:>7.0f} "
              f"{p50 * 1000:>7.2f} {p95 * 1000:>7.2f} {r50:>6.2f} {r95:>6.2f}")
        for what, n in result["failures"].most_common():
            failures_seen.append(f"  {name}, {result['role']}: {n} x {what}")
    print("(act/s: acknowledged actions, or opens, per second of the process's run; p50 x / p95 x: latency "
          "over the same figure for one writer alone in this run — opens over opens alone)")
    fast_alone = alone_fast["ok"] / alone_fast["elapsed"]
    pair = [r for n, r, _ in rows if n == "two writers, full speed"]
    pair_rate = sum(r["ok"] for r in pair) / max(r["elapsed"] for r in pair)
    print(f"full speed: two writers together {pair_rate:.0f} actions/s, one alone {fast_alone:.0f} actions/s, "
          f"ratio {pair_rate / fast_alone:.2f}")
    all_failed = sum(sum(r["failures"].values()) for _, r, _ in rows)
    all_lost = sum(m for _, _, m in rows)
    print(f"failed: {all_failed}  lost: {all_lost}  (target 0 and 0)")
    for line in failures_seen:
        print(line)


if __name__ == "__main__":
    main()
