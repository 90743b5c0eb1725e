"""CoNLL has no discontinuous spans: one is never written as a range from its first start to its
last end; it is left out and counted, its sentence too (its tokens are not O), and the file keeps
spaCy's document separator."""

from __future__ import annotations

from pathlib import Path

from annotate.exports.conll_out import DOCSTART, FRAGMENTS, UNTAGGABLE
from annotate.exports.run import export
from store import open_project
from tests.annotate.exports.links_project import build_links


def test_a_span_in_pieces_is_left_out_and_counted(tmp_path: Path) -> None:
    project = tmp_path / "links.annotary"
    build_links(project, status="done")
    with open_project(project, readonly=True) as store:
        report = export(store, tmp_path / "conll", "conll", status="all")
    lines = (tmp_path / "conll" / "annotations.conll").read_text(encoding="utf-8").splitlines()
    assert report.left_out[FRAGMENTS] == 1
    assert lines.count(DOCSTART) == report.documents == 2  # Latin and Arabic; the Emoji one is not done
    # "North … America" would be B-LOC I-LOC I-LOC I-LOC as one range; its sentence is left out.
    assert not any(line.startswith(("North ", "and ", "condemned ")) for line in lines)
    assert report.left_out[UNTAGGABLE] == 1
    # The sentence before it is there, with its entities.
    assert "Geneva B-GPE" in lines and "Arriaga I-PERSON" in lines
    assert "Left out 1: " + FRAGMENTS in report.lines()


def test_documents_left_out_whole_still_count_their_spans_in_pieces(tmp_path: Path) -> None:
    project = tmp_path / "links.annotary"
    build_links(project)  # nothing marked done
    with open_project(project, readonly=True) as store:
        report = export(store, tmp_path / "conll", "conll", status="all")
    assert report.documents == 0 and report.left_out[FRAGMENTS] == 1
