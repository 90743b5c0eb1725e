"""An export of chosen documents with a dev part chosen by the caller (train in the loop)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotate.exports.run import export
from store import open_project
from tests.annotate.exports.conftest import build


@pytest.mark.slow
def test_documents_and_dev_documents_choose_what_goes_where(tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    from annotate.proposals.pipelines import load_tokenizer, default_pipeline
    from annotate.model import DocStatus

    project = tmp_path / "p.annotary"
    build(project)
    with open_project(project, readonly=True) as store:
        ids = store.document_ids(DocStatus.DONE)[:6]
        texts = {i: store.document(i).text for i in ids}
        report = export(store, tmp_path / "out", "spacy", documents=ids, dev_documents=ids[:2])
    assert report.documents == 6
    vocab = load_tokenizer(default_pipeline()).vocab
    dev = [d.text for d in DocBin().from_disk(tmp_path / "out" / "dev.spacy").get_docs(vocab)]
    train = [d.text for d in DocBin().from_disk(tmp_path / "out" / "train.spacy").get_docs(vocab)]
    assert sorted(dev) == sorted(texts[i] for i in ids[:2])
    assert sorted(train) == sorted(texts[i] for i in ids[2:])
