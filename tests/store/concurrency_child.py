"""A child process for tests/store/test_concurrency.py: a writer applying a realistic mix of
actions to a project, or a process opening and closing it over and over.

It prints one JSON line per event and flushes it at once, so a parent that kills it with
SIGKILL knows exactly which actions were acknowledged:

- ``{"ev": "ready"}`` once the project is open; then it waits for a line on stdin (``go``),
  so several children start together;
- ``{"ev": "try", ...}`` before each action: what it is about to change (span id and the
  state it gives it, the document status and the one it had, the tag of a composite or a
  proposal batch);
- ``{"ev": "ok", ...}`` after ``Session.apply`` (or ``store_proposals``) returned: the action
  is acknowledged, its effect must be in the file from now on (``log``: the action-log row
  it left, or null for a step that changed nothing and so was not logged);
- ``{"ev": "fail", "type": ..., "msg": ...}`` when it raised (any exception: raw sqlite3
  errors on old code, ProjectBusy on new code);
- ``{"ev": "done"}`` at the end.

Run: ``python -m tests.store.concurrency_child writer PROJECT --id 0 --writers 2 --count 150``
or ``python -m tests.store.concurrency_child opener PROJECT --count 30`` from the repository
root (``count`` 0: until ``--stop-file`` exists, or forever).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotate.actions import (  # noqa: E402
    AcceptSpan,
    Composite,
    CreateSpan,
    RejectSpan,
    RelabelSpan,
    SetDocumentStatus,
)
from annotate.model import DocStatus  # noqa: E402
from annotate.proposals.types import DocumentProposals, ProposedSpan  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402

WORD = re.compile(r"\w+")
COMPOSITE = "create_and_mark"  # the composite whose atomicity the kill test checks
DOC_STATUSES = [str(s) for s in DocStatus]


def emit(**fields: Any) -> None:
    """One line on stdout, flushed (one write: a SIGKILL cannot cut it in half)."""
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""


class Writer:
    """Picks the next action like an annotator (and now and then a ``propose`` batch) would:
    create spans on token ranges, accept, relabel and reject them, mark documents, accept
    and reject proposals. Only its own spans and documents are changed, so the expected state
    of each is known from its own acknowledged actions."""

    def __init__(self, store: Any, writer_id: int, writers: int, seed: int, tag: str) -> None:
        self.store = store
        self.session = Session(store)
        self.rng = random.Random(seed)
        self.tag = tag
        docs = store.document_ids()
        self.docs = docs
        self.own_docs = [d for i, d in enumerate(docs) if i % writers == writer_id] or docs
        self.words = {d: [(m.start(), m.end()) for m in WORD.finditer(store.document(d).text)] for d in docs}
        self.labels = list(store.schema().label_names)
        self.mine: dict[int, tuple[str, str]] = {}  # span id -> (label, status), acknowledged
        self.n = 0
        self.apply_ms = 0.0  # how long the last Session call took (to its return or its raise)

    def timed(self, call: Callable[[], Any]) -> Any:
        started = time.perf_counter()
        try:
            return call()
        finally:
            self.apply_ms = (time.perf_counter() - started) * 1000

    def token_range(self, doc: int) -> tuple[int, int]:
        words = self.words[doc]
        i = self.rng.randrange(len(words))
        j = min(len(words) - 1, i + self.rng.randrange(3))
        return words[i][0], words[j][1]

    def step(self) -> tuple[dict[str, Any], Callable[[], dict[str, Any]]]:
        """The next action: what it intends (printed before it runs) and a function that runs
        it and returns its effect (printed once it returned)."""
        self.n += 1
        rng = self.rng
        r = rng.random()
        if not self.mine or r < 0.30:
            doc = rng.choice(self.own_docs)
            start, end = self.token_range(doc)
            label = rng.choice(self.labels)
            action = CreateSpan(doc, start, end, label)

            def create() -> dict[str, Any]:
                done = self.timed(lambda: self.session.apply(action))
                sid = action.span_id
                self.mine[sid] = (label, "accepted")  # type: ignore[index]
                return {"kind": "span", "span": sid, "label": label, "status": "accepted",
                        "log": logged(done, "create_span", f"span:{sid}")}

            return {"kind": "create"}, create
        if r < 0.80:
            span_id = rng.choice(sorted(self.mine))
            label, status = self.mine[span_id]
            if r < 0.50:
                edit: Any = AcceptSpan(span_id)
                status = "accepted"
            elif r < 0.65:
                label = rng.choice([lb for lb in self.labels if lb != label])
                edit = RelabelSpan(span_id, label)
            else:
                edit = RejectSpan(span_id)
                status = "rejected"

            def change() -> dict[str, Any]:
                done = self.timed(lambda: self.session.apply(edit))
                self.mine[span_id] = (label, status)
                return {"kind": "span", "span": span_id, "label": label, "status": status,
                        "log": logged(done, edit.name, f"span:{span_id}")}

            return {"kind": "span", "span": span_id, "label": label, "status": status}, change
        doc = rng.choice(self.own_docs)
        if r < 0.88:
            # One composite: two spans and the document's status, all or nothing.
            tag = f"composite:{self.tag}:{self.n}"
            doc_status = rng.choice(DOC_STATUSES)
            label = rng.choice(self.labels)
            (s1, e1), (s2, e2) = self.token_range(doc), self.token_range(doc)
            children = [CreateSpan(doc, s1, e1, label, source=tag), CreateSpan(doc, s2, e2, label, source=tag),
                        SetDocumentStatus(doc, DocStatus(doc_status))]
            composite = Composite(COMPOSITE, children, doc)

            def mark() -> dict[str, Any]:
                done = self.timed(lambda: self.session.apply(composite))
                ids = [c.span_id for c in children[:2]]  # type: ignore[attr-defined]
                for sid in ids:
                    self.mine[sid] = (label, "accepted")
                return {"kind": "composite", "tag": tag, "spans": ids, "label": label, "doc": doc,
                        "doc_status": doc_status, "log": logged(done, COMPOSITE, None)}

            before = str(self.store.document(doc).status)  # the pending step's other outcome
            return {"kind": "composite", "tag": tag, "doc": doc, "doc_status": doc_status, "doc_before": before}, mark
        if r < 0.94:
            doc_status = rng.choice(DOC_STATUSES)
            set_status = SetDocumentStatus(doc, DocStatus(doc_status))

            def mark_doc() -> dict[str, Any]:
                done = self.timed(lambda: self.session.apply(set_status))
                return {"kind": "doc", "doc": doc, "doc_status": doc_status,
                        "log": logged(done, "set_document_status", f"document:{doc}")}

            before = str(self.store.document(doc).status)
            return {"kind": "doc", "doc": doc, "doc_status": doc_status, "doc_before": before}, mark_doc
        # A proposal batch as ``propose`` stores it: a few dozen spans in one transaction.
        source = f"proposal:{self.tag}:{self.n}"
        spans = tuple(
            ProposedSpan(*self.token_range(doc), rng.choice(self.labels), source, round(rng.random(), 3))
            for _ in range(rng.randint(20, 40))
        )

        def propose() -> dict[str, Any]:
            stored = self.timed(lambda: self.session.store_proposals({doc: [DocumentProposals(doc, spans)]}, [source]))
            made = [[s.id, s.label] for s in self.store.spans(doc) if s.source == source]  # as the window reads
            for sid, label in made:
                self.mine[sid] = (label, "proposed")
            return {"kind": "propose", "source": source, "stored": stored.spans, "spans": made,
                    "log": ["propose", None]}

        return {"kind": "propose", "source": source}, propose


def logged(result: Any, action: str, target: str | None) -> list[str | None] | None:
    """The action-log row a step leaves: none when it changed nothing (``Session.apply``
    returns Changes with ``applied`` False and logs nothing; older code returned the action
    and logged every step)."""
    return [action, target] if getattr(result, "applied", True) else None


def wait_for_go() -> None:
    emit(ev="ready", pid=os.getpid())
    sys.stdin.readline()


def run_writer(args: argparse.Namespace) -> None:
    try:
        store = open_project(args.project)
    except Exception as exc:  # noqa: BLE001  # old code: opening wrote, and could fail
        emit(ev="fail", ms=0.0, kind="open", type=type(exc).__name__, msg=first_line(exc))
        emit(ev="done")
        return
    writer = Writer(store, args.id, args.writers, args.seed, args.tag)
    rng = random.Random(args.seed + 1)
    wait_for_go()
    done = 0
    while args.count == 0 or done < args.count:
        if args.stop_file and os.path.exists(args.stop_file):
            break
        intent, run = writer.step()
        emit(ev="try", **intent)
        writer.apply_ms = 0.0
        try:
            effect = run()
        except Exception as exc:  # noqa: BLE001  # every failure is a figure, raw or not
            emit(ev="fail", ms=writer.apply_ms, type=type(exc).__name__, msg=first_line(exc), **intent)
        else:
            emit(ev="ok", ms=writer.apply_ms, **effect)
        done += 1
        if args.pace:
            time.sleep(args.pace * rng.uniform(0.5, 1.5))
    store.close()
    emit(ev="done")


def run_opener(args: argparse.Namespace) -> None:
    wait_for_go()
    for _ in range(args.count):
        started = time.perf_counter()
        try:
            store = open_project(args.project)
            try:
                store.document_ids()
            finally:
                store.close()
        except Exception as exc:  # noqa: BLE001
            emit(ev="fail", ms=(time.perf_counter() - started) * 1000, type=type(exc).__name__, msg=first_line(exc))
        else:
            emit(ev="ok", ms=(time.perf_counter() - started) * 1000, kind="open")
        time.sleep(args.pause)
    emit(ev="done")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["writer", "opener"])
    parser.add_argument("project", type=Path)
    parser.add_argument("--id", type=int, default=0)
    parser.add_argument("--writers", type=int, default=1)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tag", default="w0")
    parser.add_argument("--pace", type=float, default=0.0)
    parser.add_argument("--pause", type=float, default=0.02)
    parser.add_argument("--stop-file", default="")
    args = parser.parse_args()
    (run_writer if args.mode == "writer" else run_opener)(args)


if __name__ == "__main__":
    main()
