"""One export from start to end: choose documents, tokenise with the project's pipeline, write
the format, report. Used by the command line and the Export dialog alike."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from annotate.exports.collect import ExportError, ExportReport, collect
from annotate.repository import Repository

FORMATS = ("spacy", "jsonl", "brat", "conll")


def prepare_folder(out: Path) -> None:
    """Create ``out`` if needed and check it can be written, with one clear error if not."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the export folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise ExportError(f"{out}: not a folder")
    if not os.access(out, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: the export folder is not writable")


def export(
    repo: Repository,
    out: Path,
    fmt: str,
    *,
    status: str = "done",
    labels: list[str] | None = None,
    dev_split: float = 0.2,
    seed: int = 0,
    spancat: bool = False,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportReport:
    """Export the project's annotations in ``fmt`` into the folder ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    docs, report = collect(repo, status, labels)
    prepare_folder(out)
    schema = repo.schema()
    if fmt == "brat":
        from annotate.exports.brat_out import write_brat

        write_brat(docs, out, schema, report, progress)
        return report
    from annotate.proposals.pipelines import default_pipeline, load_tokenizer

    nlp = load_tokenizer(model or repo.setting("proposer.model") or default_pipeline())
    if fmt == "jsonl":
        from annotate.exports.jsonl_out import write_jsonl

        write_jsonl(docs, out, nlp.tokenizer, report, progress)
    elif fmt == "conll":
        from annotate.exports.conll_out import write_conll

        write_conll(docs, out, nlp, schema, report, progress)
    else:
        from annotate.exports.spacy_out import write_spacy

        write_spacy(docs, out, nlp, schema, report, dev_split, seed, spancat, progress)
    return report
