"""Roles whose names end in a digit (the ACLED schema's Actor1, AssocActor1*, Actor2,
AssocActor2*) through brat: brat numbers a role's repeats by appending digits, refuses a
repeatable role ending in one, and its checks take every final digit off. The export writes
them ``Actor1_``, ``AssocActor1_``, ``AssocActor1_2`` and the importer reads them back exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.actions import CreateEvent, CreateSpan
from annotate.errors import ImportFailed
from annotate.exports.brat_conf_out import annotation_conf
from annotate.exports.run import export
from annotate.formats.brat_check import find_issues
from annotate.formats.brat_conf import conf_schema
from annotate.formats.brat_conf_parse import parse_conf
from annotate.formats.brat_names import brat_safe, role_from_brat
from annotate.resources import builtin_schema
from annotate.schema import Role
from annotate.schema_merge import SchemaExtender
from annotate.session import Session
from store import open_project

# Arabic, an emoji and a combining mark before the spans: offsets count code points.
TEXT = ("مقاتلون 🚩 cafe\u0301. Rebels and militiamen clashed with soldiers in Goma. "
        "Police fought protesters in Kinshasa.\n")
BATTLE = "Battles.Armed clash"


def test_a_numbered_role_is_read_as_brat_reads_it() -> None:
    roles = builtin_schema("acled").event_type(BATTLE).roles  # type: ignore[union-attr]
    read = {w: role_from_brat(w, roles) for w in ("Actor1_", "AssocActor1_", "AssocActor1_2", "AssocActor1_3",
                                                   "Actor2", "Location2", "AssocActor12", "Fatalities")}
    assert read == {"Actor1_": "Actor1", "AssocActor1_": "AssocActor1", "AssocActor1_2": "AssocActor1",
                    "AssocActor1_3": "AssocActor1", "Actor2": "Actor2", "Location2": "Location",
                    # Annotary's old spelling of the second AssocActor1: only a declared base counts
                    "AssocActor12": "AssocActor1", "Fatalities": "Fatalities"}
    # "Actor12": the second Actor1 or the twelfth Actor? Only a role that may repeat is numbered.
    assert role_from_brat("Actor12", [Role("Actor", "1"), Role("Actor1", "*")]) == "Actor1"
    assert role_from_brat("Actor12", [Role("Actor", "*"), Role("Actor1", "1")]) == "Actor"
    # Both may repeat (brat refuses such a conf): brat's reading, every final digit taken off.
    assert role_from_brat("Actor12", [Role("Actor", "*"), Role("Actor1", "*")]) == "Actor"
    # Undeclared: the base when it is another argument of the event, else the name as written.
    assert role_from_brat("Entity2", [], ["Entity", "Entity2"]) == "Entity"
    assert role_from_brat("Actor1_2", [], ["Actor1_2"]) == "Actor1_2"


def test_the_acled_conf_reads_back_with_its_roles_and_brat_accepts_it() -> None:
    schema = builtin_schema("acled")
    text = annotation_conf(schema)
    back, warnings = conf_schema(parse_conf(text))  # brat's rule: no repeatable role ends in a digit
    assert warnings == []
    for etype in schema.event_types:
        again = back.event_type(brat_safe(etype.name))
        assert again is not None, etype.name
        assert [(r.name, r.cardinality) for r in again.roles] == [(r.name, r.cardinality) for r in etype.roles]
    merged = SchemaExtender(schema)
    merged.merge(back)
    assert merged.additions == []
    assert "AssocActor1_*:" in text and "\tActor1_:" in text


def test_names_are_undone_only_where_the_conf_says_it_wrote_them_so() -> None:
    plain = "[entities]\nPerson\n[relations]\n[events]\nMeet\tTheme1_:Person, Site_*:Person\n[attributes]\n"
    kept, _ = conf_schema(parse_conf(plain))
    assert [r.name for r in kept.event_type("Meet").roles] == ["Theme1_", "Site_"]  # type: ignore[union-attr]
    marked = plain.replace("[events]\n", "[events]\n# annotary-roles: written with _\n")
    undone, _ = conf_schema(parse_conf(marked))
    assert [r.name for r in undone.event_type("Meet").roles] == ["Theme1", "Site_"]  # type: ignore[union-attr]
    with pytest.raises(ImportFailed, match="line 6.*ends with a digit"):  # as brat refuses it
        parse_conf(marked.replace("Theme1_:", "Theme1*:"))


def _project(path: Path) -> Session:
    return Session(open_project(path, create=True, schema=builtin_schema("acled")))


def _span(session: Session, doc_id: int, word: str, label: str) -> int:
    start = TEXT.index(word)
    session.apply(made := CreateSpan(doc_id, start, start + len(word), label))
    assert made.span_id is not None
    return made.span_id


def events_of(session: Session) -> list[tuple]:
    """Every event by value: type, trigger text, (role, filler text) in order."""
    out = []
    for doc in session.repo.iter_documents():
        spans = {s.id: s for s in session.repo.spans(doc.id)}
        for event in session.repo.events(doc.id):
            trigger = spans[event.trigger_span_id]
            out.append((event.type, doc.text[trigger.start:trigger.end],
                        [(a.role, doc.text[spans[a.span_id].start:spans[a.span_id].end]) for a in event.arguments]))
    return sorted(out)


@pytest.fixture
def acled(tmp_path: Path) -> tuple[Session, Path]:
    """An ACLED project: one battle with two AssocActor1 fillers, one with Actor1 and Actor2;
    exported to brat."""
    session = _project(tmp_path / "acled.annotary")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8", newline="")
    session.import_paths([tmp_path / "in"])
    doc = next(session.repo.iter_documents()).id
    clashed, rebels = _span(session, doc, "clashed", BATTLE), _span(session, doc, "Rebels", "ORG")
    militia, soldiers = _span(session, doc, "militiamen", "NORP"), _span(session, doc, "soldiers", "ORG")
    session.apply(CreateEvent(doc, BATTLE, clashed, [("Actor1", rebels), ("AssocActor1", militia),
                                                     ("AssocActor1", soldiers)]))
    fought, police = _span(session, doc, "fought", BATTLE), _span(session, doc, "Police", "ORG")
    session.apply(CreateEvent(doc, BATTLE, fought, [("Actor1", police),
                                                    ("Actor2", _span(session, doc, "protesters", "NORP"))]))
    export(session.repo, tmp_path / "brat", "brat", status="all")
    return session, tmp_path / "brat"


def test_the_e_lines_number_repeats_so_brat_reads_every_role(acled: tuple[Session, Path]) -> None:
    _, out = acled
    ((ann_path),) = out.glob("*.ann")
    ann = ann_path.read_text(encoding="utf-8")
    events = [line.split("\t")[1].split(" ", 1)[1] for line in ann.splitlines() if line.startswith("E")]
    assert [" ".join(p.split(":")[0] for p in e.split()) for e in events] == [
        "Actor1_ AssocActor1_ AssocActor1_2", "Actor1_ Actor2_"]
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert find_issues(TEXT, ann, conf) == []  # brat's checks: every role declared, counts kept


@pytest.mark.slow
def test_acled_events_come_back_exactly_into_a_new_project_and_the_same(
        acled: tuple[Session, Path], tmp_path: Path) -> None:
    session, out = acled
    before = events_of(session)
    assert [(e[1], len(e[2])) for e in before] == [("clashed", 3), ("fought", 2)]
    again = _project(tmp_path / "again.annotary")
    report = again.import_paths([out])
    assert report.schema_additions == [] and report.warnings == []
    assert events_of(again) == before
    # Into the project it came from: one text, its events identical, nothing added twice.
    same = session.import_paths([out])
    assert same.schema_additions == []
    assert (same.duplicates, same.merged.events_added, same.merged.events_same) == (1, 0, 2)
    assert events_of(session) == before
    assert session.repo.schema().event_type(BATTLE).roles == builtin_schema("acled").event_type(BATTLE).roles  # type: ignore[union-attr]


@pytest.mark.slow
def test_old_numbering_without_a_conf_is_read_by_the_declared_base(acled: tuple[Session, Path], tmp_path: Path) -> None:
    """An .ann in the spelling Annotary wrote before (AssocActor12 for the second AssocActor1),
    imported alone into an ACLED project: the declared role, not a new one."""
    session, out = acled
    folder = tmp_path / "old"
    folder.mkdir()
    ((ann_path),) = out.glob("*.ann")
    old = ann_path.read_text(encoding="utf-8").replace("AssocActor1_2:", "AssocActor12:").replace("_:", ":")
    (folder / ann_path.name).write_text(old, encoding="utf-8", newline="")
    (folder / ann_path.with_suffix(".txt").name).write_text(TEXT, encoding="utf-8", newline="")
    again = _project(tmp_path / "old.annotary")
    report = again.import_paths([folder])
    assert report.schema_additions == []
    assert events_of(again) == events_of(session)
