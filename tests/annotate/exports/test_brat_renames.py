"""brat spellings (``Conflict.Attack`` → ``Conflict-Attack``) on the way out and back in: what
the project's schema knows is mapped back, what will not come back as it was is counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import ImportFailed
from annotate.exports.brat_out import BREAK_GAP
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedRelation, ParsedSpan
from annotate.model import Normalization
from annotate.schema import AttributeDef, EntityLabel, EventType, RelationType, Role, Schema
from annotate.session import Session
from store import open_project
from tests.annotate.brat_corpus import at, export_brat, import_into, read_pairs
from tests.annotate.exports.test_brat_out import everything

TEXT = "Kerry met Putin in Moscow.\n"
SCHEMA = Schema(
    "renames",
    entity_labels=[EntityLabel("Person Name", "#111111"), EntityLabel("Lieu", "#222222"),
                   EntityLabel("A.B", "#333333"), EntityLabel("A-B", "#444444")],
    event_types=[EventType("Conflict.Attack", "#555555", [Role("Attacker Role", "*"), Role("Place", "?")])],
    attributes=[AttributeDef("Modality", ("asserted strongly", "other")),
                AttributeDef("Sure?", ("very high", "low"), targets=("<RELATION>",))],
    relation_types=[RelationType("located in", "#666666", head_role="Head Role", child_role="Child Role")],
)


def project_with(path: Path, *docs: ParsedDocument) -> Path:
    with open_project(path, create=True, schema=SCHEMA) as store:
        Session(store).import_batch(ParsedBatch(documents=list(docs)))
    return path


def renamed_doc() -> ParsedDocument:
    spans = [ParsedSpan(*at(TEXT, "Kerry"), "Person Name"), ParsedSpan(*at(TEXT, "met"), "Conflict.Attack"),
             ParsedSpan(*at(TEXT, "Putin"), "Person Name"), ParsedSpan(*at(TEXT, "Moscow"), "Lieu")]
    attack = ParsedEvent("Conflict.Attack", 1, [("Attacker Role", 0), ("Attacker Role", 2), ("Place", 3)],
                         {"Modality": "asserted strongly"})
    return ParsedDocument(TEXT, "t", "test", spans=spans, events=[attack],
                          relations=[ParsedRelation("located in", 0, 3, attributes={"Sure?": "very high"})])


def test_a_brat_export_imported_again_into_its_project_changes_nothing(tmp_path: Path) -> None:
    project = project_with(tmp_path / "p.annotary", renamed_doc())
    report = export_brat(project, tmp_path / "out")
    assert report.left_out == {}  # every rename is mapped back by the schema
    (ann,) = [pair[1] for pair in read_pairs(tmp_path / "out").values()]
    assert "Attacker_Role:T1 Attacker_Role2:T3" in ann and "Head_Role:T1 Child_Role:T4" in ann
    before = everything(project)
    with open_project(project) as store:
        schema = store.schema()
        imported = Session(store).import_paths([tmp_path / "out"])
        assert store.schema() == schema  # no brat spelling added: roles, attribute values, ...
    assert imported.schema_additions == []
    assert everything(project) == before  # nothing added twice


def test_relation_arguments_in_brat_spelling_written_child_first_are_read_head_first(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.ann").write_text("T1\tPerson_Name 0 5\tKerry\nT2\tLieu 19 25\tMoscow\n"
                                  "R1\tlocated_in Child_Role:T2 Head_Role:T1\n", encoding="utf-8")
    import_into(tmp_path / "p.annotary", folder, schema=SCHEMA)
    with open_project(tmp_path / "p.annotary", readonly=True) as store:
        doc = store.document_ids()[0]
        spans = {s.id: s.label for s in store.spans(doc)}
        (relation,) = store.relations(doc)
        assert (relation.type, spans[relation.head_span_id], spans[relation.child_span_id]) == (
            "located in", "Person Name", "Lieu")


def test_what_will_not_come_back_as_it_was_is_counted_by_name(tmp_path: Path) -> None:
    spans = [ParsedSpan(*at(TEXT, "Kerry"), "A.B"), ParsedSpan(*at(TEXT, "Putin"), "A-B"),
             ParsedSpan(*at(TEXT, "Moscow"), "Lieu", norms=[
                 Normalization("Geo Names", "52 4901", "Moscow\nRussia", "Ref"),
                 Normalization("geo:names", "1", "x", "")]),
             ParsedSpan(*at(TEXT, "met"), "Conflict.Attack")]
    project = project_with(tmp_path / "p.annotary", ParsedDocument(TEXT, "t", "test", spans=spans))
    report = export_brat(project, tmp_path / "out")
    (ann,) = [pair[1] for pair in read_pairs(tmp_path / "out").values()]
    assert "N1\tRef T4 Geo_Names:52_4901\tMoscow Russia\n" in ann
    assert "N2\tReference T4 geo_names:1\tx\n" in ann  # an empty type would be an N line nobody reads
    assert report.left_out == {
        "original spelling of labels (brat will read back the one written): 'A.B' written as 'A-B'": 1,
        "original spelling of norm ids (brat will read back the one written): '52 4901' written as '52_4901'": 1,
        "original spelling of norm resources (brat will read back the one written): 'Geo Names' written as "
        "'Geo_Names', 'geo:names' written as 'geo_names'": 2,
        "original spelling of norm texts (brat will read back the one written): 'Moscow\\nRussia' written as "
        "'Moscow Russia'": 1,
        "original spelling of norm types (brat will read back the one written): '' written as 'Reference'": 1,
    }  # Conflict.Attack comes back: the schema knows it
    again = tmp_path / "again.annotary"
    import_into(again, tmp_path / "out", schema=SCHEMA)  # every line reads back
    with open_project(again, readonly=True) as store:
        (moscow,) = [s for s in store.spans(store.document_ids()[0]) if s.label == "Lieu"]
        assert [(n.type, n.resource, n.reference) for n in moscow.norms] == [
            ("Ref", "Geo_Names", "52_4901"), ("Reference", "geo_names", "1")]


def test_a_gap_of_only_a_line_break_between_fragments_is_counted(tmp_path: Path) -> None:
    text = "North\nKorea and South\r\nAmerica met.\n"
    spans = [ParsedSpan(0, 11, "Lieu", fragments=((0, 5), (6, 11))),
             ParsedSpan(at(text, "Korea")[0], at(text, "America")[1], "Lieu",
                        fragments=(at(text, "Korea"), at(text, "America")))]  # "and South" between: kept
    project = project_with(tmp_path / "p.annotary", ParsedDocument(text, "t", "test", spans=spans))
    report = export_brat(project, tmp_path / "out")
    assert report.left_out == {BREAK_GAP: 1}


@pytest.mark.parametrize("line, problem", [
    ("E2\t:T3", "line 4: event type is empty in ':T3'"),
    ("E2\t\u00a0:T3", "line 4: event type is empty in ':T3'"),
    ("T4\t\u00a0 0 5\tKerry", "line 4: span label '\\xa0' is only white space"),
    ("A1\t T1 x", "line 4: attribute name is empty"),
])
def test_an_empty_name_is_refused_naming_the_file_line_and_field(line: str, problem: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "a.ann").write_text(f"T1\tPerson 0 5\tKerry\nT3\tMeet 6 9\tmet\nE1\tMeet:T3 Entity:T1\n{line}\n",
                                  encoding="utf-8")
    with pytest.raises(ImportFailed) as failed:
        import_into(tmp_path / "p.annotary", folder)
    assert f"a.ann, {problem}" in str(failed.value)
