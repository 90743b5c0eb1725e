"""The round-trip matrix: a hand-written fixture holding every kind of annotation goes
import → export → import through each format that can carry it and comes back equal; what a
format cannot carry (CoNLL: all but entity spans) is named, with counts, in its report.

The fixture (tests/fixtures/roundtrip*, written from ../shared/reference/formats.md and brat's
and Prodigy's documentation): overlapping and nested spans, a discontinuous span, spans across
an LF and a CRLF line break, events with a repeated role and with events as arguments (one a
forward reference), relations, equivalence sets, normalisations on spans and on an event,
attributes on spans, events and a relation (binary and valued), notes on spans, events and a
relation (two on one span), emoji, Arabic and combining marks; and Prodigy relation tasks with
their own hashes, session ids and meta. The project's schema has a mention label, and one event
gets an argument mention besides ("they", a role filler that is no name); and an ACLED-shaped
event type, its roles ending in digits (Actor1, AssocActor1*, Actor2), has an event with two
AssocActor1 fillers (brat numbers repeats by appending digits).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotate.actions import CreateEvent, CreateSpan, SetArgument
from annotate.exports.run import export
from annotate.repository import Repository
from annotate.schema import EntityLabel, EventType, Role, Schema
from annotate.session import Session
from store import open_project

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
BRAT = FIXTURES / "roundtrip"
PRODIGY = FIXTURES / "roundtrip_prodigy" / "relations.jsonl"


def _span_key(span: Any) -> tuple:
    return span.start, span.end, span.label, tuple(span.fragments)


def snapshot(repo: Repository) -> dict[str, dict[str, Any]]:
    """Every document's annotations by value (no ids), keyed by its text."""
    out: dict[str, dict[str, Any]] = {}
    for document in repo.iter_documents():
        spans = repo.spans(document.id)
        by_id = {s.id: s for s in spans}
        events = repo.events(document.id)
        event_key = {e.id: (e.type, _span_key(by_id[e.trigger_span_id])) for e in events}
        out[document.text] = {
            "spans": sorted((*_span_key(s), s.status.value, s.note, tuple(sorted(s.attributes.items())),
                             tuple(tuple(n.as_dict().items()) for n in s.norms)) for s in spans),
            "events": sorted((
                event_key[e.id], e.status.value, e.note, tuple(sorted(e.attributes.items())),
                tuple(tuple(n.as_dict().items()) for n in e.norms),
                tuple((a.role, _span_key(by_id[a.span_id]), event_key.get(a.event_id) if a.event_id else None)
                      for a in e.arguments),
            ) for e in events),
            "relations": sorted((r.type, _span_key(by_id[r.head_span_id]), _span_key(by_id[r.child_span_id]),
                                 r.status.value, r.note, tuple(sorted(r.attributes.items())))
                                for r in repo.relations(document.id)),
            "equivalences": sorted((q.type, tuple(sorted(_span_key(by_id[m]) for m in q.span_ids)))
                                   for q in repo.equivalences(document.id)),
        }
    return out


def new_project(path: Path) -> Session:
    mention = EntityLabel("MENTION", "#8c8c8c", mention=True)
    acled = EventType("Battles.Armed clash", "#e03131", [Role("Actor1", "1"), Role("AssocActor1", "*"),
                                                         Role("Actor2", "?")])
    schema = Schema(name="round trip", entity_labels=[mention], event_types=[acled])
    return Session(open_project(path, create=True, schema=schema))


def add_mention_argument(session: Session) -> None:
    """"they" in "the United Nations said they would investigate the attack": a second Agent
    of the investigation, and no name."""
    doc = next(d for d in session.repo.iter_documents() if d.text.startswith("Kerry will meet"))
    start = doc.text.index(" they ") + 1
    session.apply(made := CreateSpan(doc.id, start, start + len("they"), "MENTION"))
    investigate = next(e for e in session.repo.events(doc.id) if e.type.endswith("Investigate"))
    session.apply(SetArgument(investigate.id, "Agent", made.span_id))


def add_acled_event(session: Session) -> None:
    """"the attack killed": a battle of the Fighters with the Nusra Front and جبهة النصرة
    as associated actors, against the civilians."""
    doc = next(d for d in session.repo.iter_documents() if d.text.startswith("Kerry will meet"))
    spans = {doc.text[s.start:s.end]: s.id for s in session.repo.spans(doc.id)}
    start = doc.text.index("the attack") + len("the ")
    session.apply(trigger := CreateSpan(doc.id, start, start + len("attack"), "Battles.Armed clash"))
    assert trigger.span_id is not None
    session.apply(CreateEvent(doc.id, "Battles.Armed clash", trigger.span_id, [
        ("Actor1", spans["Fighters"]), ("AssocActor1", spans["Nusra Front"]),
        ("AssocActor1", spans["جبهة النصرة"]), ("Actor2", spans["12 civilians"])]))


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, dict]:
    session = new_project(tmp_path_factory.mktemp("source") / "source.annotary")
    session.import_paths([BRAT])
    session.import_paths([PRODIGY])
    add_mention_argument(session)
    add_acled_event(session)
    return session, snapshot(session.repo)


def test_the_fixture_holds_every_kind(source: tuple[Session, dict]) -> None:
    _, shot = source
    docs = list(shot.values())
    spans = [s for d in docs for s in d["spans"]]
    events = [e for d in docs for e in d["events"]]
    assert len(docs) == 5
    assert sum(len(d["relations"]) for d in docs) == 3 + 5  # brat R lines + Prodigy relations
    assert sum(len(d["equivalences"]) for d in docs) == 2
    assert sum(1 for s in spans if s[3]) == 1  # North … Korea
    # Fragments split only at a line break are one span (how brat writes a span across lines).
    assert any(s[:3] == (213, 227, "ORG") and not s[3] for s in spans)  # United\nNations
    assert sum(1 for e in events for a in e[5] if a[2] is not None) == 2  # events as arguments
    # A span is (start, end, label, fragments, status, note, attributes, norms).
    assert sum(1 for s in spans if s[7]) == 3 and sum(1 for e in events if e[4]) == 1  # norms
    assert sum(1 for s in spans if s[6]) == 2 and sum(1 for e in events if e[3]) == 2  # attributes
    assert any(s[5] == "US Secretary of State\nsecond note on the same span" for s in spans)
    assert sum(1 for d in docs for r in d["relations"] if r[4]) == 1  # a note on a relation
    assert sum(1 for d in docs for r in d["relations"] if r[5]) == 1  # an attribute on a relation
    assert [(a[0], a[1][:3]) for e in events for a in e[5] if a[1][2] == "MENTION"] == [
        ("Agent", (233, 237, "MENTION"))]  # an argument mention
    assert [[a[0] for a in e[5]] for e in events if e[0][0] == "Battles.Armed clash"] == [
        ["Actor1", "AssocActor1", "AssocActor1", "Actor2"]]  # roles ending in digits, one repeated
    crlf = next(d for text, d in shot.items() if "\r\n" in text)
    assert any(s[:4] == (57, 72, "Person", ()) for s in crlf["spans"])  # the\r\norganisers


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["brat", "jsonl", "spacy"])
def test_a_round_trip_comes_back_equal(fmt: str, source: tuple[Session, dict], tmp_path: Path) -> None:
    session, before = source
    out = tmp_path / fmt
    export(session.repo, out, fmt, status="all")
    again = new_project(tmp_path / "again.annotary")
    inputs = sorted(p for p in out.rglob("*") if p.suffix in (".ann", ".txt", ".jsonl", ".spacy", ".conf")
                    and p.is_file()) if fmt != "brat" else [out]
    report = again.import_paths(inputs)
    assert report.documents == len(before), report
    assert snapshot(again.repo) == before


@pytest.mark.slow
def test_conll_names_what_it_cannot_carry(source: tuple[Session, dict], tmp_path: Path) -> None:
    session, before = source
    report = export(session.repo, tmp_path / "conll", "conll", status="all")
    lines = "\n".join(report.lines())
    docs = list(before.values())
    expected = {
        "event": sum(len(d["events"]) for d in docs),
        "relation": sum(len(d["relations"]) for d in docs),
        "equivalence": sum(len(d["equivalences"]) for d in docs),
    }
    for kind, count in expected.items():
        assert any(kind in line and str(count) in line for line in report.lines()), (kind, count, lines)
    assert "fragments" in lines
