"""Bad input: one clear line naming file (and line) and problem, non-zero exit, project unchanged."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotate.resources import sample_articles
from store.migrations import SCHEMA_VERSION
from tests.cli.helpers import cli


def file_digest(path: Path) -> str:
    """Content of every table, so 'unchanged' means unchanged (not just equal counts)."""
    conn = sqlite3.connect(path)
    rows = [
        row
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name")
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1')
    ]
    conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def brat(folder: Path, text: str, ann: str) -> Path:
    write(folder / "a.txt", text)
    write(folder / "a.ann", ann)
    return folder


TEXT = "Kerry met Putin in Moscow."

# Each case builds its input under a folder and returns the path to import, plus what the
# one-line message must contain (a regex).
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "binary file": (lambda d: write(d / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"), r"img\.txt: is a binary file"),
    "invalid utf-8": (lambda d: write(d / "latin.txt", "Café in Genève\n".encode("latin-1")), r"latin\.txt, line 1: is not valid UTF-8"),
    "empty file": (lambda d: write(d / "empty.txt", ""), r"empty\.txt: is empty"),
    "whitespace file": (lambda d: write(d / "blank.txt", " \n\t\n"), r"blank\.txt: is empty"),
    "empty folder": (lambda d: (d / "nothing").mkdir(parents=True) or d / "nothing", r"nothing: contains no \.txt, \.jsonl or brat"),
    "missing input": (lambda d: d / "ghost.txt", r"ghost\.txt: does not exist"),
    "unsupported type": (lambda d: write(d / "report.pdf", "%PDF"), r"report\.pdf: unsupported file type '\.pdf'"),
    "jsonl broken line": (
        lambda d: write(d / "t.jsonl", '{"text": "one"}\n{"text": "two"}\n{"text": "thr\n{"text": "four"}\n'),
        r"t\.jsonl, line 3: is not valid JSON",
    ),
    "jsonl without text": (lambda d: write(d / "t.jsonl", '{"text": "ok"}\n{"meta": {"id": 2}}\n'), r"t\.jsonl, line 2: task has no 'text' string"),
    "jsonl span past end": (
        lambda d: write(d / "t.jsonl", '{"text": "short", "spans": [{"start": 2, "end": 40, "label": "GPE"}]}\n'),
        r"t\.jsonl, line 1: spans\[0\] offsets 2-40 are outside the text \(length 5\)",
    ),
    "jsonl not an object": (lambda d: write(d / "t.jsonl", '["text", "x"]\n'), r"t\.jsonl, line 1: a task must be a JSON object"),
    "brat offsets past end": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 60\tMoscow\n"),
        r"a\.ann, line 1: offsets 19-60 are past the end of the text",
    ),
    "brat span text differs": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25\tMadrid\n"),
        r"a\.ann, line 1: span text 'Madrid' differs from the \.txt at those offsets \('Moscow'\)",
    ),
    "brat unknown line type": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\nX1\tsomething\n"),
        r"a\.ann, line 2: unknown annotation type 'X'",
    ),
    "brat argument names missing T": (
        lambda d: brat(d / "b", TEXT, "T1\tContact-Meet 6 9\tmet\nE1\tContact-Meet:T1 Entity:T7\n"),
        r"a\.ann, line 2: event argument 'Entity:T7' names missing annotation 'T7'",
    ),
    "brat duplicate ids": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nT1\tPERSON 10 15\tPutin\n"),
        r"a\.ann, line 2: duplicate id T1",
    ),
    "brat ann without txt": (lambda d: write(d / "b" / "lonely.ann", "T1\tGPE 0 1\tx\n"), r"lonely\.ann: has no matching \.txt"),
    "brat bad attribute target": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nA1\tNegation E9\n"),
        r"a\.ann, line 2: attribute target 'E9' is not an annotation",
    ),
    "one bad file among good": (
        lambda d: (write(d / "mix" / "good.txt", "A fine article."), write(d / "mix" / "zz.txt", b"\xff\xfe bad"))[0].parent,
        r"zz\.txt, line 1: is not valid UTF-8",
    ),
}


@pytest.fixture
def seeded(project_path: Path) -> Path:
    result = cli("import", project_path, sample_articles()[0])
    assert result.exit_code == 0
    return project_path


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_and_project_unchanged(case: str, tmp_path: Path, seeded: Path) -> None:
    build, message = CASES[case]
    target = build(tmp_path / "input")
    before = file_digest(seeded)
    result = cli("import", seeded, target)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert re.search(message, lines[0]), lines[0]
    assert file_digest(seeded) == before


def test_project_in_a_missing_folder(tmp_path: Path) -> None:
    result = cli("import", tmp_path / "no" / "such" / "p.annotary", sample_articles()[0])
    assert result.exit_code == 1
    assert re.search(r"p\.annotary: folder .*no/such does not exist", result.stderr)
    assert not (tmp_path / "no").exists()


def test_project_that_is_not_sqlite(tmp_path: Path) -> None:
    project = write(tmp_path / "notes.annotary", "just some notes\n")
    result = cli("import", project, sample_articles()[0])
    assert result.exit_code == 1
    assert "notes.annotary: not an Annotary project (not an SQLite database)" in result.stderr
    assert project.read_text() == "just some notes\n"


def test_project_from_a_newer_version(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 5)])
    conn.commit()
    conn.close()
    before = file_digest(seeded)
    result = cli("import", seeded, sample_articles()[1])
    assert result.exit_code == 1
    assert "written by a newer Annotary" in result.stderr
    assert file_digest(seeded) == before
    assert cli("stats", seeded).exit_code == 1


def test_read_only_project_file(seeded: Path) -> None:
    before = file_digest(seeded)
    seeded.chmod(0o444)
    try:
        result = cli("import", seeded, sample_articles()[1])
        assert result.exit_code == 1
        assert "read-only" in result.stderr
        # Reading still works.
        assert cli("stats", seeded, "--json").exit_code == 0
    finally:
        seeded.chmod(0o644)
    assert file_digest(seeded) == before


def test_failed_import_into_a_new_project_leaves_no_file(tmp_path: Path) -> None:
    project = tmp_path / "new.annotary"
    result = cli("import", project, write(tmp_path / "e.txt", ""))
    assert result.exit_code == 1
    assert not project.exists()
