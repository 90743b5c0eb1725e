"""The spaCy export in one pass: the dev split chosen from the ids (what shuffling the documents
chose), and parts too big for one DocBin written as a folder of shards that spaCy's own corpus
reader, ``spacy debug data`` and ``spacy train`` read as one."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from annotate.exports.collect import collect
from annotate.exports.run import export
from annotate.exports.spacy_out import dev_ids, split, write_spacy
from annotate.proposals.pipelines import default_pipeline, load_tokenizer
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.test_exports import spacy_cli


def _reference_split(items: list[int], dev_split: float, seed: int) -> tuple[list[int], list[int]]:
    """The split as it was made before exports streamed: shuffle the documents, cut."""
    order = list(items)
    random.Random(seed).shuffle(order)
    n_dev = round(len(order) * dev_split)
    if len(order) >= 2 and dev_split > 0:
        n_dev = min(max(n_dev, 1), len(order) - 1)
    return order[n_dev:], order[:n_dev]


@pytest.mark.parametrize("n", [1, 2, 3, 10, 143, 1000])
@pytest.mark.parametrize("seed", [0, 3])
def test_dev_ids_are_what_shuffling_the_documents_chose(n: int, seed: int) -> None:
    ids = [7 * i + 1 for i in range(n)]
    train, dev = _reference_split(ids, 0.2, seed)
    assert dev_ids(ids, 0.2, seed) == set(dev)
    assert split(ids, 0.2, seed) == (train, dev)  # type: ignore[arg-type]  # any items split alike


def test_the_split_of_a_project_reads_no_document_until_iterated(annotated) -> None:
    project, _ = annotated
    with open_project(project, readonly=True) as store:
        docs, _ = collect(store)
        train, dev = split(docs, 0.2, 1)
        expected_train, expected_dev = _reference_split(list(docs.ids), 0.2, 1)
        assert (list(train.ids), list(dev.ids)) == (expected_train, expected_dev)
        assert [d.document.id for d in dev] == expected_dev  # read now, in the shuffled order


def sharded_export(project: Path, out: Path, shard_tokens: int) -> tuple:
    nlp = load_tokenizer(default_pipeline())
    out.mkdir(parents=True)
    with open_project(project, readonly=True) as store:
        docs, report = collect(store)
        write_spacy(docs, out, nlp, store.schema(), report, 0.2, 3, shard_tokens=shard_tokens)
    return report, nlp


def test_a_big_part_is_a_folder_of_shards_read_as_one_corpus(annotated, tmp_path: Path) -> None:
    from spacy.training import Corpus

    project, facts = annotated
    report, nlp = sharded_export(project, tmp_path / "data", shard_tokens=300)
    train, dev = tmp_path / "data" / "train.spacy", tmp_path / "data" / "dev.spacy"
    assert train.is_dir() and len(list(train.glob("*.spacy"))) > 3
    assert not list((tmp_path / "data").glob(".*"))  # no shard folder left under its working name
    texts = [eg.reference.text for part in (train, dev) for eg in Corpus(part)(nlp)]
    assert len(texts) == len(set(texts)) == report.documents == facts["documents"]
    with open_project(project, readonly=True) as store:
        docs, _ = collect(store)
        held_out = dev_ids(docs.ids, 0.2, 3)
        by_text = {d.document.text: d.document.id for d in docs}
    assert {by_text[eg.reference.text] for eg in Corpus(dev)(nlp)} == held_out
    assert f"{train}/ ({report.documents - len(held_out)} documents in" in "\n".join(report.files)


def test_a_small_part_stays_one_file(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    with open_project(project, readonly=True) as store:
        report = export(store, tmp_path / "out", "spacy")
    assert (tmp_path / "out" / "train.spacy").is_file() and (tmp_path / "out" / "dev.spacy").is_file()
    assert report.documents == 143


@pytest.mark.slow
def test_debug_data_train_and_import_read_the_shards(annotated, tmp_path: Path) -> None:
    project, _ = annotated
    data = tmp_path / "data"
    report, _ = sharded_export(project, data, shard_tokens=300)
    assert (data / "train.spacy").is_dir() and (data / "dev.spacy").is_dir()
    checked = spacy_cli("debug", "data", str(data / "config.cfg"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "✘" not in checked.stdout, checked.stdout
    n_dev = round(report.documents * 0.2)
    assert f"{report.documents - n_dev} training docs" in checked.stdout  # every shard read
    assert f"{n_dev} evaluation docs" in checked.stdout
    trained = spacy_cli("train", str(data / "config.cfg"), "--output", str(tmp_path / "model"),
                        "--training.max_epochs", "1", "--training.eval_frequency", "20")
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    assert (tmp_path / "model" / "model-best" / "meta.json").exists()
    # Annotary reads its own sharded export back: every document, once.
    with open_project(tmp_path / "again.annotary", create=True, schema=builtin_schema("news-ace")) as store:
        imported = Session(store).import_paths([data])
    assert imported.documents == report.documents
