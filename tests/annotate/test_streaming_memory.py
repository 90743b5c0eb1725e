"""Memory does not grow with the corpus: importing or exporting four times as many documents
peaks at about the same Python memory (tracemalloc, which also sees numpy's and spaCy's
buffers). Each test first shows, with the same measure, that holding the corpus would grow it
— so it can tell the two apart."""

from __future__ import annotations

import json
import random
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest

from annotate.exports.collect import collect
from annotate.exports.spacy_out import write_spacy
from annotate.formats.discover import parse_inputs
from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedSpan
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project

WORDS = "the minister met envoys in Geneva while troops withdrew from the border town".split()
N = 1500  # more than an import chunk (1000 documents); in text, several read blocks (1 MiB)


def article(rng: random.Random, i: int, words: int) -> str:
    return f"Article {i}. " + " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def corpus(path: Path, n: int, words: int = 1000) -> Path:
    rng = random.Random(n)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps({"text": article(rng, i, words)}) + "\n")
    return path


def peak(run: Callable[[], object]) -> int:
    """The peak traced memory of ``run``, in bytes."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def import_peak(tmp_path: Path, n: int) -> int:
    path = corpus(tmp_path / f"c{n}.jsonl", n)
    with open_project(tmp_path / f"p{n}.annotary", create=True, schema=builtin_schema("news-ace")) as store:
        measured = peak(lambda: Session(store).import_paths([path]))
        assert store.count_documents() == n
    return measured


@pytest.mark.slow
def test_import_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    small, large = corpus(tmp_path / "s.jsonl", N), corpus(tmp_path / "l.jsonl", 4 * N)
    held_small, held_large = peak(lambda: parse_inputs([small])), peak(lambda: parse_inputs([large]))
    assert held_large > 3 * held_small  # the measure sees a corpus held in memory
    streamed_small, streamed_large = import_peak(tmp_path, N), import_peak(tmp_path, 4 * N)
    assert streamed_large < 1.3 * streamed_small, (streamed_small, streamed_large)
    assert streamed_large < held_large / 2


def done_project(path: Path, n: int, words: int = 120) -> Path:
    rng = random.Random(n)
    docs = []
    for i in range(n):
        text = article(rng, i, words)
        docs.append(ParsedDocument(text, f"Doc {i}", "test", spans=[ParsedSpan(0, 7, "ORG")]))
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch(docs), status="done")
    return path


def collect_peak(project: Path) -> int:
    with open_project(project, readonly=True) as store:
        def read_all() -> None:
            docs, _ = collect(store)
            assert sum(1 for _ in docs) == len(docs)
        return peak(read_all)


def test_collect_reads_one_document_at_a_time(tmp_path: Path) -> None:
    small, large = done_project(tmp_path / "s.annotary", 500, 2000), done_project(tmp_path / "l.annotary", 2000, 2000)
    with open_project(large, readonly=True) as store:
        held = peak(lambda: list(collect(store)[0]))
    assert held > 3 * collect_peak(small)  # holding the documents would show
    assert collect_peak(large) < 1.5 * collect_peak(small)


@pytest.mark.slow
def test_the_spacy_export_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    from annotate.proposals.pipelines import default_pipeline, load_tokenizer

    nlp = load_tokenizer(default_pipeline())
    nlp.make_doc(" ".join(WORDS))  # the vocabulary's strings, before measuring
    small, large = done_project(tmp_path / "s.annotary", 100, 80), done_project(tmp_path / "l.annotary", 400, 80)

    def export_peak(project: Path, shard_tokens: int) -> int:
        out = tmp_path / f"out-{project.stem}-{shard_tokens}"
        out.mkdir()
        with open_project(project, readonly=True) as store:
            docs, report = collect(store)
            schema = store.schema()
            return peak(lambda: write_spacy(docs, out, nlp, schema, report, shard_tokens=shard_tokens))

    one_bin = 10**9  # every Doc in one DocBin until it is written
    assert export_peak(large, one_bin) > 3 * export_peak(small, one_bin)
    sharded_small, sharded_large = export_peak(small, 2_000), export_peak(large, 2_000)
    assert sharded_large < 1.3 * sharded_small, (sharded_small, sharded_large)
