"""A Prodigy task's own keys and meta come back from an export as they came."""

from __future__ import annotations

import json
from pathlib import Path

import srsly

from tests.cli.helpers import cli

TASK = {
    "text": "Kerry met Putin in Moscow on Thursday.",
    "meta": {"source": "bbc-2016-03", "id": 7, "title": "Talks"},
    "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_start": 0, "token_end": 0}],
    "answer": "accept",
    "_input_hash": -1234567,
    "_task_hash": 987654,
    "_session_id": "news-alice",
    "_view_id": "ner_manual",
    "_timestamp": 1458000000,
    "_annotator_id": "news-alice",
    "options": [{"id": 1, "text": "relevant"}],
}


def test_prodigy_keys_and_meta_survive_import_and_export(tmp_path: Path) -> None:
    source = tmp_path / "tasks.jsonl"
    srsly.write_jsonl(source, [TASK, {"text": "A second article in Geneva."}])
    project = tmp_path / "p.annotary"
    assert cli("import", project, source).exit_code == 0
    assert cli("status", project, "1", "2", "--done").exit_code == 0
    out = tmp_path / "out"
    result = cli("export", project, out, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    first, second = (json.loads(line) for line in (out / "annotations.jsonl").read_text(encoding="utf-8").splitlines())
    for key in ("_input_hash", "_task_hash", "_session_id", "_view_id", "_timestamp", "_annotator_id", "options"):
        assert first[key] == TASK[key], key
    assert first["meta"]["source"] == "bbc-2016-03" and first["meta"]["id"] == 7 and first["meta"]["title"] == "Talks"
    assert "annotary:task" not in first["meta"]
    assert [(s["start"], s["end"], s["label"]) for s in first["spans"]] == [(0, 5, "PERSON")]
    # A document that came from no Prodigy task gets Annotary's own hashes and meta.
    assert isinstance(second["_input_hash"], int) and second["meta"]["status"] == "done"
    # And the export imports back with the same keys.
    again = tmp_path / "again.annotary"
    assert cli("import", again, out / "annotations.jsonl").exit_code == 0
    assert cli("status", again, "1", "2", "--done").exit_code == 0
    assert cli("export", again, tmp_path / "out2", "--format", "jsonl").exit_code == 0
    round_two = json.loads((tmp_path / "out2" / "annotations.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert {k: round_two[k] for k in TASK if k.startswith("_")} == {k: TASK[k] for k in TASK if k.startswith("_")}
