"""CoNLL-2003-style IOB of the accepted, non-overlapping entities (``doc.ents`` of the spaCy
export): ``TOKEN TAG`` per line, a blank line between sentences, ``-DOCSTART- -X- O O`` between
documents. Sentences come from the same punctuation rule the window uses; whitespace tokens are
skipped (CoNLL has no place for them).

CoNLL has no tag for "missing": every token is ``B-``, ``I-`` or ``O``, and what reads it
trains on all of them (spaCy's ``convert --converter ner`` stops at ``-`` or an empty tag, and
sets every token without an entity ``O``). So a token the spaCy export leaves missing is never
written as ``O``: its whole sentence is left out, and counted — a sentence with a token under an
unreviewed proposal, or under an accepted entity that cannot be tagged (not on token boundaries,
or overlapping a longer one, or in pieces). A document not marked done has no token known to
be ``O`` at all, so it is left out whole.

Argument mentions (the schema's mention label: role fillers that are no names) are no entities:
their tokens are ``O`` like any other text that is no name, and the report counts them by label.

A discontinuous span is never written as one range (that would tag the tokens between its
pieces): it is left out and counted, and its tokens, being under an entity, are not ``O``
either, so its sentence is left out too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.event_check import Sentences
from annotate.exports.collect import ExportReport, Progress
from annotate.exports.spacy_docs import BuiltDoc, Documents, build_doc
from annotate.schema import Schema

NOT_DONE = "document not marked done (CoNLL has no tag for its unlabelled tokens, which are not known to be O)"
UNTAGGABLE = ("sentence with an accepted entity not in doc.ents (not on token boundaries, overlapping, or "
              "in pieces): CoNLL has no tag for its tokens, so it is not written as O")
FRAGMENTS = "span with fragments (CoNLL has no discontinuous spans)"
EMPTY = "document with every sentence left out (CoNLL)"
MENTIONS_KEPT = "CoNLL carries entity spans only; its tokens are O"
# The document separator of CoNLL-2003 and of spaCy's converter (which splits documents on it).
DOCSTART = "-DOCSTART- -X- O O"


def _sentences(doc: Any) -> list[list[Any]]:
    """The non-whitespace tokens of ``doc``, by sentence."""
    sentences = Sentences(doc.text)
    out: list[list[Any]] = []
    current = None
    for token in doc:
        if token.is_space:
            continue
        number = sentences.index(token.idx)
        if current is None or number != current:
            out.append([])
        current = number
        out[-1].append(token)
    return out


def _line(token: Any) -> str:
    tag = f"{token.ent_iob_}-{token.ent_type_}" if token.ent_iob_ in ("B", "I") else "O"
    return f"{token.text.replace(' ', '_')} {tag}"


def conll_lines(doc: Any) -> list[str]:
    """The IOB lines of one Doc, sentences separated by blank lines; a sentence with a missing
    token (``ent_iob_ == ""``) is left out, never written as ``O``."""
    return _conll(BuiltDoc(doc), ExportReport())[0]


def _conll(built: BuiltDoc, report: ExportReport) -> tuple[list[str], int]:
    """The lines of the sentences whose every token has a known tag, and the number of
    entities in them; the sentences left out are counted in ``report``."""
    lines: list[str] = []
    entities = 0
    for sentence in _sentences(built.doc):
        missing = [t for t in sentence if t.ent_iob_ not in ("B", "I", "O")]
        if missing:
            if any(t.i in built.unreviewed for t in missing):
                report.unreviewed.sentences += 1
                report.unreviewed.tokens += len(sentence)
            else:
                report.leave_out(UNTAGGABLE)
            continue
        if lines:
            lines.append("")
        lines += [_line(t) for t in sentence]
        entities += sum(1 for t in sentence if t.ent_iob_ == "B")
    return lines, entities


def write_conll(docs: Documents, folder: Path, nlp: Any, schema: Schema, report: ExportReport,
                progress: Progress | None = None) -> None:
    """Write ``annotations.conll`` into ``folder``, a document at a time (``docs`` is read once)."""
    path = folder / "annotations.conll"
    total = len(docs)
    with path.open("w", encoding="utf-8") as out:
        first = True
        for i, export in enumerate(docs, start=1):
            if not export.done:
                report.leave_out(NOT_DONE)
                # Left out with its document, but no CoNLL could hold it: said as such too.
                report.leave_out(FRAGMENTS, sum(1 for span in export.spans if span.fragments))
            else:
                built = build_doc(export, nlp, schema, report, fragments_reason=FRAGMENTS,
                                  mentions_kept=MENTIONS_KEPT)
                lines, entities = _conll(built, report)
                if lines:
                    # Documents are "\n"-joined blocks, each ending in a blank line.
                    out.write(("" if first else "\n") + "\n".join([DOCSTART, "", *lines, ""]))
                    first = False
                    report.documents += 1
                    report.spans += entities
                else:
                    report.leave_out(EMPTY)
            if progress is not None:
                progress(i, total)
    tokens, sentences = report.unreviewed.tokens, report.unreviewed.sentences
    report.unreviewed.outcome = (
        "left their tokens missing, and CoNLL has no tag for missing: their "
        f"{sentences} sentence{'' if sentences == 1 else 's'} ({tokens} token{'' if tokens == 1 else 's'}) "
        f"{'is' if sentences == 1 else 'are'} left out, not written as O"
    )
    report.files.append(str(path))
