"""Faults on the real command line: a full disk, a damaged project, a lock held too long. Each
command prints one line naming the file, exits non-zero, keeps its traceback in the log, and
leaves the project as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotate.resources import sample_articles
from tests.store.test_faults import digest, hold_write_lock

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "main.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, **(env or {})},
    )


def one_line(result: subprocess.CompletedProcess, *needles: str) -> str:
    """The command failed with exactly one line on stderr that holds every needle."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip() and not line.startswith("Loading ")]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs holding a project with the samples, then filled to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (tests/store/test_faults.py covers SQLite's own limit)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    try:
        project = mount / "p.annotary"
        assert run("import", project, *sample_articles()).returncode == 0
        with (mount / "filler").open("wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(b"\0" * 4096)
            except OSError:
                pass  # no space left: that is the point
        yield project
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_one_line_in_every_command(full_disk: Path, tmp_path: Path, isolated_home: Path) -> None:
    before = digest(full_disk, immutable=True)
    article = tmp_path / "new.txt"
    article.write_text("Talks in Geneva\n\n" + "Negotiators met again in Geneva on Monday. " * 200, encoding="utf-8")
    one_line(run("import", full_disk, article), str(full_disk), "disk is full", "details in")
    for fmt in ("jsonl", "brat", "conll", "spacy"):
        one_line(run("export", full_disk, full_disk.parent / f"out-{fmt}", "--format", fmt, "--status", "all"), "disk is full")
    one_line(run("propose", full_disk, "--no-events"), str(full_disk), "disk is full")
    assert digest(full_disk, immutable=True) == before
    log = (isolated_home / "logs" / "annotary.log").read_text(encoding="utf-8")
    assert log.count("Traceback") >= 6


def test_a_damaged_project_is_one_line_in_every_command(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    assert run("import", project, *sample_articles()).returncode == 0
    data = project.read_bytes()
    project.write_bytes(data[: len(data) // 2])  # truncated, as by a crash of a copy
    for args in (
        ("stats", project),
        ("import", project, sample_articles()[0]),
        ("export", project, tmp_path / "out", "--format", "jsonl", "--status", "all"),
        ("propose", project),
        ("gui", project, "--screenshot", tmp_path / "x.png"),
    ):
        one_line(run(*args), str(project))
    garbage = tmp_path / "garbage.annotary"
    garbage.write_bytes(data[:100] + os.urandom(len(data) - 100))  # a valid header, then noise
    for args in (("stats", garbage), ("import", garbage, sample_articles()[0]), ("gui", garbage, "--screenshot", tmp_path / "y.png")):
        one_line(run(*args), str(garbage))


def test_a_lock_held_too_long_is_one_line(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    assert run("import", project, *sample_articles()[:2]).returncode == 0
    before = digest(project)
    holder = hold_write_lock(project, 4.0, write=False)
    try:
        result = run("import", project, *sample_articles()[2:], env={"ANNOTARY_BUSY_TIMEOUT": "0.5"})
    finally:
        holder.join()
    one_line(result, str(project), "another process is writing")
    assert digest(project) == before
    # Within the timeout, the import waits its turn and goes through.
    holder = hold_write_lock(project, 1.0)
    try:
        assert run("import", project, *sample_articles()[2:]).returncode == 0
    finally:
        holder.join()


def test_two_propose_at_once_both_finish_and_propose_nothing_twice(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i, sample in enumerate(sample_articles() * 4):
        (folder / f"a{i}.txt").write_text(sample.read_text(encoding="utf-8") + f"\nVariant {i}.\n", encoding="utf-8")
    project = tmp_path / "p.annotary"
    assert run("import", project, folder).returncode == 0
    command = [sys.executable, "main.py", "propose", str(project), "--batch-size", "2", "--no-events"]
    children = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
        assert "Traceback" not in err
    import sqlite3

    conn = sqlite3.connect(project)
    total, distinct = conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT document_id || ':' || start || ':' || end || ':' || label) FROM spans"
    ).fetchone()
    runs = conn.execute("SELECT COUNT(*) FROM proposal_runs").fetchone()[0]
    conn.close()
    assert total == distinct > 0
    assert runs == 24  # the model (with its gazetteer), once per document; a new project has no pattern file
