"""The loop command (settings) and one round through the command line, as the window runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.model import DocStatus
from store import open_project
from tests.annotate.exports.conftest import build
from tests.cli.helpers import cli

ROOT = Path(__file__).resolve().parents[2]


def test_loop_says_its_state_and_is_settable(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    build(project)  # more than 20 documents
    shown = cli("loop", project)
    assert shown.exit_code == 0, shown.stderr
    assert "on (the default for a project of at least 20 documents)" in shown.stdout
    assert cli("loop", project, "--off", "--every", "7").exit_code == 0
    again = cli("loop", project)
    assert "Train in the loop: off; every 7 documents" in again.stdout
    assert cli("loop", project, "--every", "0").exit_code != 0


@pytest.mark.slow
def test_a_round_in_a_child_process_prints_json_and_records_itself(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    build(project)
    with open_project(project) as store:
        marked_done = store.count_documents(DocStatus.DONE)
    done = subprocess.run([sys.executable, "-m", "main", "loop-train", str(project), str(tmp_path / "w"), "--epochs", "1"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    messages = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert any("epoch" in m for m in messages)
    result = messages[-1]["result"]
    assert Path(result["model"]).is_absolute() and result["better"] == (result["f"] > result["current_f"])
    with open_project(project) as store:
        assert store.setting("loop.trained_at") == str(marked_done)
        assert (store.setting("proposer.model") == result["model"]) == result["switched"]
