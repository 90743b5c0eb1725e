"""``python main.py import``: every format, duplicates, schema merging, offsets."""

from __future__ import annotations

import json
from pathlib import Path

import srsly

from annotate.resources import sample_articles
from store import open_project
from tests.cli.helpers import cli, stats
from tests.conftest import ARABIC_TEXT, COMBINING_TEXT, EMOJI_TEXT


def test_text_files_and_folders(tmp_path: Path, project_path: Path) -> None:
    result = cli("import", project_path, *sample_articles()[:2])
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 documents" in result.stdout
    result = cli("import", project_path, sample_articles()[0].parent)
    assert result.exit_code == 0
    assert "2 texts were there already" in result.stdout
    counts = stats(project_path)
    assert counts["documents"]["total"] == len(sample_articles())
    assert counts["documents"]["new"] == len(sample_articles())
    with open_project(project_path) as store:
        doc = store.document(1)
        raw = sample_articles()[0].read_text(encoding="utf-8")
        assert doc.text == raw
        assert doc.title == raw.splitlines()[0].strip()
        assert doc.source.endswith(sample_articles()[0].name)


def test_text_is_stored_exactly_and_bom_dropped(tmp_path: Path, project_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\n\n  Headline here  \r\nBody\twith  tabs.\r\n\r\n")
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffTitle\nBody.".encode())
    assert cli("import", project_path, crlf, bom).exit_code == 0
    with open_project(project_path) as store:
        texts = {d.title: d.text for d in store.iter_documents()}
    assert texts["Headline here"] == "\n\n  Headline here  \r\nBody\twith  tabs.\r\n\r\n"
    assert texts["Title"] == "Title\nBody."


def test_jsonl_with_spans_events_and_answers(tmp_path: Path, project_path: Path) -> None:
    text = "Kerry will meet Putin in Moscow on Thursday."
    tasks = [
        {"text": "Plain article.", "meta": {"title": "Given title", "url": "x"}},
        {
            "text": text,
            "spans": [{"start": 0, "end": 5, "label": "PERSON"}, {"start": 16, "end": 21, "label": "PERSON"}],
            "events": [{
                "type": "Contact.Meet",
                "trigger": {"start": 11, "end": 15},
                "arguments": [
                    {"role": "Entity", "start": 0, "end": 5},
                    {"role": "Entity", "start": 16, "end": 21},
                    {"role": "Place", "start": 25, "end": 31, "label": "GPE"},
                ],
                "attributes": {"Tense": "Future"},
            }],
        },
        {"text": "Rejected one.", "spans": [{"start": 0, "end": 8, "label": "ORG"}], "answer": "reject"},
        {"text": "Ignored one.", "answer": "ignore"},
    ]
    path = tmp_path / "tasks.jsonl"
    srsly.write_jsonl(path, tasks)
    result = cli("import", project_path, path)
    assert result.exit_code == 0, result.stderr
    assert "1 ignored tasks" in result.stdout
    counts = stats(project_path)
    assert counts["documents"]["total"] == 3
    assert counts["spans"] == {
        "total": 5, "proposed": 0, "accepted": 4, "rejected": 1,
        "by_label": {"Contact.Meet": 1, "GPE": 1, "ORG": 1, "PERSON": 2},
    }
    assert counts["events"] == {"total": 1, "by_type": {"Contact.Meet": 1}}
    with open_project(project_path) as store:
        docs = list(store.iter_documents())
        assert docs[0].title == "Given title" and docs[0].meta["url"] == "x"
        (event,) = store.events(docs[1].id)
        spans = {s.id: text[s.start : s.end] for s in store.spans(docs[1].id)}
        assert spans[event.trigger_span_id] == "meet"
        assert [(a.role, spans[a.span_id]) for a in event.arguments] == [
            ("Entity", "Kerry"), ("Entity", "Putin"), ("Place", "Moscow")
        ]
        assert event.attributes == {"Tense": "Future"}
        assert {s.source for s in store.spans(docs[1].id)} == {"import"}


def test_unknown_labels_extend_the_schema_and_are_reported(tmp_path: Path, project_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    srsly.write_jsonl(path, [{"text": "Kalashnikov rifles", "spans": [{"start": 0, "end": 18, "label": "WEAPON"}]}])
    result = cli("import", project_path, path)
    assert result.exit_code == 0
    assert "schema: added entity label WEAPON" in result.stdout
    with open_project(project_path) as store:
        assert store.schema().label("WEAPON") is not None


ANN = """\
T1\tPerson 0 5\tKerry
T2\tContact-Meet 11 15\tmeet
T3\tPerson 16 21\tPutin
T4\tGPE 25 31\tMoscow
T5\tDATE 35 43\tThursday
E1\tContact-Meet:T2 Entity:T1 Entity2:T3 Place:T4 Time:T5
A1\tModality E1 Other
A2\tNegation E1
R1\tKnows Arg1:T1 Arg2:T3
#1\tAnnotatorNotes T1\tUS Secretary of State
"""


def write_brat(folder: Path, text: str, ann: str, name: str = "doc1") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.ann").write_text(ann, encoding="utf-8")


def test_brat_folder_with_conf(tmp_path: Path, project_path: Path) -> None:
    folder = tmp_path / "brat"
    write_brat(folder, "Kerry will meet Putin in Moscow on Thursday.\n", ANN)
    (folder / "annotation.conf").write_text(
        "[entities]\nPerson\nGPE\nDATE\n[relations]\n[events]\nContact-Meet\tEntity+:Person, Place?:GPE, Time?:DATE\n"
        "[attributes]\nNegation\tArg:<EVENT>\nModality\tArg:<EVENT>, Value:Asserted|Other\n",
        encoding="utf-8",
    )
    result = cli("import", project_path, folder)
    assert result.exit_code == 0, result.stderr
    assert "relation type Knows" in result.stdout + result.stderr  # added to the schema, reported
    with open_project(project_path) as store:
        (relation,) = store.relations(1)
        assert relation.type == "Knows"
        ends = store.spans_by_id([relation.head_span_id, relation.child_span_id])
        assert [ends[relation.head_span_id].start, ends[relation.child_span_id].start] == [0, 16]
        schema = store.schema()
        assert schema.label("Person") is not None  # brat's own label joins the schema
        assert schema.event_type("Contact-Meet") is None  # mapped back to Contact.Meet
        (event,) = store.events(1)
        assert event.type == "Contact.Meet"
        assert [a.role for a in event.arguments] == ["Entity", "Entity", "Place", "Time"]
        assert event.attributes == {"Modality": "Other", "Negation": "true"}
        notes = [s.note for s in store.spans(1) if s.note]
        assert notes == ["US Secretary of State"]
        assert store.span(event.trigger_span_id).label == "Contact.Meet"


def test_offsets_survive_emoji_arabic_and_combining_marks(tmp_path: Path, project_path: Path) -> None:
    def at(text: str, word: str) -> dict:
        start = text.index(word)
        return {"start": start, "end": start + len(word)}

    tasks = [
        {"text": EMOJI_TEXT, "spans": [at(EMOJI_TEXT, "Beira") | {"label": "GPE"}, at(EMOJI_TEXT, "Graça Machel") | {"label": "PERSON"}]},
        {"text": ARABIC_TEXT, "spans": [at(ARABIC_TEXT, "القاهرة") | {"label": "GPE"}]},
        {"text": COMBINING_TEXT, "spans": [at(COMBINING_TEXT, "Jose\u0301 Arriaga") | {"label": "PERSON"}, at(COMBINING_TEXT, "Geneva") | {"label": "GPE"}]},
    ]
    srsly.write_jsonl(tmp_path / "u.jsonl", tasks)
    brat = tmp_path / "brat"
    s = EMOJI_TEXT.index("Mozambique")
    write_brat(brat, EMOJI_TEXT + " again", f"T1\tGPE {s} {s + 10}\tMozambique\n")
    assert cli("import", project_path, tmp_path / "u.jsonl", brat).exit_code == 0
    with open_project(project_path) as store:
        found = sorted(d.text[sp.start : sp.end] for d in store.iter_documents() for sp in store.spans(d.id))
    assert found == sorted(["Beira", "Graça Machel", "القاهرة", "Jose\u0301 Arriaga", "Geneva", "Mozambique"])


def test_brat_offsets_after_a_bom_are_adjusted(tmp_path: Path, project_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "d.txt").write_bytes("\ufeffKerry met Putin.".encode())
    (folder / "d.ann").write_text("T1\tPERSON 1 6\tKerry\n", encoding="utf-8")  # brat counted the BOM
    assert cli("import", project_path, folder).exit_code == 0
    with open_project(project_path) as store:
        (span,) = store.spans(1)
        assert (span.start, span.end) == (0, 5)
        assert store.document(1).text == "Kerry met Putin."


def test_stats_table_and_version(project_path: Path) -> None:
    cli("import", project_path, *sample_articles())
    result = cli("stats", project_path)
    assert result.exit_code == 0 and "documents" in result.stdout
    assert cli("--version").stdout.startswith("annotary ")


def test_default_project_is_seeded_once(isolated_home: Path, tmp_path: Path) -> None:
    # The window without a project argument (what `python main.py` opens) seeds the default
    # project; --screenshot renders it offscreen and exits instead of waiting for the user.
    shot = tmp_path / "shot.png"
    result = cli("gui", "--screenshot", shot, "--no-propose")
    assert result.exit_code == 0, result.stderr
    assert shot.stat().st_size > 0
    assert (isolated_home / "default.annotary").exists()
    assert stats(isolated_home / "default.annotary")["documents"]["total"] == len(sample_articles())
    # A second start does not import the samples again.
    assert cli("gui", "--screenshot", shot, "--no-propose").exit_code == 0
    assert stats(isolated_home / "default.annotary")["documents"]["total"] == len(sample_articles())


def test_stats_json_shape(project_path: Path) -> None:
    cli("import", project_path, sample_articles()[0])
    counts = json.loads(cli("stats", project_path, "--json").stdout)
    assert set(counts) >= {"documents", "spans", "events"}
    assert set(counts["documents"]) >= {"total", "new", "in_progress", "done", "skipped"}
    assert set(counts["spans"]) >= {"total", "proposed", "accepted", "rejected", "by_label"}
    assert set(counts["events"]) >= {"total", "by_type"}


def test_a_text_imported_again_merges_its_annotations(tmp_path: Path, project_path: Path) -> None:
    import srsly

    from store import open_project

    text = "Kerry met Putin in Moscow on Thursday."
    first = tmp_path / "alice.jsonl"
    srsly.write_jsonl(first, [{"text": text, "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}])
    # Prodigy's ner.teach: one task per decision on the same text, in the order made.
    second = tmp_path / "teach.jsonl"
    srsly.write_jsonl(second, [
        {"text": text, "spans": [{"start": 10, "end": 15, "label": "PERSON"}], "answer": "accept"},
        {"text": text, "spans": [{"start": 19, "end": 25, "label": "GPE"}], "answer": "reject"},
        {"text": text, "spans": [{"start": 19, "end": 25, "label": "GPE"}], "answer": "accept"},  # changed mind
        {"text": text, "spans": [{"start": 0, "end": 5, "label": "PERSON"}]},  # identical: once
        {"text": text, "spans": [{"start": 0, "end": 5, "label": "ORG"}]},  # other label: its own span
    ])
    assert cli("import", project_path, first).exit_code == 0
    result = cli("import", project_path, second)
    assert result.exit_code == 0, result.stderr
    assert "Imported 0 documents" in result.stdout and "5 texts were there already" in result.stdout
    assert "3 spans added, 1 decisions changed by a later answer, 1 identical spans kept once" in result.stdout
    with open_project(project_path, readonly=True) as store:
        (doc,) = store.document_ids()
        spans = sorted((text[s.start:s.end], s.label, str(s.status)) for s in store.spans(doc))
    assert spans == [("Kerry", "ORG", "accepted"), ("Kerry", "PERSON", "accepted"),
                     ("Moscow", "GPE", "accepted"), ("Putin", "PERSON", "accepted")]
    again = cli("import", project_path, second)  # the same file again adds nothing
    assert "0 spans added" in again.stdout
