"""Every export read by its real consumer: spaCy's DocBin reader, debug data, train and
convert, and Annotary's own importers for the round trips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import srsly

from annotate.exports.collect import ExportError
from annotate.exports.run import export
from annotate.exports.spacy_docs import read_events
from annotate.model import SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.conftest import snapshot

ROOT = Path(__file__).resolve().parents[3]


def run_export(project: Path, out: Path, fmt: str, **options):
    with open_project(project, readonly=True) as store:
        return export(store, out, fmt, **options)


def spacy_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "spacy", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def reimported(tmp_path: Path, source: Path) -> dict:
    project = tmp_path / "again.annotary"
    with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_paths([source])
    return snapshot(project)


def expected_without_unreviewed(project: Path, keep_rejected: bool) -> dict:
    """The project's annotations of done documents as an export should carry them."""
    full = snapshot(project)
    out = {}
    for text, found in full.items():
        if text == "Ruto spoke in Nairobi.":
            continue  # not marked done
        spans = [s for s in found["spans"] if keep_rejected or s[3] != str(SpanStatus.REJECTED)]
        out[text] = {"spans": spans, "events": found["events"]}
    return out


def test_docbin_holds_exactly_the_project(annotated, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    project, facts = annotated
    report = run_export(project, tmp_path, "spacy", dev_split=0.2, seed=1)
    assert report.documents == facts["documents"]  # the one not done stays out
    assert report.left_out["overlapping entity (not in doc.ents; kept in doc.spans['sc'])"] == 1
    assert report.left_out["span not on token boundaries (left out, not shifted)"] == 1  # "Gra" of Graça
    nlp = spacy.blank("en")
    docs = [d for name in ("train", "dev") for d in DocBin().from_disk(tmp_path / f"{name}.spacy").get_docs(nlp.vocab)]
    assert len(docs) == report.documents
    (detail,) = [d for d in docs if d.text.startswith("Kerry will meet")]
    assert [(e.text, e.label_) for e in detail.ents] == [
        ("Kerry", "PERSON"), ("Putin", "PERSON"), ("Lavrov", "PERSON"), ("Moscow", "GPE"), ("Thursday", "DATE"),
        ("The United Nations Security Council", "ORG"), ("Rebels", "NORP"), ("the convoy", "FAC")]
    assert all(t.ent_iob_ in ("B", "I", "O") for t in detail)  # done: the rest is O, not missing
    assert ("United Nations", "ORG") in [(s.text, s.label_) for s in detail.spans["sc"]]
    assert [(s.text, s.label_) for s in detail.spans["triggers"]] == [("meet", "Contact.Meet"), ("attacked", "Conflict.Attack")]
    assert [(s.text, s.label_) for s in detail.spans["incorrect_spans"]] == [("Rebels", "PERSON")]
    events = {e["type"]: e for e in read_events(detail)}
    assert sorted((a["role"], detail.text[a["start"]:a["end"]]) for a in events["Contact.Meet"]["arguments"]) == [
        ("Entity", "Kerry"), ("Entity", "Lavrov"), ("Entity", "Putin"), ("Place", "Moscow"), ("Time", "Thursday")]
    assert events["Contact.Meet"]["attributes"] == {"Modality": "Other"}
    emoji = next(d for d in docs if "🌊" in d.text)
    assert [e.text for e in emoji.ents] == ["Beira 🙏"]
    # "Gra" was accepted as PERSON: not an entity of doc.ents, but not O either.
    assert [t.ent_iob_ for t in emoji if t.text.startswith("Gra")] == [""]
    assert report.left_out["token of an accepted entity not in doc.ents (missing there, not O)"] == 1
    arabic = next(d for d in docs if "القاهرة" in d.text)
    assert [e.text for e in arabic.ents] == ["القاهرة"]


def test_debug_data_and_a_short_training_run(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    data = tmp_path / "data"
    run_export(project, data, "spacy", dev_split=0.2, seed=3)
    checked = spacy_cli("debug", "data", str(data / "config.cfg"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "✘" not in checked.stdout, checked.stdout
    trained = spacy_cli("train", str(data / "config.cfg"), "--output", str(tmp_path / "model"),
                        "--training.max_epochs", "2", "--training.eval_frequency", "20")
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    from annotate.proposals.spacy_proposer import SpacyProposer
    from annotate.proposals.types import TextInput

    proposer = SpacyProposer(str(tmp_path / "model" / "model-best"), builtin_schema("news-ace"), events=False)
    (result,) = proposer.propose([TextInput(1, "Kerry met Putin in Geneva on Monday.")])
    assert proposer.source.startswith("model:")
    assert all(s.label in {"PERSON", "GPE", "DATE", "ORG", "NORP", "FAC"} for s in result.spans)


def test_jsonl_round_trip_is_lossless(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    report = run_export(project, tmp_path / "out", "jsonl")
    tasks = list(srsly.read_jsonl(tmp_path / "out" / "annotations.jsonl"))
    assert len(tasks) == report.documents
    detail = next(t for t in tasks if t["text"].startswith("Kerry will meet"))
    kerry = next(s for s in detail["spans"] if s["label"] == "PERSON" and s["start"] == 0)
    assert (kerry["token_start"], kerry["token_end"]) == (0, 0)  # token_end is inclusive
    council = next(s for s in detail["spans"] if s["end"] - s["start"] > 20)
    assert council["token_end"] - council["token_start"] == 4
    roles = sorted(r["label"] for r in detail["relations"])
    assert roles == ["Attacker", "Entity", "Entity", "Entity", "Place", "Target", "Time"]
    assert {"_input_hash", "_task_hash", "tokens", "answer", "meta"} <= set(detail)
    assert reimported(tmp_path, tmp_path / "out" / "annotations.jsonl") == expected_without_unreviewed(project, True)


def test_brat_round_trip_is_lossless(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    run_export(project, tmp_path / "brat", "brat")
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    assert "Contact-Meet\tEntity+:" in conf and "[attributes]" in conf
    ann = next(p for p in (tmp_path / "brat").glob("*.ann") if "Contact-Meet" in p.read_text(encoding="utf-8"))
    assert "Entity2:" in ann.read_text(encoding="utf-8")  # brat numbers a repeated role
    again = reimported(tmp_path, tmp_path / "brat")
    assert again == expected_without_unreviewed(project, keep_rejected=False)


def test_conll_is_read_by_spacy_convert(annotated, tmp_path: Path) -> None:
    project, facts = annotated
    report = run_export(project, tmp_path / "conll", "conll")
    lines = (tmp_path / "conll" / "annotations.conll").read_text(encoding="utf-8").splitlines()
    assert lines.count("-DOCSTART- -X- O O") == report.documents
    assert "Security I-ORG" in lines and "The B-ORG" in lines
    assert not any(line.startswith("Graça") for line in lines)  # under "Gra": no tag is true, not even O
    converted = spacy_cli("convert", str(tmp_path / "conll" / "annotations.conll"), str(tmp_path / "conll"),
                          "--converter", "ner", "--n-sents", "1")
    assert converted.returncode == 0, converted.stderr
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(tmp_path / "conll" / "annotations.spacy").get_docs(spacy.blank("en").vocab))
    assert sum(len(d.ents) for d in docs) == report.spans
    # Without --n-sents, the converter keeps our documents: it splits on the separator.
    (tmp_path / "whole").mkdir()
    whole = spacy_cli("convert", str(tmp_path / "conll" / "annotations.conll"), str(tmp_path / "whole"),
                      "--converter", "ner")
    assert whole.returncode == 0, whole.stderr
    kept = list(DocBin().from_disk(tmp_path / "whole" / "annotations.spacy").get_docs(spacy.blank("en").vocab))
    assert len(kept) == report.documents and not any(t.text == "-DOCSTART-" for d in kept for t in d)


def test_bad_exports_say_why(annotated, tmp_path: Path) -> None:
    from tests.cli.helpers import cli

    project, _ = annotated
    empty = tmp_path / "empty.annotary"
    open_project(empty, create=True, schema=builtin_schema("news-ace")).close()
    result = cli("export", empty, tmp_path / "o1", "--format", "jsonl")
    assert result.exit_code == 1 and "nothing to export" in result.stderr
    result = cli("export", project, tmp_path / "o2", "--format", "brat", "--labels", "WEAPON")
    assert result.exit_code == 1 and "WEAPON not in the project schema" in result.stderr
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("export", project, blocker / "out", "--format", "brat")  # fails even for root
    assert result.exit_code == 1 and "cannot create the export folder" in result.stderr
    with pytest.raises(ExportError, match="--format must be one of"):
        run_export(project, tmp_path / "o3", "xml")
    result = cli("export", project, tmp_path / "o4", "--format", "brat", "--labels", "PERSON")
    assert result.exit_code == 0 and "span with a label outside --labels" in result.stdout
