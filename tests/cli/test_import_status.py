"""``import --status new|done|keep``: what the file says about each document's review."""

from __future__ import annotations

from pathlib import Path

import srsly

from store import open_project
from tests.cli.helpers import cli

TASKS = [
    {"text": "Kerry met Putin in Moscow.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}], "answer": "accept"},
    {"text": "Talks resumed in Geneva."},  # no answer: nobody decided it
    {"text": "Rebels shelled Donetsk.", "answer": "accept",
     "proposed_spans": [{"start": 15, "end": 22, "label": "GPE"}]},  # a proposal nobody reviewed
]


def statuses(project: Path) -> list[str]:
    with open_project(project, readonly=True) as store:
        return [str(store.document(d).status) for d in store.document_ids()]


def imported(tmp_path: Path, *options: str) -> tuple[Path, object]:
    source = tmp_path / "t.jsonl"
    srsly.write_jsonl(source, TASKS)
    project = tmp_path / f"p{len(options)}{'-'.join(options)}.annotary"
    return project, cli("import", project, source, *options)


def test_new_by_default(tmp_path: Path) -> None:
    project, result = imported(tmp_path)
    assert result.exit_code == 0 and statuses(project) == ["new", "new", "new"]


def test_keep_follows_the_answer_and_done_marks_all_but_unreviewed(tmp_path: Path) -> None:
    project, result = imported(tmp_path, "--status", "keep")
    assert result.exit_code == 0, result.stderr
    assert statuses(project) == ["done", "new", "in_progress"]
    assert "1 documents have proposals nobody reviewed" in result.stdout
    project, result = imported(tmp_path, "--status", "done")
    assert statuses(project) == ["done", "done", "in_progress"]


def test_a_bad_status_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    project, result = imported(tmp_path, "--status", "finished")
    assert result.exit_code == 1 and "--status must be one of new, done, keep" in result.stderr
    assert not project.exists()
