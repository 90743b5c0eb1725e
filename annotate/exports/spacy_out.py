"""spaCy training data: ``train.spacy`` and ``dev.spacy`` (DocBin, with user data for the
events) and a ``config.cfg`` from spaCy's own ``init config`` for NER (and, on request, the span
categorizer over ``doc.spans["sc"]``), its paths pointing at the two files, and NER told to learn
from the rejected proposals (``incorrect_spans_key = "incorrect_spans"``).

The documents are read once, one at a time; the dev split is chosen from their ids
(:func:`dev_ids`, the documents :func:`split` would choose). A part bigger than about
150,000 tokens is a folder of DocBin shards named ``train.spacy`` (or ``dev.spacy``), which
spaCy's corpus reader, ``spacy train`` and ``spacy debug data`` read as one
(:mod:`annotate.exports.docbin_shards`): memory holds one shard, never the export.

The tokens under an unreviewed proposal in a document marked done are missing, not ``O`` (see
:mod:`annotate.exports.spacy_docs`): spaCy's ``Example`` aligns them to None and NER's loss
leaves them alone, so the proposals neither teach nor unteach anything; the report counts them.

Argument mentions (the schema's mention label) are in ``doc.spans["mentions"]``, never in
``doc.ents`` nor ``sc``: neither NER nor the span categorizer learns the label, and
``spacy debug data`` does not list it."""

from __future__ import annotations

import random
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any, overload

from annotate.exports.collect import NOT_DONE_PROPOSAL, UNREVIEWED_MENTION, ExportDocument, ExportDocuments, ExportError, ExportReport, Progress
from annotate.exports.docbin_shards import SHARD_TOKENS, ShardedDocBin
from annotate.exports.spacy_docs import MENTIONS_GROUP, Documents, build_doc
from annotate.schema import Schema


def dev_size(documents: int, dev_split: float) -> int:
    """How many of ``documents`` go to dev: ``dev_split`` of them, rounded, at least one each
    for train and dev when there are two or more."""
    if not 0 <= dev_split < 1:
        raise ExportError(f"--dev-split must be at least 0 and below 1, not {dev_split}")
    n_dev = round(documents * dev_split)
    if documents >= 2 and dev_split > 0:
        n_dev = min(max(n_dev, 1), documents - 1)
    return n_dev


def _shuffled(ids: Iterable[int], seed: int) -> array[int]:
    # The permutation depends on the length and the seed only: shuffling the ids picks what
    # shuffling the documents themselves did. An array: 8 bytes an id, not a Python int.
    order = array("q", ids)
    random.Random(seed).shuffle(order)
    return order


def dev_ids(ids: Iterable[int], dev_split: float, seed: int) -> set[int]:
    """The ids of the documents :func:`split` puts in dev, from the ids alone."""
    order = _shuffled(ids, seed)
    return set(order[: dev_size(len(order), dev_split)])


@overload
def split(docs: ExportDocuments, dev_split: float, seed: int) -> tuple[ExportDocuments, ExportDocuments]: ...  # type: ignore[overload-overlap]
@overload
def split(docs: Iterable[ExportDocument], dev_split: float, seed: int) -> tuple[list[ExportDocument], list[ExportDocument]]: ...
def split(docs: Iterable[ExportDocument], dev_split: float, seed: int) -> tuple[Any, Any]:
    """Shuffle with ``seed`` and cut off ``dev_split`` of the documents for dev (at least one
    each when there are two or more documents), train first, each in shuffled order. The
    documents of :func:`~annotate.exports.collect.collect` split into two such selections,
    read when iterated (only their ids are shuffled); a list splits into two lists."""
    if isinstance(docs, ExportDocuments):
        order = _shuffled(docs.ids, seed)
        n_dev = dev_size(len(order), dev_split)
        return docs.subset(order[n_dev:]), docs.subset(order[:n_dev])
    listed = list(docs)
    n_dev = dev_size(len(listed), dev_split)
    shuffled = [listed[i] for i in _shuffled(range(len(listed)), seed)]
    return shuffled[n_dev:], shuffled[:n_dev]


def training_config(lang: str, spancat: bool, train: Path, dev: Path) -> Any:
    """spaCy's own starter config for ``lang`` with the paths filled in."""
    from spacy.cli.init_config import init_config

    pipeline = ["ner", "spancat"] if spancat else ["ner"]
    config = init_config(lang=lang, pipeline=pipeline, optimize="efficiency", gpu=False, pretraining=False, silent=True)
    config["paths"]["train"] = str(train)
    config["paths"]["dev"] = str(dev)
    config["components"]["ner"]["incorrect_spans_key"] = "incorrect_spans"
    return config


def write_spacy(docs: Documents, folder: Path, nlp: Any, schema: Schema, report: ExportReport,
                dev_split: float = 0.2, seed: int = 0, spancat: bool = False, progress: Progress | None = None,
                shard_tokens: int = SHARD_TOKENS, dev_documents: frozenset[int] | None = None) -> None:
    """Write ``train.spacy``, ``dev.spacy`` (each a DocBin, or a folder of DocBin shards of
    about ``shard_tokens`` tokens when bigger: see :mod:`annotate.exports.docbin_shards`) and
    ``config.cfg`` into ``folder``, reading ``docs`` once, in their order: each goes to the part
    :func:`dev_ids` chose for it."""
    ids = docs.ids if isinstance(docs, ExportDocuments) else [d.document.id for d in docs]
    dev = set(dev_documents) if dev_documents is not None else dev_ids(ids, dev_split, seed)
    parts = {name: ShardedDocBin(folder / f"{name}.spacy", shard_tokens) for name in ("train", "dev")}
    total = len(docs)
    untaggable = 0
    for done, export in enumerate(docs, start=1):
        built = build_doc(export, nlp, schema, report)
        doc = built.doc
        report.unreviewed.tokens += len(built.unreviewed)
        untaggable += len(built.untaggable)
        parts["dev" if export.document.id in dev else "train"].add(doc)
        report.documents += 1
        report.spans += len(doc.spans["sc"]) + len(doc.spans.get(MENTIONS_GROUP, []))
        report.events += len(export.events)
        report.relations += len(export.relations)
        report.equivalences += len(export.equivalences)
        if progress is not None:
            progress(done, total)
    for part in parts.values():
        report.files.append(part.close())
    tokens = report.unreviewed.tokens
    report.unreviewed.outcome = (
        f"left their {tokens} token{'' if tokens == 1 else 's'} missing in doc.ents, not O "
        "(review them and export again to train on them)"
    )
    report.leave_out("token of an accepted entity not in doc.ents (missing there, not O)", untaggable)
    # Unreviewed proposals go out too, as proposals in user_data (read back by .spacy import),
    # never as entities: they are not left out.
    report.left_out.pop(NOT_DONE_PROPOSAL, None)
    report.left_out.pop(UNREVIEWED_MENTION, None)
    config = training_config(nlp.lang, spancat, folder / "train.spacy", folder / "dev.spacy")
    config.to_disk(folder / "config.cfg")
    report.files.append(str(folder / "config.cfg"))
