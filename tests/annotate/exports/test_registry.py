"""The writer registry: formats come from it, export looks writers up in it, and what a
format cannot carry is counted per kind, once, as the documents stream past."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.exports.collect import ExportError, ExportReport, Progress, collect
from annotate.exports.registry import KINDS, WRITERS, WriteContext, held, register
from annotate.exports.run import FORMATS, export
from annotate.exports.spacy_docs import Documents
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEquivalence, ParsedRelation, ParsedSpan
from annotate.model import Normalization, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project

TEXT = "Kerry met Putin in Geneva on Monday."


def rich_project(path: Path) -> Path:
    """Two documents marked done with a bit of every kind."""
    kerry = ParsedSpan(0, 5, "PERSON", note="the envoy", attributes={"Role": "Envoy"},
                       norms=[Normalization("Wikidata", "Q22316")])
    spans = [kerry, ParsedSpan(10, 15, "PERSON"), ParsedSpan(19, 25, "GPE", fragments=((19, 21), (22, 25))),
             ParsedSpan(29, 35, "DATE", SpanStatus.REJECTED)]
    docs = [
        ParsedDocument(TEXT, "one", "t", spans=spans, relations=[ParsedRelation("Meets", 0, 1)],
                       equivalences=[ParsedEquivalence("Equiv", (0, 1))]),
        ParsedDocument("Putin left Geneva.", "two", "t",
                       spans=[ParsedSpan(0, 5, "PERSON"), ParsedSpan(11, 17, "GPE")],
                       relations=[ParsedRelation("Located", 0, 1, note="said so")]),
    ]
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch(docs), status="done")
    return path


def test_the_formats_are_the_registered_writers() -> None:
    assert FORMATS == WRITERS.names == ("spacy", "jsonl", "brat", "conll")
    for name in FORMATS:
        writer = WRITERS.get(name)
        assert writer.name == name and writer.carries <= set(KINDS)
    assert WRITERS.get("brat").needs_pipeline is False


def test_an_unknown_format_is_one_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    with open_project(rich_project(tmp_path / "p.annotary"), readonly=True) as store:
        with pytest.raises(ExportError, match=r"--format must be one of spacy, jsonl, brat, conll, not 'pdf'"):
            export(store, tmp_path / "out", "pdf")
    assert not (tmp_path / "out").exists()


class TitlesWriter:
    """A format of one's own: the titles, one a line."""

    name = "titles"
    title = "titles"
    needs_pipeline = False
    carries = frozenset({"spans"})
    carries_note = "titles only"
    reports_itself: frozenset[str] = frozenset()

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        (folder / "titles.txt").write_text("".join(f"{d.document.title}\n" for d in docs), encoding="utf-8")
        report.documents = len(docs)


def test_export_writes_a_registered_format_and_counts_what_it_cannot_carry(tmp_path: Path) -> None:
    register(TitlesWriter())
    try:
        with open_project(rich_project(tmp_path / "p.annotary"), readonly=True) as store:
            report = export(store, tmp_path / "out", "titles")
    finally:
        WRITERS.unregister("titles")
    assert (tmp_path / "out" / "titles.txt").read_text(encoding="utf-8") == "one\ntwo\n"
    left = report.left_out
    assert left["relations (titles carries titles only)"] == 2
    assert left["equivalence sets (titles carries titles only)"] == 1
    assert left["rejected proposals (titles carries titles only)"] == 1
    assert left["spans in pieces (discontinuous) (titles carries titles only)"] == 1
    assert left["attribute values (titles carries titles only)"] == 1
    assert left["normalisations (titles carries titles only)"] == 1
    assert left["notes (titles carries titles only)"] == 1  # the relation's note went with it
    assert not any("spans (" in reason for reason in left)


def test_what_is_not_carried_is_counted_once_however_often_the_documents_are_read(tmp_path: Path) -> None:
    with open_project(rich_project(tmp_path / "p.annotary"), readonly=True) as store:
        docs, report = collect(store)
        docs.watch(lambda export, counted: counted.leave_out("seen", held(export, frozenset())["relations"]))
        first = [d.document.title for d in docs]
        assert [d.document.title for d in docs] == first == ["one", "two"]
        assert len(docs) == 2
    assert report.left_out["seen"] == 2


def test_every_format_carries_every_kind_but_conll(tmp_path: Path) -> None:
    for name in ("spacy", "jsonl"):
        assert WRITERS.get(name).carries == set(KINDS)
    assert WRITERS.get("brat").carries == set(KINDS) - {"rejected"}  # brat's own line counts them
    assert WRITERS.get("conll").carries == {"spans"}


def test_conll_names_each_kind_it_leaves_out_once(tmp_path: Path) -> None:
    with open_project(rich_project(tmp_path / "p.annotary"), readonly=True) as store:
        report = export(store, tmp_path / "out", "conll")
    left = report.left_out
    assert left["relations (CoNLL carries entity spans only)"] == 2
    assert left["equivalence sets (CoNLL carries entity spans only)"] == 1
    assert left["rejected proposals (CoNLL carries entity spans only)"] == 1
    assert left["attribute values (CoNLL carries entity spans only)"] == 1
    # The writer counts a span in pieces itself (its sentence goes too): not a second time here.
    assert not [reason for reason in left if reason.startswith("spans in pieces")]


def test_brat_and_conll_count_the_relations_and_events_nobody_accepted(tmp_path: Path) -> None:
    """They write accepted relations and events only; JSONL and the DocBin keep the others
    (tests/annotate/exports/test_unaccepted_links.py) and count none left out."""
    from tests.annotate.exports.test_unaccepted_links import build

    project = build(tmp_path / "p.annotary")
    with open_project(project, readonly=True) as store:
        for fmt in ("brat", "conll", "jsonl", "spacy"):
            report = export(store, tmp_path / fmt, fmt, status="all")
            left = {reason: n for reason, n in report.left_out.items() if reason.startswith(("relation ", "event "))}
            expected = {"relation proposed": 2, "relation rejected": 2, "event proposed": 1, "event rejected": 1}
            assert left == (expected if fmt in ("brat", "conll") else {}), fmt
