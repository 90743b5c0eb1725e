"""``import`` stores documents as it reads them: a bad line found late, after whole chunks were
stored, still leaves an existing project as it was and a new one not there at all."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.helpers import cli, stats
from tests.cli.test_import_errors import file_digest

LATE_BAD = 2500  # past two chunks of 1000 documents


def long_jsonl(path: Path, bad: bool) -> Path:
    lines = [json.dumps({"text": f"Article {i}: Kerry met Putin in Geneva."}) for i in range(LATE_BAD)]
    lines.append('{"text": "cut off' if bad else json.dumps({"text": "The last one."}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_late_bad_line_leaves_no_new_project_and_nothing_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "projects"
    folder.mkdir()
    result = cli("import", folder / "new.annotary", long_jsonl(tmp_path / "t.jsonl", bad=True))
    assert result.exit_code == 1
    assert f"t.jsonl, line {LATE_BAD + 1}: is not valid JSON" in result.stderr
    assert list(folder.iterdir()) == []  # neither the project nor its staged file


def test_a_late_bad_line_leaves_an_existing_project_as_it_was(tmp_path: Path, project_path: Path) -> None:
    assert cli("import", project_path, long_jsonl(tmp_path / "good.jsonl", bad=False)).exit_code == 0
    before = file_digest(project_path)
    (tmp_path / "more.jsonl").write_text(
        "".join(json.dumps({"text": f"More {i}."}) + "\n" for i in range(LATE_BAD)) + "[1, 2]\n", encoding="utf-8")
    result = cli("import", project_path, tmp_path / "more.jsonl")
    assert result.exit_code == 1 and "a task must be a JSON object" in result.stderr
    assert file_digest(project_path) == before


def test_a_new_project_gets_its_name_when_the_import_succeeds(tmp_path: Path) -> None:
    folder = tmp_path / "projects"
    folder.mkdir()
    result = cli("import", folder / "new.annotary", long_jsonl(tmp_path / "t.jsonl", bad=False))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["new.annotary"]
    assert stats(folder / "new.annotary")["documents"]["total"] == LATE_BAD + 1
