"""``python main.py status``: documents marked done only with their proposals decided."""

from __future__ import annotations

from pathlib import Path

import srsly

from store import open_project
from tests.cli.helpers import cli
from tests.cli.test_import_errors import file_digest

TASKS = [
    {"text": "Kerry met Putin in Moscow.", "spans": [{"start": 0, "end": 5, "label": "PERSON"}]},
    {"text": "Talks resumed in Geneva."},
]


def project_with_a_proposal(tmp_path: Path) -> Path:
    source = tmp_path / "t.jsonl"
    srsly.write_jsonl(source, TASKS)
    project = tmp_path / "p.annotary"
    assert cli("import", project, source).exit_code == 0
    with open_project(project) as store:
        from annotate.actions import CreateSpan
        from annotate.model import SpanStatus
        from annotate.session import Session

        Session(store).apply(CreateSpan(1, 10, 15, "PERSON", SpanStatus.PROPOSED, "model:x@1"))
    return project


def statuses(project: Path) -> dict[int, str]:
    with open_project(project, readonly=True) as store:
        return {d: str(store.document(d).status) for d in store.document_ids()}


def test_done_is_refused_while_proposals_are_unreviewed(tmp_path: Path) -> None:
    project = project_with_a_proposal(tmp_path)
    before = file_digest(project)
    result = cli("status", project, "2", "1", "--done")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "document 1 has 1 unreviewed proposal" in lines[0] and "--accept-proposals" in lines[0]
    assert file_digest(project) == before  # document 2 was not marked either: all or nothing


def test_done_with_a_decision_and_again(tmp_path: Path) -> None:
    project = project_with_a_proposal(tmp_path)
    result = cli("status", project, "1", "2", "--done", "--reject-proposals")
    assert result.exit_code == 0 and "2 of 2 documents marked done" in result.stdout
    assert statuses(project) == {1: "done", 2: "done"}
    with open_project(project, readonly=True) as store:
        assert [str(s.status) for s in store.spans(1)] == ["accepted", "rejected"]
    again = cli("status", project, "1", "2", "--done")
    assert again.exit_code == 0 and "0 of 2" in again.stdout and "already" in again.stdout
    back = cli("status", project, "2", "--new")
    assert back.exit_code == 0 and statuses(project)[2] == "new"


def test_accepting_the_proposals(tmp_path: Path) -> None:
    project = project_with_a_proposal(tmp_path)
    assert cli("status", project, "1", "--done", "--accept-proposals").exit_code == 0
    with open_project(project, readonly=True) as store:
        assert {str(s.status) for s in store.spans(1)} == {"accepted"}


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    project = project_with_a_proposal(tmp_path)
    before = file_digest(project)
    for args, needle in (
        (("1", "9", "--skip"), "no document with id 9"),
        (("1",), "exactly one of --done, --skip, --new"),
        (("1", "--done", "--skip"), "exactly one of"),
        (("1", "--done", "--accept-proposals", "--reject-proposals"), "at most one of"),
    ):
        result = cli("status", project, *args)
        assert result.exit_code == 1 and needle in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert file_digest(project) == before
