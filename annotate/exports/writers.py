"""The built-in export formats as writers (see :mod:`annotate.exports.registry`), registered
when this module is imported. Each calls its format's module, imported only when it writes:
the window lists the formats long before anything is exported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotate.exports.collect import ExportReport, Progress
from annotate.exports.registry import KINDS, WRITERS, WriteContext, register

if TYPE_CHECKING:
    from annotate.exports.spacy_docs import Documents

EVERY_KIND = frozenset(KINDS)


def _point_config_at(staged: Path, out: Path) -> None:
    """spaCy's config names its data files: the final folder, not the temporary one."""
    from thinc.api import Config

    config = Config().from_disk(staged / "config.cfg", interpolate=False)
    config["paths"]["train"] = str(out / "train.spacy")
    config["paths"]["dev"] = str(out / "dev.spacy")
    config.to_disk(staged / "config.cfg")


class SpacyWriter:
    """``train.spacy``/``dev.spacy`` DocBins and a training ``config.cfg``."""

    name = "spacy"
    title = "the spaCy DocBin"
    needs_pipeline = True
    carries = EVERY_KIND  # what the span groups cannot hold is in doc.user_data
    carries_note = "every kind"
    reports_itself: frozenset[str] = frozenset()

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        """Write the DocBins and the config, its paths naming the final folder."""
        from annotate.exports.spacy_out import write_spacy

        write_spacy(docs, folder, context.nlp, context.schema, report, context.dev_split, context.seed,
                    context.spancat, progress, dev_documents=context.dev_documents)
        _point_config_at(folder, context.out)


class JsonlWriter:
    """Prodigy-style ``annotations.jsonl``."""

    name = "jsonl"
    title = "Prodigy JSONL"
    needs_pipeline = True  # tokens, and spans' token offsets
    carries = EVERY_KIND
    carries_note = "every kind"
    reports_itself: frozenset[str] = frozenset()

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        """Write one task per document."""
        from annotate.exports.jsonl_out import write_jsonl

        write_jsonl(docs, folder, context.nlp.tokenizer, report, progress)


class BratWriter:
    """brat standoff: ``.txt``/``.ann`` pairs and ``annotation.conf``."""

    name = "brat"
    title = "brat"
    needs_pipeline = False
    carries = EVERY_KIND - {"rejected"}  # a T line is an annotation: brat has no "rejected"
    carries_note = "every kind but rejected proposals"
    reports_itself = frozenset({"rejected"})  # the writer counts them, with its own reason

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        """Write the pairs and the schema."""
        from annotate.exports.brat_out import write_brat

        write_brat(docs, folder, context.schema, report, progress)


class ConllWriter:
    """CoNLL-2003-style IOB of the entities."""

    name = "conll"
    title = "CoNLL"
    needs_pipeline = True  # tokens and sentences
    carries = frozenset({"spans"})
    carries_note = "entity spans only"
    # The writer leaves a span in pieces out with a reason of its own (it takes its sentence along).
    reports_itself = frozenset({"fragments"})

    def write(self, docs: Documents, folder: Path, context: WriteContext, report: ExportReport,
              progress: Progress | None) -> None:
        """Write ``annotations.conll``."""
        from annotate.exports.conll_out import write_conll

        write_conll(docs, folder, context.nlp, context.schema, report, progress)


for _writer in (SpacyWriter(), JsonlWriter(), BratWriter(), ConllWriter()):
    register(_writer)

FORMATS = WRITERS.names  # the built-in formats, in the order the window lists them
