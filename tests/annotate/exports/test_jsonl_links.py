"""JSONL carries relations, events of events, equivalence sets, norms, span attributes,
fragments and notes: project → export → import comes back equal, on text with combining marks,
emoji and Arabic, tokenised by the real pipeline; what Prodigy reads stays Prodigy's format, and
the arcs drawn for events do not come back as relations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import srsly

from annotate.exports.collect import collect
from annotate.exports.jsonl_out import FRAGMENTS, UNALIGNED, task_for
from annotate.exports.run import export
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.formats.prodigy_relations import EVENT_ARC
from annotate.model import SpanStatus
from annotate.proposals.pipelines import default_pipeline, load_tokenizer
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.links_project import LATIN, at, build_links, links_snapshot
from tests.conftest import EMOJI_TEXT


@pytest.fixture(scope="module")
def links(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "links.annotary"
    build_links(path)
    return path


@pytest.fixture(scope="module")
def exported(links: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("jsonl") / "out"
    with open_project(links, readonly=True) as store:
        report = export(store, out, "jsonl", status="all")
    return out / "annotations.jsonl", report


def reimport(source: Path, folder: Path) -> tuple[Path, Any]:
    project = folder / "again.annotary"
    with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
        report = Session(store).import_paths([source])
    return project, report


def test_the_round_trip_comes_back_equal(links: Path, exported: tuple[Path, Any], tmp_path: Path) -> None:
    before = links_snapshot(links)
    # The fixture holds what it says, so that equality means something.
    kinds = [len(d[k]) for d in before.values() for k in ("relations", "equivalences")]
    assert sum(kinds) == 7 + 2
    assert any(s[4] for d in before.values() for s in d["spans"])  # fragments
    assert any(a[2] for d in before.values() for e in d["events"] for a in e[3])  # an event as argument
    project, report = reimport(exported[0], tmp_path)
    assert (report.relations, report.equivalences) == (7, 2)  # the 6 event arcs are no relations
    assert links_snapshot(project) == before


def test_relations_are_prodigys_and_event_arcs_are_marked(exported: tuple[Path, Any]) -> None:
    tasks = {t["text"]: t for t in srsly.read_jsonl(exported[0])}
    task = tasks[LATIN]
    tokens = task["tokens"]
    arcs = [r for r in task["relations"] if EVENT_ARC in r]
    true = [r for r in task["relations"] if EVENT_ARC not in r]
    assert len(arcs) == 6 and sorted(r["label"] for r in true) == ["Located", "Located", "Origin"]
    for relation in task["relations"]:
        for end, key in (("head", "head_span"), ("child", "child_span")):
            span = relation[key]
            # Prodigy's form: head/child = the span's last token; token_end is inclusive.
            assert relation[end] == span["token_end"]
            assert tokens[span["token_end"]]["end"] == span["end"]
            assert tokens[span["token_start"]]["start"] == span["start"]
    located = next(r for r in true if r["label"] == "Located" and r["head_span"]["label"] == "PERSON")
    assert (located["note"], located["attributes"]) == ("seen there", {"Certainty": "High"})
    assert task["_view_id"] == "relations"
    # Each arc names its event, whose record holds the argument.
    for arc in arcs:
        event = task["events"][arc[EVENT_ARC]]
        assert arc["label"] in [a["role"] for a in event["arguments"]]


def test_what_prodigy_has_no_place_for_is_in_annotary_keys(exported: tuple[Path, Any]) -> None:
    path, report = exported
    tasks = {t["meta"]["title"]: t for t in srsly.read_jsonl(path)}
    latin, emoji = tasks["Combining marks"], tasks["Emoji"]
    pieces = next(s for s in latin["spans"] if "fragments" in s)
    assert (pieces["start"], pieces["end"], pieces["fragments"]) == (36, 59, [[36, 41], [52, 59]])
    jose = next(s for s in latin["spans"] if s["start"] == 0)
    assert jose["note"] == "first line\nsecond line" and jose["attributes"] == {"Title": "Envoy"}
    assert [n["reference"] for n in jose["norms"]] == ["Q5", "1"]
    condemn = next(e for e in latin["events"] if e["type"] == "Statement.Condemn")
    theme = next(a for a in condemn["arguments"] if a["role"] == "Theme")
    assert latin["events"][theme["event"]]["type"] == "Conflict.Attack"
    assert latin["rejected_spans"] == [{"start": 18, "end": 24, "label": "ORG", "note": "not an organisation"}]
    # "Gra" is not on token boundaries: its relation cannot have Prodigy's token indices.
    (unaligned,) = emoji["unaligned_relations"]
    assert "head" not in unaligned and unaligned["head_span"]["end"] - unaligned["head_span"]["start"] == 3
    beira, mozambique = at(EMOJI_TEXT, "Beira"), at(EMOJI_TEXT, "Mozambique")  # code points, past an emoji
    assert emoji["equivalences"] == [{"type": "Equiv", "spans": [
        {"start": beira[0], "end": beira[1], "label": "GPE"},
        {"start": mozambique[0], "end": mozambique[1], "label": "GPE"}]}]
    assert report.left_out[FRAGMENTS] == 1 and report.left_out[UNALIGNED] == 1
    assert (report.relations, report.equivalences) == (7, 2)


def test_rejected_and_proposed_relations_come_back_with_their_status(links: Path, tmp_path: Path) -> None:
    """The task keys follow each relation's status, whichever list of the export document holds
    it (a project's own proposed and rejected ones: test_unaccepted_links.py)."""
    tokenizer = load_tokenizer(default_pipeline()).tokenizer
    with open_project(links, readonly=True) as store:
        docs, report = collect(store, "all")
        export_doc = next(d for d in docs if d.document.text == LATIN)  # documents are read as they go
    first, second = export_doc.relations[:2]
    first.status, second.status = SpanStatus.REJECTED, SpanStatus.PROPOSED
    task = task_for(export_doc, tokenizer, report)
    assert [r["label"] for r in task["rejected_relations"]] == [first.type]
    assert [r["label"] for r in task["proposed_relations"]] == [second.type]
    srsly.write_jsonl(tmp_path / "t.jsonl", [task])
    project, _ = reimport(tmp_path / "t.jsonl", tmp_path)
    statuses = sorted(r[3] for r in links_snapshot(project)[LATIN]["relations"])
    assert statuses == ["accepted", "proposed", "rejected"]


def test_a_relation_identical_to_an_event_argument_comes_back(tmp_path: Path) -> None:
    """A real relation from a trigger to an argument, labelled with the role, is no event arc:
    the exporter marks every arc, so the importer trusts the mark and keeps the relation."""
    text = "Kerry met Putin in Moscow."
    doc = ParsedDocument(text, "Repeat", "test", spans=[
        ParsedSpan(*at(text, "Kerry"), "PERSON"), ParsedSpan(*at(text, "met"), "Contact.Meet"),
        ParsedSpan(*at(text, "Moscow"), "GPE")])
    doc.events = [ParsedEvent("Contact.Meet", 1, [("Entity", 0), ("Place", 2)])]
    doc.relations = [ParsedRelation("Place", 1, 2), ParsedRelation("Entity", 1, 0, SpanStatus.PROPOSED)]
    project = tmp_path / "repeat.annotary"
    with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch([doc]))
        export(store, tmp_path / "out", "jsonl", status="all")
    (task,) = srsly.read_jsonl(tmp_path / "out" / "annotations.jsonl")
    assert sorted(r["label"] for r in task["relations"] if EVENT_ARC not in r) == ["Place"]
    again, report = reimport(tmp_path / "out" / "annotations.jsonl", tmp_path)
    assert (report.relations, report.warnings) == (2, [])
    assert links_snapshot(again) == links_snapshot(project)
