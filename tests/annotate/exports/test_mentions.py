"""Argument mentions (the MENTION label: role fillers that are no names) in every export: no
entity of an NER view (DocBin ``doc.ents``, CoNLL, JSONL ``spans``, training labels), each such
writer saying how many it kept out and under which label, and kept with their events wherever
a format holds events (brat T and E lines, JSONL ``events`` and ``mention_spans``, the DocBin's
``doc.spans["mentions"]`` and ``user_data``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.exports.run import export
from annotate.exports.spacy_docs import read_events
from annotate.resources import builtin_schema
from annotate.schema import Schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.mention_project import DETAIL, build
from tests.annotate.exports.test_exports import spacy_cli

REASON = "MENTION span from the entities (an argument mention, not a name"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("mentions") / "mentions.annotary"
    return path, build(path)


def run(path: Path, out: Path, fmt: str):
    with open_project(path, readonly=True) as store:
        return export(store, out, fmt, dev_split=0.2, seed=1)


def left_out(report, start: str) -> tuple[int, str]:
    """The count and reason of the one left-out line starting with ``start``."""
    (found,) = [(n, reason) for reason, n in report.left_out.items() if reason.startswith(start)]
    return found


def words(text: str, start: int, end: int) -> str:
    return text[start:end]


@pytest.mark.slow
def test_the_docbin_keeps_mentions_out_of_ents_and_with_their_events(project, tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    path, facts = project
    report = run(path, tmp_path, "spacy")
    n, reason = left_out(report, REASON)
    assert n == facts["mentions"] and "doc.spans['mentions']" in reason
    assert any(line.startswith(f"Left out {n}: MENTION span") for line in report.lines())
    assert report.unreviewed.line() is None  # an unreviewed mention holds no document back
    nlp = spacy.blank("en")
    docs = [d for part in ("train", "dev")
            for d in DocBin(store_user_data=True).from_disk(tmp_path / f"{part}.spacy").get_docs(nlp.vocab)]
    assert all(e.label_ != "MENTION" for d in docs for e in d.ents)
    assert all(s.label_ != "MENTION" for d in docs for key in ("sc", "incorrect_spans") for s in d.spans[key])
    (detail,) = [d for d in docs if d.text == DETAIL]
    assert [(e.text, e.label_) for e in detail.ents] == [
        ("Damascus", "GPE"), ("Monday", "DATE"), ("Syrian", "NORP"), ("Lavrov", "PERSON"), ("حلب", "GPE")]
    assert [s.text for s in detail.spans["mentions"]] == [
        "Pro-regime forces", "a bland regime paper", "The Syrian regime forces"]
    # Marked done: a mention's tokens are no entity, O, and so are the unreviewed mention's.
    for phrase in ("Pro-regime forces", "significant negotiations"):
        start = DETAIL.index(phrase)
        tokens = detail.char_span(start, start + len(phrase))
        assert [t.ent_iob_ for t in tokens] == ["O"] * len(tokens), phrase
    # The events keep their mention arguments; the proposals are kept as proposals.
    events = {e["type"]: e for e in read_events(detail)}
    assert [(a["role"], words(DETAIL, a["start"], a["end"]), a["label"]) for a in events["Conflict.Attack"]["arguments"]][:2] == [
        ("Attacker", "Pro-regime forces", "MENTION"), ("Target", "a bland regime paper", "MENTION")]
    kept = {(s["label"], s["status"], words(DETAIL, s["start"], s["end"])) for s in detail.user_data["annotary_spans"]}
    assert {("MENTION", "proposed", "significant negotiations"), ("MENTION", "rejected", "regime paper")} <= kept


@pytest.mark.slow
def test_spacy_debug_data_lists_no_mention_label(project, tmp_path: Path) -> None:
    path, _ = project
    run(path, tmp_path, "spacy")
    checked = spacy_cli("debug", "data", str(tmp_path / "config.cfg"), "--verbose")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "'PERSON'" in checked.stdout or "PERSON" in checked.stdout  # it does list the labels
    assert "MENTION" not in checked.stdout + checked.stderr


@pytest.mark.slow
def test_conll_writes_mentions_as_o_and_says_how_many(project, tmp_path: Path) -> None:
    path, facts = project
    report = run(path, tmp_path, "conll")
    n, reason = left_out(report, REASON)
    assert n == facts["mentions"] and "CoNLL" in reason
    lines = (tmp_path / "annotations.conll").read_text(encoding="utf-8").splitlines()
    assert not any("MENTION" in line for line in lines)
    assert {"Pro O", "regime O", "forces O", "significant O", "negotiations O"} <= set(lines)
    assert "Syrian B-NORP" in lines
    # Nothing held back: every document's sentences go out.
    assert report.documents == facts["documents"] and report.unreviewed.line() is None


@pytest.mark.slow
def test_jsonl_keeps_mentions_out_of_spans_and_in_their_events(project, tmp_path: Path) -> None:
    path, facts = project
    report = run(path, tmp_path, "jsonl")
    n, reason = left_out(report, REASON)
    assert n == facts["mentions"] and "mention_spans" in reason
    tasks = [json.loads(line) for line in (tmp_path / "annotations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(s["label"] != "MENTION" for t in tasks for s in t["spans"])
    (detail,) = [t for t in tasks if t["text"] == DETAIL]
    assert [words(DETAIL, s["start"], s["end"]) for s in detail["mention_spans"]] == [
        "Pro-regime forces", "a bland regime paper", "The Syrian regime forces"]
    assert all("token_start" in s for s in detail["mention_spans"])
    # The unreviewed mention claims no entity: the task is accepted, complete for NER.
    assert detail["answer"] == "accept"
    assert [s["label"] for s in detail["proposed_spans"]] == ["MENTION"]
    attack = next(e for e in detail["events"] if e["type"] == "Conflict.Attack")
    assert ("Attacker", "MENTION") in [(a["role"], a["label"]) for a in attack["arguments"]]
    # Prodigy draws the event's arc to the mention all the same.
    assert any(r["child_span"]["label"] == "MENTION" for r in detail["relations"])


def test_brat_writes_mentions_as_t_lines_in_their_events(project, tmp_path: Path) -> None:
    path, facts = project
    report = run(path, tmp_path, "brat")
    assert not any(reason.startswith(REASON) for reason in report.left_out)  # brat holds them
    assert report.left_out["mention proposal never reviewed, in a document marked done (it claims no entity)"] == 1
    (ann,) = [p for p in tmp_path.glob("*.ann") if "Detail" in p.name]
    lines = ann.read_text(encoding="utf-8").splitlines()
    mentions = {line.split("\t")[0]: line.split("\t")[2] for line in lines if "\tMENTION " in line}
    assert sorted(mentions.values()) == ["Pro-regime forces", "The Syrian regime forces", "a bland regime paper"]
    attack = next(line for line in lines if line.startswith("E") and "Conflict-Attack:" in line)
    assert any(f"Attacker:{t}" in attack for t, text in mentions.items() if text == "Pro-regime forces")
    conf = (tmp_path / "annotation.conf").read_text(encoding="utf-8")
    assert "# annotary-mention: MENTION" in conf and "Attacker*:PERSON|ORG|NORP|GPE|MENTION" in conf


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["brat", "jsonl", "spacy"])
def test_mentions_and_their_events_come_back(fmt: str, project, tmp_path: Path) -> None:
    path, facts = project
    run(path, tmp_path / fmt, fmt)
    # Into a project of the same schema; brat into an empty one: its conf brings the label back.
    start = Schema("empty") if fmt == "brat" else builtin_schema("news-ace")
    with open_project(tmp_path / "again.annotary", create=True, schema=start) as store:
        imported = Session(store).import_paths([tmp_path / fmt])
        assert not [w for w in imported.warnings if "MENTION" in w], imported.warnings  # brat's checks pass
        schema = store.schema()
        assert schema.mention_label == "MENTION"
        mention = schema.mention_label
        found = [(s.label, s.status.value) for d in store.document_ids() for s in store.spans(d)
                 if s.label == mention]
        assert found.count((mention, "accepted")) == facts["mentions"]
        detail = next(d for d in store.document_ids() if store.document(d).text == DETAIL)
        by_id = {s.id: s for s in store.spans(detail)}
        arguments = sorted((e.type, a.role, DETAIL[by_id[a.span_id].start:by_id[a.span_id].end])
                           for e in store.events(detail) for a in e.arguments if by_id[a.span_id].label == mention)
        assert [(t.replace("-", "."), r, w) for t, r, w in arguments] == [
            ("Conflict.Attack", "Attacker", "Pro-regime forces"), ("Conflict.Attack", "Target", "a bland regime paper"),
            ("Contact.Meet", "Entity", "The Syrian regime forces")]


def test_scoring_a_model_leaves_mentions_out(project) -> None:
    from annotate.exports.collect import collect
    from annotate.training import evaluate

    path, _ = project
    with open_project(path, readonly=True) as store:
        docs, _ = collect(store)
        exported = list(docs)
        schema = store.schema()
    detail = next(d for d in exported if d.document.text == DETAIL)
    # A model that finds every accepted span, mentions included: only entities are scored.
    predicted = {d.document.id: {(s.start, s.end, s.label) for s in d.spans} for d in exported}
    scores = {s.label: s for s in evaluate(exported, predicted, schema)}
    assert "MENTION" not in scores and "Conflict.Attack" not in scores
    assert scores["NORP"].gold == 1 and scores["NORP"].f == 1.0
    assert any(s.label == "MENTION" for s in detail.spans)  # they were there to leave out
