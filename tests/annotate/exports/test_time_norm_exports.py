"""The norms a proposal run and the annotator set (an ISO date on a Time argument, a GeoNames
entry) leave in every format that carries them — brat ``N`` lines, JSONL ``norms``, DocBin
``user_data`` — and come back from each the same."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotate import operations
from annotate.exports.run import export
from annotate.model import Normalization
from annotate.proposals.time_norms import ISO, add_time_norms
from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent, ProposedSpan
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

TEXT = "KHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen 🙂 attacked Nyala on Tuesday. مرحبا"
SRC = "model:x@1"


def at(word: str) -> tuple[int, int]:
    return TEXT.index(word), TEXT.index(word) + len(word)


def build(path: Path) -> dict[tuple[int, int, str], list[Normalization]]:
    """A project whose Attack event has a Time argument with the proposal's ISO norm and a
    Place whose GeoNames id the annotator set; everything accepted."""
    session = Session(open_project(path, create=True, schema=builtin_schema("news-ace")))
    doc = add_document(session, TEXT)
    spans = [ProposedSpan(*at("Tuesday"), "DATE", SRC), ProposedSpan(*at("Nyala"), "GPE", SRC)]
    events = [ProposedEvent("Conflict.Attack", *at("attacked"),
                            (ProposedArgument("Time", *at("Tuesday"), "DATE"), ProposedArgument("Place", *at("Nyala"), "GPE")),
                            SRC)]
    spans, dated = add_time_norms(TEXT, spans, events)
    session.store_proposals({doc: [DocumentProposals(doc, tuple(spans), dated)]}, [SRC])
    session.apply(operations.accept_all(session.repo, doc))
    nyala = next(s for s in session.repo.spans(doc) if s.label == "GPE")
    session.apply(operations.set_norm(session.repo, nyala.id, "365137 Nyala"))
    norms = {(s.start, s.end, s.label): s.norms for s in session.repo.spans(doc) if s.norms}
    session.repo.close()
    return norms


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "dated.annotary"
    return path, build(path)


def test_the_project_holds_both_norms(project: tuple[Path, dict]) -> None:
    _, norms = project
    assert norms == {(*at("Tuesday"), "DATE"): [Normalization(ISO, "2016-03-22", "Tuesday")],
                     (*at("Nyala"), "GPE"): [Normalization("GeoNames", "365137", "Nyala")]}


def test_brat_writes_n_lines(project: tuple[Path, dict], tmp_path: Path) -> None:
    path, _ = project
    session = Session(open_project(path))
    export(session.repo, tmp_path / "brat", "brat", status="all")
    session.repo.close()
    (ann,) = (tmp_path / "brat").rglob("*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    ids = {line.split("\t")[2]: line.split("\t")[0] for line in lines if line.startswith("T")}
    assert any(re.fullmatch(rf"N\d+\tReference {ids['Tuesday']} ISO8601:2016-03-22\tTuesday", line) for line in lines)
    assert any(re.fullmatch(rf"N\d+\tReference {ids['Nyala']} GeoNames:365137\tNyala", line) for line in lines)


def test_jsonl_keeps_the_norms(project: tuple[Path, dict], tmp_path: Path) -> None:
    path, _ = project
    session = Session(open_project(path))
    export(session.repo, tmp_path / "jsonl", "jsonl", status="all")
    session.repo.close()
    (task,) = [json.loads(line) for f in (tmp_path / "jsonl").rglob("*.jsonl") for line in f.read_text("utf-8").splitlines()]
    norms = {TEXT[s["start"]:s["end"]]: s.get("norms") for s in task["spans"]}
    assert norms["Tuesday"] == [{"type": "Reference", "resource": "ISO8601", "reference": "2016-03-22", "text": "Tuesday"}]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["brat", "jsonl", "spacy"])
def test_a_round_trip_keeps_them(fmt: str, project: tuple[Path, dict], tmp_path: Path) -> None:
    path, norms = project
    session = Session(open_project(path))
    out = tmp_path / fmt
    export(session.repo, out, fmt, status="all")
    session.repo.close()
    if fmt == "spacy":
        from spacy.tokens import DocBin

        from annotate.proposals.pipelines import default_pipeline, load_pipeline

        vocab = load_pipeline(default_pipeline(), ()).vocab
        docs = [d for f in out.rglob("*.spacy") for d in DocBin().from_disk(f).get_docs(vocab)]
        kept = json.dumps([d.user_data for d in docs], default=str, ensure_ascii=False)
        assert "2016-03-22" in kept and "365137" in kept  # in user_data
    again = Session(open_project(tmp_path / "again.annotary", create=True, schema=builtin_schema("news-ace")))
    inputs = [out] if fmt == "brat" else sorted(p for p in out.rglob("*") if p.suffix in (".jsonl", ".spacy"))
    again.import_paths(inputs)
    (doc,) = again.repo.document_ids()
    assert {(s.start, s.end, s.label): s.norms for s in again.repo.spans(doc) if s.norms} == norms
    again.repo.close()
