"""Several processes on one project file, as with two windows or a window and ``propose``:
real SQLite files, real processes (``tests/store/concurrency_child.py``), no mocks.

- two writers at full speed: no action fails, none acknowledged is lost;
- opening the project while another process writes never fails;
- a writer killed with SIGKILL at random moments loses nothing it acknowledged, leaves the
  file intact, and no action half-done (a composite is wholly there or wholly not).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotate.resources import builtin_schema, sample_articles
from annotate.session import Session
from store import open_project
from store.default_project import create_or_open

ROOT = Path(__file__).resolve().parents[2]
CHILD = "tests.store.concurrency_child"
COMPOSITE = "create_and_mark"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the sample articles, made once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "samples.annotary"
    store = create_or_open(path, builtin_schema("news-ace"))
    Session(store).import_paths(sample_articles())
    store.close()  # checkpoints the WAL: the file alone is the whole project
    return path


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "shared.annotary"
    shutil.copyfile(template, path)
    yield path
    while Child.running:
        child = Child.running.pop()
        if child.proc.poll() is None:
            child.proc.kill()
            child.proc.wait(10)


class Child:
    """One child process; a thread collects its JSON lines as they come (so a full pipe
    never slows it down)."""

    running: list[Child] = []  # killed at the end of each test, should an assertion leave one

    def __init__(self, *args: str, home: Path) -> None:
        Child.running.append(self)
        env = dict(os.environ, ANNOTARY_HOME=str(home), PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", CHILD, *args], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        self.lines: list[dict[str, Any]] = []
        self.ready = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            try:
                line = json.loads(raw)
            except json.JSONDecodeError:  # a line cut by SIGKILL is not an acknowledgement
                continue
            self.lines.append(line)
            if line.get("ev") == "ready":
                self.ready.set()

    def wait_ready(self, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while not self.ready.wait(0.02):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                return False
        return True

    def go(self) -> None:
        """Start it once it has opened the project (a child that could not open it has
        already reported that and ended)."""
        if not self.wait_ready():
            assert self.proc.poll() is not None, "child never became ready"
            return
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def acks(self) -> int:
        return sum(1 for line in list(self.lines) if line.get("ev") == "ok")

    def join(self, timeout: float = 60) -> list[dict[str, Any]]:
        self.proc.wait(timeout)
        self._reader.join(10)
        return self.lines

    def kill(self) -> list[dict[str, Any]]:
        self.proc.send_signal(signal.SIGKILL)
        return self.join()

    def stderr(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        assert self.proc.stderr is not None
        return self.proc.stderr.read()[-2000:]


def run_together(children: list[Child], timeout: float = 60) -> list[list[dict[str, Any]]]:
    for child in children:
        child.wait_ready()
    for child in children:
        child.go()
    outputs = [child.join(timeout) for child in children]
    for child, lines in zip(children, outputs):
        assert lines and lines[-1].get("ev") == "done", f"child did not finish: {child.stderr()}"
    return outputs


def failures(lines: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((line["type"], line["msg"]) for line in lines if line.get("ev") == "fail")


def check_project(path: Path, outputs: list[list[dict[str, Any]]]) -> list[str]:
    """Every problem with the file, given each child's lines (in the order the children ran;
    children running at once change disjoint spans and documents). An action without an
    ``ok`` line (a child killed while it ran) may or may not be there, but never in part."""
    spans: dict[int, set[tuple[str, str]]] = {}  # span id -> the states it may have
    docs: dict[int, set[str]] = {}
    composites: dict[str, set[int]] = {}  # tag -> possible span counts
    proposals: dict[str, set[int] | None] = {}  # source -> possible span counts (None: any)
    logged: Counter[tuple[str, str | None]] = Counter()
    for lines in outputs:
        pending: dict[str, Any] | None = None
        for line in lines:
            ev = line.get("ev")
            if ev == "try":
                pending = line
                continue
            if ev not in ("ok", "fail"):
                continue
            pending = None
            kind = line["kind"]
            if ev == "fail":
                if kind == "composite":
                    composites[line["tag"]] = {0}
                elif kind == "propose":
                    proposals[line["source"]] = {0}
                continue  # a failed edit leaves the span and document as they were
            if line["log"] is not None:  # a step that changed nothing leaves no row
                action_name, target = line["log"]
                logged[action_name, target] += 1
            if kind == "span":
                spans[line["span"]] = {(line["label"], line["status"])}
            elif kind == "composite":
                composites[line["tag"]] = {2}
                for sid in line["spans"]:
                    spans[sid] = {(line["label"], "accepted")}
                docs[line["doc"]] = {line["doc_status"]}
            elif kind == "doc":
                docs[line["doc"]] = {line["doc_status"]}
            elif kind == "propose":
                proposals[line["source"]] = {line["stored"]}
                for sid, label in line["spans"]:
                    spans[sid] = {(label, "proposed")}
        if pending is not None:  # killed while applying it: done or not, nothing between
            kind = pending["kind"]
            if kind == "span":
                spans.setdefault(pending["span"], set()).add((pending["label"], pending["status"]))
            elif kind in ("composite", "doc"):
                if kind == "composite":
                    composites[pending["tag"]] = {0, 2}
                docs.setdefault(pending["doc"], {pending["doc_before"]}).add(pending["doc_status"])
            elif kind == "propose":
                proposals[pending["source"]] = None

    problems: list[str] = []
    store = open_project(path)  # reopen, as the next window would
    conn = store.db.conn
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity[:5]}")
        rows = {r[0]: r[1:] for r in conn.execute("SELECT id, label, status, deleted, source FROM spans")}
        for sid, allowed in spans.items():
            row = rows.get(sid)
            if row is None:
                problems.append(f"span {sid}: acknowledged but missing")
            elif row[2] != 0 or (row[0], row[1]) not in allowed:
                problems.append(f"span {sid}: {row[:3]} in the file, expected one of {sorted(allowed)}")
        by_source = Counter(row[3] for row in rows.values())
        for tag, allowed_counts in composites.items():
            if by_source[tag] not in allowed_counts:
                problems.append(f"{tag}: {by_source[tag]} of its 2 spans in the file, expected {sorted(allowed_counts)}")
        for source, count in by_source.items():  # every composite ever tried, whole or absent
            if source.startswith("composite:") and count != 2:
                problems.append(f"{source}: {count} of its 2 spans in the file (a partial composite)")
        for source, possible in proposals.items():
            if possible is not None and by_source[source] not in possible:
                problems.append(f"{source}: {by_source[source]} spans in the file, expected {sorted(possible)}")
        status = dict(conn.execute("SELECT id, status FROM documents"))
        for doc, allowed_statuses in docs.items():
            if status[doc] not in allowed_statuses:
                problems.append(f"document {doc}: status {status[doc]}, expected one of {sorted(allowed_statuses)}")
        log = conn.execute("SELECT action, target, after FROM actions WHERE kind = 'do' ORDER BY id").fetchall()
        in_log = Counter((action, target) for action, target, _ in log)
        for key, count in logged.items():
            if in_log[key] < count:
                problems.append(f"action log: {in_log[key]} 'do' rows for {key}, {count} acknowledged")
        # The documents' statuses are those the last logged action on each set: the row and
        # the change it records were committed together.
        last: dict[int, str] = {}
        for action, target, after in log:
            if action == "set_document_status":
                last[int(target.split(":")[1])] = json.loads(after)
            elif action == COMPOSITE:
                for child in json.loads(after):
                    if child["action"] == "set_document_status":
                        last[int(child["target"].split(":")[1])] = child["after"]
        for doc, logged_status in last.items():
            if status[doc] != logged_status:
                problems.append(f"document {doc}: status {status[doc]}, its last logged change set {logged_status}")
    finally:
        store.close()
    return problems


def summary(outputs: list[list[dict[str, Any]]]) -> str:
    parts = []
    for i, lines in enumerate(outputs):
        ok = sum(1 for line in lines if line.get("ev") == "ok")
        fails = failures(lines)
        parts.append(f"process {i}: {ok} acknowledged, {sum(fails.values())} failed {dict(fails)}")
    return "; ".join(parts)


def test_two_writers_at_full_speed_lose_nothing_and_fail_nothing(project: Path, tmp_path: Path) -> None:
    writers = [
        Child("writer", str(project), "--id", str(i), "--writers", "2", "--count", "300",
              "--seed", str(11 + i), "--tag", f"w{i}", home=tmp_path)
        for i in range(2)
    ]
    outputs = run_together(writers)
    failed = [failures(lines) for lines in outputs]
    assert all(not f for f in failed), f"actions failed: {summary(outputs)}"
    assert all(sum(1 for line in lines if line.get("ev") == "ok") == 300 for lines in outputs)
    problems = check_project(project, outputs)
    assert not problems, "\n".join(problems[:20])


def test_opening_while_another_process_writes_never_fails(project: Path, tmp_path: Path) -> None:
    stop = tmp_path / "stop"
    writer = Child("writer", str(project), "--count", "0", "--stop-file", str(stop), "--seed", "5",
                   "--tag", "w", home=tmp_path)
    opener = Child("opener", str(project), "--count", "30", "--pause", "0.02", home=tmp_path)
    writer.go()
    assert writer.ready.is_set()
    while writer.acks() < 5:  # the writer is writing before the first open
        assert writer.proc.poll() is None, writer.stderr()
        time.sleep(0.01)
    opener.go()
    opened = opener.join()
    stop.touch()
    written = writer.join()
    assert opened[-1].get("ev") == "done", opener.stderr()
    open_failures = failures(opened)
    assert sum(1 for line in opened if line.get("ev") == "ok") == 30, (
        f"{sum(open_failures.values())} of 30 opens failed while another process wrote: {dict(open_failures)}"
    )
    assert not failures(written), f"the writer failed: {summary([written])}"
    assert sum(1 for line in written if line.get("ev") == "ok") > 30, "the writer hardly wrote meanwhile"
    assert not check_project(project, [written])


def test_a_writer_killed_at_random_moments_keeps_every_acknowledged_action(project: Path, tmp_path: Path) -> None:
    rng = random.Random(20240607)
    outputs: list[list[dict[str, Any]]] = []
    for round_ in range(5):
        child = Child("writer", str(project), "--count", "0", "--seed", str(100 + round_),
                      "--tag", f"kill{round_}", home=tmp_path)
        child.go()
        wanted = rng.randint(5, 120)  # acknowledged actions before the kill: a random point
        deadline = time.monotonic() + 30
        while child.acks() < wanted:
            assert child.proc.poll() is None, f"the writer stopped: {child.stderr()}"
            assert time.monotonic() < deadline, "the writer is too slow"
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.02))  # anywhere inside the next actions
        lines = child.kill()
        assert child.proc.returncode == -signal.SIGKILL
        assert not any(line.get("ev") == "done" for line in lines)
        outputs.append(lines)
        problems = check_project(project, outputs)
        assert not problems, f"after kill {round_ + 1}:\n" + "\n".join(problems[:20])
    acknowledged = sum(1 for lines in outputs for line in lines if line.get("ev") == "ok")
    assert acknowledged >= 5 * 5
    assert not any(failures(lines) for lines in outputs), summary(outputs)
