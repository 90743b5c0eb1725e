"""train and evaluate through the command line, on a small annotated project."""

from __future__ import annotations

import json
from pathlib import Path

from store import open_project
from tests.annotate.exports.conftest import build
from tests.cli.helpers import cli


def test_train_registers_a_model_that_proposes_and_evaluates(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    build(project)
    result = cli("train", project, tmp_path / "run", "--epochs", "2")
    assert result.exit_code == 0, result.stderr
    assert "epoch" in result.stderr and "F-score" in result.stderr  # live progress
    best = tmp_path / "run" / "model-best"
    assert (best / "meta.json").exists()
    with open_project(project) as store:
        assert json.loads(store.setting("trained_models")) == [str(best.resolve())]
    proposed = cli("propose", project, "--model", best, "--no-patterns")  # events asked for
    assert proposed.exit_code == 0, proposed.stderr
    assert "Proposed" in proposed.stdout and "0 events" in proposed.stdout
    # A pipeline trained on an NER export has no parser: it says so, once, instead of nothing.
    assert proposed.stderr.count("proposes entities only, no events") == 1, proposed.stderr
    scored = cli("evaluate", project, "--model", best)
    assert scored.exit_code == 0, scored.stderr
    for label in ("PERSON", "GPE", "DATE"):
        assert label in scored.stdout


def test_evaluate_a_missing_model_says_so(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    build(project)
    result = cli("evaluate", project, "--model", tmp_path / "nope")
    assert result.exit_code == 1 and "is neither an installed package nor a directory" in result.stderr


def test_train_from_a_base_model_keeps_its_labels(tmp_path: Path) -> None:
    import spacy

    from annotate.proposals.pipelines import default_pipeline

    project = tmp_path / "p.annotary"
    build(project)
    result = cli("train", project, tmp_path / "run", "--epochs", "1", "--base-model", default_pipeline())
    assert result.exit_code == 0, result.stderr
    nlp = spacy.load(tmp_path / "run" / "model-best")
    assert {"CARDINAL", "PERSON", "GPE"} <= set(nlp.get_pipe("ner").labels)  # sourced, then fine-tuned


def test_evaluate_scores_the_dev_split_or_the_documents_named(tmp_path: Path) -> None:
    from annotate.proposals.pipelines import default_pipeline

    project = tmp_path / "p.annotary"
    build(project)
    model = default_pipeline()
    held_out = cli("evaluate", project, "--model", model)
    assert held_out.exit_code == 0, held_out.stderr
    title = " ".join(held_out.stdout.split())
    assert "the dev split: 29 of 143 documents marked done" in title  # round(143 × 0.2), as train cut it
    named = cli("evaluate", project, "--model", model, "--documents", "1", "--documents", "2")
    assert named.exit_code == 0 and "2 documents named with --documents" in " ".join(named.stdout.split())
    not_done = cli("evaluate", project, "--model", model, "--documents", "99999")
    assert not_done.exit_code == 1 and "not a document marked done: 99999" in not_done.stderr
