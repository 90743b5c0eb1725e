"""spaCy training data: ``train.spacy`` and ``dev.spacy`` (DocBin, with user data for the
events) and a ``config.cfg`` from spaCy's own ``init config`` for NER (and, on request, the span
categorizer over ``doc.spans["sc"]``), its paths pointing at the two files, and NER told to learn
from the rejected proposals (``incorrect_spans_key = "incorrect_spans"``).

The tokens under an unreviewed proposal in a document marked done are missing, not ``O`` (see
:mod:`annotate.exports.spacy_docs`): spaCy's ``Example`` aligns them to None and NER's loss
leaves them alone, so the proposals neither teach nor unteach anything; the report counts them."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from annotate.exports.collect import ExportDocument, ExportError, ExportReport, Progress
from annotate.exports.spacy_docs import build_doc
from annotate.schema import Schema


def split(docs: list[ExportDocument], dev_split: float, seed: int) -> tuple[list[ExportDocument], list[ExportDocument]]:
    """Shuffle with ``seed`` and cut off ``dev_split`` of the documents for dev (at least one
    each when there are two or more documents)."""
    if not 0 <= dev_split < 1:
        raise ExportError(f"--dev-split must be at least 0 and below 1, not {dev_split}")
    order = list(docs)
    random.Random(seed).shuffle(order)
    n_dev = round(len(order) * dev_split)
    if len(order) >= 2 and dev_split > 0:
        n_dev = min(max(n_dev, 1), len(order) - 1)
    return order[n_dev:], order[:n_dev]


def training_config(lang: str, spancat: bool, train: Path, dev: Path) -> Any:
    """spaCy's own starter config for ``lang`` with the paths filled in."""
    from spacy.cli.init_config import init_config

    pipeline = ["ner", "spancat"] if spancat else ["ner"]
    config = init_config(lang=lang, pipeline=pipeline, optimize="efficiency", gpu=False, pretraining=False, silent=True)
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)
    config["components"]["ner"]["incorrect_spans_key"] = "incorrect_spans"
    return config


def write_spacy(docs: list[ExportDocument], folder: Path, nlp: Any, schema: Schema, report: ExportReport,
                dev_split: float = 0.2, seed: int = 0, spancat: bool = False, progress: Progress | None = None) -> None:
    """Write ``train.spacy``, ``dev.spacy`` and ``config.cfg`` into ``folder``."""
    from spacy.tokens import DocBin

    train_docs, dev_docs = split(docs, dev_split, seed)
    done = 0
    untaggable = 0
    for name, part in (("train", train_docs), ("dev", dev_docs)):
        bin_ = DocBin(store_user_data=True)  # the events travel in user_data
        for export in part:
            built = build_doc(export, nlp, schema, report)
            doc = built.doc
            report.unreviewed.tokens += len(built.unreviewed)
            untaggable += len(built.untaggable)
            bin_.add(doc)
            report.documents += 1
            report.spans += len(doc.spans["sc"])
            report.events += len(export.events)
            done += 1
            if progress is not None:
                progress(done, len(docs))
        path = folder / f"{name}.spacy"
        bin_.to_disk(path)
        report.files.append(f"{path} ({len(part)} documents)")
    tokens = report.unreviewed.tokens
    report.unreviewed.outcome = (
        f"left their {tokens} token{'' if tokens == 1 else 's'} missing in doc.ents, not O "
        "(review them and export again to train on them)"
    )
    report.leave_out("token of an accepted entity not in doc.ents (missing there, not O)", untaggable)
    config = training_config(nlp.lang, spancat, folder / "train.spacy", folder / "dev.spacy")
    config.to_disk(folder / "config.cfg")
    report.files.append(str(folder / "config.cfg"))
