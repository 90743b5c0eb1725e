"""The DocBin keeps what spaCy's spans cannot hold in ``doc.user_data`` and ``read_docbin``
reads Annotary's export back equal; spaCy itself still reads the file, with a discontinuous span
in no span group and its tokens not O; a file that is not a DocBin is one line naming it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotate.errors import ImportFailed
from annotate.exports.run import export
from annotate.exports.spacy_docs import FRAGMENTS, RELATIONS_KEY, SPANS_KEY, read_events
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedRelation, ParsedSpan
from annotate.formats.spacy_in import read_docbin
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.links_project import LATIN, build_links, links_snapshot


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Any]:
    folder = tmp_path_factory.mktemp("docbin")
    project = folder / "links.annotary"
    build_links(project, status="done")
    with open_project(project, readonly=True) as store:
        report = export(store, folder / "out", "spacy", status="all", dev_split=0)  # one file holds all
    return project, folder / "out" / "train.spacy", report


def spacy_docs(path: Path) -> list[Any]:
    import spacy
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def test_read_docbin_gives_back_the_project(exported: tuple[Path, Path, Any], tmp_path: Path) -> None:
    project, path, _ = exported
    parsed = list(read_docbin(path))
    assert len(parsed) == 3 and all(d.source.startswith(f"{path}:") for d in parsed)
    assert {d.title for d in parsed} == {"Combining marks", "Emoji", "Arabic"}
    again = tmp_path / "again.annotary"
    with open_project(again, create=True, schema=builtin_schema("news-ace")) as store:
        report = Session(store).import_paths([path])  # the importer's reader for .spacy
    assert (report.documents, report.relations, report.equivalences, report.events) == (3, 7, 2, 3)
    assert links_snapshot(again) == links_snapshot(project)


def test_an_export_with_an_empty_dev_part_imports_back(exported: tuple[Path, Path, Any], tmp_path: Path) -> None:
    """dev_split 0 leaves dev.spacy an empty DocBin: a valid one, read as no documents."""
    project, path, _ = exported
    dev = path.with_name("dev.spacy")
    assert list(read_docbin(dev)) == []
    again = tmp_path / "again.annotary"
    with open_project(again, create=True, schema=builtin_schema("news-ace")) as store:
        report = Session(store).import_paths([path.parent])  # the export folder, dev.spacy and all
    assert (report.documents, report.relations, report.warnings) == (3, 7, [])
    assert links_snapshot(again) == links_snapshot(project)


def test_a_one_document_export_imports_back(tmp_path: Path) -> None:
    """With the default dev split, one document goes to train and dev is empty."""
    text = "Kerry met Putin in Moscow."
    with open_project(tmp_path / "one.annotary", create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch([ParsedDocument(text, "one", "t", spans=[
            ParsedSpan(0, 5, "PERSON"), ParsedSpan(19, 25, "GPE")], relations=[ParsedRelation("Located", 0, 1)])]))
        report = export(store, tmp_path / "out", "spacy", status="all")
    assert report.files[1].endswith("dev.spacy (0 documents)")
    with open_project(tmp_path / "again.annotary", create=True, schema=builtin_schema("news-ace")) as store:
        again = Session(store).import_paths([tmp_path / "out" / "train.spacy", tmp_path / "out" / "dev.spacy"])
    assert (again.documents, again.spans, again.relations) == (1, 2, 1)
    assert links_snapshot(tmp_path / "again.annotary") == links_snapshot(tmp_path / "one.annotary")


def test_spacy_reads_it_and_sees_only_whole_token_spans(exported: tuple[Path, Path, Any]) -> None:
    _, path, report = exported
    docs = {d.text: d for d in spacy_docs(path)}
    latin = docs[LATIN]
    # "North … America" is in pieces: in no group, and "North" is under an entity, so not O;
    # "and" between the pieces is no part of it.
    assert ("LOC", 36, 59) not in [(s.label_, s.start_char, s.end_char) for s in latin.spans["sc"]]
    iob = {t.text: t.ent_iob_ for t in latin}
    assert (iob["North"], iob["and"], iob["South"]) == ("", "O", "B")
    assert report.left_out[FRAGMENTS] == 1
    kept = [s for s in latin.user_data[SPANS_KEY] if s.get("fragments")]
    assert [(s["start"], s["end"], [list(p) for p in s["fragments"]]) for s in kept] == [(36, 59, [[36, 41], [52, 59]])]
    assert len(latin.user_data[RELATIONS_KEY]) == 3
    condemn = next(e for e in read_events(latin) if e["type"] == "Statement.Condemn")
    theme = next(a for a in condemn["arguments"] if a["role"] == "Theme")
    assert read_events(latin)[theme["event"]]["type"] == "Conflict.Attack"


def test_a_docbin_from_elsewhere_gives_its_entities(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    doc = nlp.make_doc("Kerry met Putin in Moscow.")
    doc.ents = [doc.char_span(0, 5, "PERSON"), doc.char_span(19, 25, "GPE")]
    doc.spans["incorrect_spans"] = [doc.char_span(10, 15, "ORG")]
    DocBin(docs=[doc]).to_disk(tmp_path / "plain.spacy")
    (parsed,) = read_docbin(tmp_path / "plain.spacy")
    assert sorted((s.start, s.end, s.label, s.status.value) for s in parsed.spans) == [
        (0, 5, "PERSON", "accepted"), (10, 15, "ORG", "rejected"), (19, 25, "GPE", "accepted")]
    assert parsed.title == "Kerry met Putin in Moscow."


@pytest.mark.parametrize(("content", "message"), [
    (b"not a docbin at all", r"x\.spacy: is not a spaCy DocBin \(\.spacy\) file \("),
    ('{"text": "json"}\n'.encode(), r"x\.spacy: is not a spaCy DocBin"),
    (b"", r"x\.spacy: is not a spaCy DocBin"),
])
def test_a_file_that_is_not_a_docbin_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.spacy").write_bytes(content)
    with pytest.raises(ImportFailed, match=message) as failed:
        list(read_docbin(tmp_path / "x.spacy"))
    assert "\n" not in str(failed.value)


def test_a_bad_record_names_the_document_and_field(tmp_path: Path) -> None:
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.blank("en")
    docs = [nlp.make_doc("Kerry met Putin."), nlp.make_doc("Putin met Kerry.")]
    docs[1].user_data[RELATIONS_KEY] = [{"label": "MEETS", "head_span": {"start": 0, "end": 5, "label": "PERSON"}}]
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "bad.spacy")
    with pytest.raises(ImportFailed, match=r"bad\.spacy: document 2: user_data\['annotary_relations'\]\[0\]"
                                           r"\.child_span must be an object, not null$"):
        list(read_docbin(tmp_path / "bad.spacy"))
