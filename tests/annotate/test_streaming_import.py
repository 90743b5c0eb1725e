"""Import in chunks: documents stored as they are read, all in one transaction; a text repeated
across chunks is one document; the JSON Lines reader streams with the errors of a whole read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from annotate.errors import ImportFailed
from annotate.formats.discover import READERS, parse_inputs, stream_inputs
from annotate.formats.jsonl_in import read_jsonl
from annotate.formats.jsonl_stream import BLOCK, stream_json_lines
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedSpan
from annotate.importing import Importer
from annotate.model import DocStatus, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from annotate.text import decode_text
from store import open_project
from store.project import ProjectStore


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ProjectStore]:
    with open_project(tmp_path / "p.annotary", create=True, schema=builtin_schema("news-ace")) as opened:
        yield opened


def write_tasks(path: Path, tasks: list[dict[str, Any]], tail: str = "") -> Path:
    path.write_text("".join(json.dumps(t) + "\n" for t in tasks) + tail, encoding="utf-8")
    return path


def texts(n: int, start: int = 0) -> list[dict[str, Any]]:
    return [{"text": f"Article {i}: Kerry met Putin in Geneva."} for i in range(start, start + n)]


@dataclass
class Watched:
    """An import source that notes, as each document is asked for, how many documents the
    project holds (the importer's own connection sees its uncommitted rows)."""

    repo: ProjectStore
    docs: list[ParsedDocument]
    stored_when_read: list[int] = field(default_factory=list)
    schema_fragments: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored_tasks: int = 0

    @property
    def documents(self) -> Iterator[ParsedDocument]:
        for doc in self.docs:
            self.stored_when_read.append(self.repo.count_documents())
            yield doc


def test_documents_are_stored_a_chunk_at_a_time_as_they_are_read(store: ProjectStore) -> None:
    source = Watched(store, [ParsedDocument(f"Text {i}.", f"t{i}", "test") for i in range(7)])
    report = Importer(store, "new", Session(store).recheck, chunk_documents=3).run(source)
    assert report.documents == 7
    # Documents 0-2 read with nothing stored, 3-5 after the first chunk, 6 after the second.
    assert source.stored_when_read == [0, 0, 0, 3, 3, 3, 6]


def test_a_bad_line_late_in_a_long_file_leaves_the_project_as_it_was(store: ProjectStore, tmp_path: Path) -> None:
    session = Session(store)
    session.import_batch(ParsedBatch([ParsedDocument("Already here.", "t", "test")]))
    before = (store.count_documents(), len(store.action_log()), store.schema().to_json())
    path = write_tasks(tmp_path / "t.jsonl", texts(2500) + [{"text": "late text", "spans": [{"start": 0, "end": 4, "label": "NEWLABEL"}]}],
                       tail='{"text": "broken\n')
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 2502: is not valid JSON"):
        session.import_paths([path])
    # Two full chunks and the start of a third were stored, then rolled back with the schema.
    assert (store.count_documents(), len(store.action_log()), store.schema().to_json()) == before


def copies() -> list[ParsedDocument]:
    text = "Kerry will meet Putin in Moscow."
    return [
        ParsedDocument(text, "first", "a", spans=[ParsedSpan(25, 31, "GPE", SpanStatus.REJECTED)]),
        ParsedDocument("Another text.", "b", "b"),
        ParsedDocument("A third text.", "c", "c"),
        ParsedDocument(text, "again", "d", spans=[ParsedSpan(25, 31, "GPE"), ParsedSpan(0, 5, "PERSON")]),
        ParsedDocument(text, "and again", "e", spans=[ParsedSpan(0, 5, "PERSON")]),
    ]


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_a_text_repeated_across_chunks_is_one_document_with_every_copy(store: ProjectStore, chunk: int) -> None:
    report = Importer(store, "new", Session(store).recheck, chunk_documents=chunk).run(ParsedBatch(copies()))
    assert (report.documents, report.duplicates) == (3, 2)
    merged = report.merged
    assert (merged.decisions, merged.spans_added, merged.spans_same) == (1, 1, 1)
    first = store.document_ids()[0]
    assert sorted((s.label, s.status.value) for s in store.spans(first)) == [("GPE", "accepted"), ("PERSON", "accepted")]
    assert store.document(first).title == "first"  # the first copy's document


@pytest.mark.parametrize("chunk", [1, 1000])
def test_done_is_judged_on_every_copy_of_a_text(store: ProjectStore, chunk: int) -> None:
    unreviewed = [ParsedSpan(0, 5, "PERSON", SpanStatus.PROPOSED)]
    docs = [
        ParsedDocument("Kerry decided later.", "1", "a", spans=unreviewed),  # reviewed by a later copy
        ParsedDocument("Putin spoke.", "2", "b"),
        ParsedDocument("Kerry decided later.", "1", "c", spans=[ParsedSpan(0, 5, "PERSON")]),
        ParsedDocument("Putin spoke.", "2", "d", spans=[ParsedSpan(0, 5, "PERSON", SpanStatus.PROPOSED)]),
    ]
    report = Importer(store, "done", Session(store).recheck, chunk_documents=chunk).run(ParsedBatch(docs))
    statuses = [store.document(i).status for i in store.document_ids()]
    assert statuses == [DocStatus.DONE, DocStatus.IN_PROGRESS]
    assert report.not_done == 1


def test_read_jsonl_yields_each_task_before_reading_the_next(tmp_path: Path) -> None:
    path = write_tasks(tmp_path / "t.jsonl", texts(2) + [{"text": "skip", "answer": "ignore"}], tail="not json\n")
    notes = ParsedBatch()
    tasks = read_jsonl(path, notes)
    assert next(tasks).title.startswith("Article 0") and next(tasks).title.startswith("Article 1")
    with pytest.raises(ImportFailed, match=r"t\.jsonl, line 4: is not valid JSON"):
        next(tasks)


def test_ignored_tasks_are_counted_once_the_file_is_read(tmp_path: Path) -> None:
    path = write_tasks(tmp_path / "t.jsonl", texts(1) + [{"text": "skip", "answer": "ignore"}])
    stream = stream_inputs([path])
    assert len(list(stream.documents)) == 1 and stream.ignored_tasks == 1
    with pytest.raises(RuntimeError):
        list(stream.documents)  # read once


def big_lines(n_lines: int, width: int) -> list[str]:
    return [json.dumps({"text": f"{i} " + "é" * width}) for i in range(n_lines)]


def test_lines_across_blocks_are_numbered_as_in_the_file(tmp_path: Path) -> None:
    lines = big_lines(40, BLOCK // 16)  # ~40 lines of 128 KiB: several blocks
    lines[5] = json.dumps({"text": "x" * (BLOCK * 2)})  # one line longer than two blocks
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + "\n\n".join(lines).encode("utf-8"))  # BOM, blank lines between
    numbers = [(n, value["text"][:3]) for n, value in stream_json_lines(path)]
    assert numbers == [(1 + 2 * i, json.loads(line)["text"][:3]) for i, line in enumerate(lines)]
    assert path.stat().st_size > 4 * BLOCK


def test_invalid_utf8_late_in_a_file_is_named_as_a_whole_read_names_it(tmp_path: Path) -> None:
    data = ("\n".join(big_lines(30, BLOCK // 16)) + "\n").encode("utf-8") + b'{"text": "caf\xe9"}\n'
    path = tmp_path / "t.jsonl"
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as whole:
        decode_text(path, data)
    with pytest.raises(ImportFailed) as streamed:
        list(stream_json_lines(path))
    assert str(streamed.value) == str(whole.value)
    assert streamed.value.line == 31


def test_every_document_suffix_has_a_reader_and_folders_find_docbins(tmp_path: Path) -> None:
    assert {".txt", ".ann", ".jsonl", ".spacy"} <= set(READERS.suffixes)
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Plain article.", encoding="utf-8")
    write_tasks(folder / "b.jsonl", texts(2))
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    bin_ = DocBin(store_user_data=True)
    bin_.add(Doc(Vocab(), words=["Kerry", "met", "Putin", "."], spaces=[True, True, False, False]))
    bin_.to_disk(folder / "c.spacy")
    batch = parse_inputs([folder])
    assert [d.text for d in batch.documents] == ["Plain article.", texts(2)[0]["text"], texts(2)[1]["text"],
                                                 "Kerry met Putin."]
