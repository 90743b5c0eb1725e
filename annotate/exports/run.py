"""One export from start to end: choose documents, look the format's writer up in the registry
(annotate/exports/registry.py), load the project's pipeline if it needs one, write into a
temporary folder as the documents stream past, swap it into place (annotate/exports/folder.py),
report. Used by the command line and the Export dialog alike."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from annotate.exports.collect import ExportError, ExportReport, collect
from annotate.exports.folder import MANIFEST, abandon, commit, plan_folder, reason, stage, write_manifest
from annotate.exports.registry import WRITERS, WriteContext, uncarried_counter
from annotate.exports.writers import FORMATS  # importing it registers the built-in writers
from annotate.repository import Repository

__all__ = ["FORMATS", "MANIFEST", "export"]


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
    documents: Collection[int] | None = None,
    dev_documents: Collection[int] | None = None,
) -> ExportReport:
    """Export the project's annotations in ``fmt`` into the folder ``out`` (new, empty, or an
    earlier export of the same format, which is replaced whole). The documents are read one at
    a time as the format's writer writes them; what the format cannot carry is counted.
    ``documents`` keeps only those ids; ``dev_documents`` names the spaCy dev part instead of the
    seeded shuffle (train in the loop keeps dev the same from round to round)."""
    writer = WRITERS.get(fmt)
    docs, report = collect(repo, status, labels, documents)
    docs.watch(uncarried_counter(writer))
    target = plan_folder(Path(out), fmt)
    nlp = None
    if writer.needs_pipeline:
        from annotate.proposals.pipelines import default_pipeline, load_tokenizer

        nlp = load_tokenizer(model or repo.setting("proposer.model") or default_pipeline())
    context = WriteContext(repo.schema(), target.out, nlp, dev_split, seed, spancat,
                           frozenset(dev_documents) if dev_documents is not None else None)

    staged: Path | None = None
    try:
        staged = stage(target)
        writer.write(docs, staged, context, report, progress)
        write_manifest(staged, fmt, getattr(repo, "path", None), status, report.documents)
        commit(target, staged)
    except OSError as exc:
        abandon(target, staged)
        kept = "the earlier export is left as it was" if target.replace else "nothing was written"
        raise ExportError(f"{target.out}: cannot write the export ({reason(exc)}); {kept}") from None
    except BaseException:  # an error, Cancel or Ctrl+C half-way: nothing half-written stays
        abandon(target, staged)
        raise
    report.files = [name.replace(str(staged), str(target.out)) for name in report.files]
    return report
