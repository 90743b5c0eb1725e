"""CoNLL-2003-style IOB of the accepted, non-overlapping entities (``doc.ents`` of the spaCy
export): ``TOKEN TAG`` per line, a blank line between sentences, ``-DOCSTART- O`` between
documents. Sentences come from the same punctuation rule the window uses; whitespace tokens are
skipped (CoNLL has no place for them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.event_check import Sentences
from annotate.exports.collect import ExportDocument, ExportReport
from annotate.exports.spacy_docs import to_doc
from annotate.schema import Schema


def conll_lines(doc: Any) -> list[str]:
    """The IOB lines of one Doc, sentences separated by blank lines."""
    sentences = Sentences(doc.text)
    lines: list[str] = []
    current = None
    for token in doc:
        if token.is_space:
            continue
        number = sentences.index(token.idx)
        if current is not None and number != current:
            lines.append("")
        current = number
        tag = f"{token.ent_iob_}-{token.ent_type_}" if token.ent_iob_ in ("B", "I") else "O"
        lines.append(f"{token.text.replace(' ', '_')} {tag}")
    return lines


def write_conll(docs: list[ExportDocument], folder: Path, nlp: Any, schema: Schema, report: ExportReport,
                progress=None) -> None:
    """Write ``annotations.conll`` into ``folder``."""
    out: list[str] = []
    for i, export in enumerate(docs, start=1):
        doc = to_doc(export, nlp, schema, report)
        out += ["-DOCSTART- O", ""] + conll_lines(doc) + [""]
        report.documents += 1
        report.spans += len(doc.ents)
        report.leave_out("event (CoNLL IOB has entities only)", len(export.events))
        if progress is not None:
            progress(i, len(docs))
    path = folder / "annotations.conll"
    path.write_text("\n".join(out), encoding="utf-8")
    report.files.append(str(path))
