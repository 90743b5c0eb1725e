"""``python main.py propose``, ``patterns`` and ``models`` with the real English pipeline."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import srsly

from annotate.resources import sample_articles
from store import open_project
from tests.cli.helpers import cli, stats

ROOT = Path(__file__).resolve().parents[2]


def test_propose_on_the_samples(project_path: Path) -> None:
    assert cli("import", project_path, *sample_articles()).exit_code == 0
    result = cli("propose", project_path)
    assert result.exit_code == 0, result.stderr
    assert "documents/s" in result.stdout
    counts = stats(project_path)
    labels = counts["spans"]["by_label"]
    for label in ("PERSON", "GPE", "ORG", "DATE"):
        assert labels.get(label, 0) >= 3, labels
    assert counts["spans"]["accepted"] == 0 and counts["spans"]["proposed"] == counts["spans"]["total"]
    assert counts["events"]["by_type"].get("Contact.Meet", 0) >= 1
    with open_project(project_path) as store:
        sources = {r[0] for r in store.db.execute("SELECT DISTINCT source FROM spans")}
        assert any(s.startswith("gazetteer:geonames@") for s in sources)  # a new project has no pattern file
        assert any(s.startswith("model:en_core_web_sm") and s.endswith("@3.8.0") for s in sources)
    # Re-running with the same model version does nothing new.
    again = cli("propose", project_path)
    assert again.exit_code == 0 and "Nothing to propose" in again.stdout
    assert stats(project_path) == counts


def test_model_choice_is_remembered_and_components_switch_off(project_path: Path) -> None:
    from annotate.proposals.pipelines import default_pipeline

    cli("import", project_path, sample_articles()[0])
    result = cli("propose", project_path, "--model", default_pipeline(), "--no-events", "--no-patterns")
    assert result.exit_code == 0, result.stderr
    counts = stats(project_path)
    assert counts["events"]["total"] == 0
    with open_project(project_path) as store:
        assert store.setting("proposer.model") == default_pipeline()
        assert {r[0] for r in store.db.execute("SELECT DISTINCT source FROM spans")} != {"pattern"}


def test_unknown_model_fails_cleanly(project_path: Path) -> None:
    cli("import", project_path, sample_articles()[0])
    result = cli("propose", project_path, "--model", "xx_not_a_model")
    assert result.exit_code == 1
    assert "'xx_not_a_model' is neither an installed package nor a directory" in result.stderr
    assert stats(project_path)["spans"]["total"] == 0


def test_patterns_command(tmp_path: Path, project_path: Path) -> None:
    cli("import", project_path, sample_articles()[0])
    good = tmp_path / "armed-groups.jsonl"
    srsly.write_jsonl(good, [{"label": "ORG", "pattern": "Wagner Group"}, {"label": "ORG", "pattern": [{"lower": "hamas"}]}])
    result = cli("patterns", project_path, good)
    assert result.exit_code == 0 and "Added 2 patterns" in result.stdout
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"label": "ORG", "pattern": "ok"}\n{"label": "ORG", "pattern": [{"lowr": "x"}]}\n', encoding="utf-8")
    result = cli("patterns", project_path, bad)
    assert result.exit_code == 1
    assert "bad.jsonl, line 2: invalid token pattern" in result.stderr
    with open_project(project_path) as store:
        assert [name for name, _ in store.pattern_files()] == ["armed-groups.jsonl"]


def test_models_lists_the_default() -> None:
    result = cli("models")
    assert result.exit_code == 0
    assert "en_core_web_sm" in result.stdout and "yes" in result.stdout


def _runs(project: Path) -> int:
    conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT COUNT(DISTINCT document_id) FROM proposal_runs").fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def test_interrupted_batch_keeps_finished_batches_and_resumes(tmp_path: Path, project_path: Path) -> None:
    articles = tmp_path / "many.jsonl"
    srsly.write_jsonl(
        articles,
        [{"text": f"Report {i}: Kerry met Putin in Moscow on Thursday while protesters marched in Kyiv and Nairobi. " * 6}
         for i in range(400)],
    )
    assert cli("import", project_path, articles).exit_code == 0
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, str(ROOT / "main.py"), "propose", str(project_path), "--batch-size", "4"]
    # Ctrl+C as in a terminal: a runner that started us in the background (SIGINT ignored, and
    # inherited) would otherwise leave Python without its KeyboardInterrupt handler.
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while _runs(project_path) < 8 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    seen, running = _runs(project_path), proc.poll() is None
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=120)
    # Enough to tell a lost interrupt from one sent too late.
    assert proc.returncode == 130, (f"exit {proc.returncode}; {seen} documents stored when interrupted, "
                                    f"child {'running' if running else 'already finished'}; "
                                    f"stdout: {stdout!r}; stderr: {stderr!r}")
    assert "run the same command again to resume" in stderr
    done = _runs(project_path)
    assert 8 <= done < 400
    assert done % 4 == 0  # only whole batches were stored
    with open_project(project_path, readonly=True) as store:
        with_spans = {r[0] for r in store.db.execute("SELECT DISTINCT document_id FROM spans")}
        marked = {r[0] for r in store.db.execute("SELECT DISTINCT document_id FROM proposal_runs")}
    assert with_spans == marked  # no batch was half-stored

    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"on {400 - done} documents" in result.stdout
    assert _runs(project_path) == 400
    with open_project(project_path) as store:
        dupes = store.db.execute(
            "SELECT COUNT(*) FROM (SELECT document_id, start, end, label FROM spans "
            "GROUP BY document_id, start, end, label HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        assert dupes == 0
        assert store.db.execute("SELECT COUNT(DISTINCT document_id) FROM spans").fetchone()[0] == 400
