"""One export from start to end: choose documents, tokenise with the project's pipeline, write
the format into a temporary folder, swap it into place (see annotate/exports/folder.py), report.
Used by the command line and the Export dialog alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotate.exports.collect import ExportError, ExportReport, collect
from annotate.exports.folder import MANIFEST, abandon, commit, plan_folder, reason, stage, write_manifest
from annotate.repository import Repository

__all__ = ["FORMATS", "MANIFEST", "export"]

FORMATS = ("spacy", "jsonl", "brat", "conll")


def _point_config_at(staged: Path, out: Path) -> None:
    """spaCy's config names its data files: the final folder, not the temporary one."""
    from thinc.api import Config

    config = Config().from_disk(staged / "config.cfg", interpolate=False)
    config["paths"]["train"] = str(out / "train.spacy")
    config["paths"]["dev"] = str(out / "dev.spacy")
    config.to_disk(staged / "config.cfg")


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
    """Export the project's annotations in ``fmt`` into the folder ``out`` (new, empty, or an
    earlier export of the same format, which is replaced whole)."""
    if fmt not in FORMATS:
        raise ExportError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    docs, report = collect(repo, status, labels)
    target = plan_folder(Path(out), fmt)
    schema = repo.schema()
    write: Callable[[Path], None]
    if fmt == "brat":
        from annotate.exports.brat_out import write_brat

        def write(folder: Path) -> None:
            write_brat(docs, folder, schema, report, progress)
    else:
        from annotate.proposals.pipelines import default_pipeline, load_tokenizer

        nlp = load_tokenizer(model or repo.setting("proposer.model") or default_pipeline())
        if fmt == "jsonl":
            from annotate.exports.jsonl_out import write_jsonl

            def write(folder: Path) -> None:
                write_jsonl(docs, folder, nlp.tokenizer, report, progress)
        elif fmt == "conll":
            from annotate.exports.conll_out import write_conll

            def write(folder: Path) -> None:
                write_conll(docs, folder, nlp, schema, report, progress)
        else:
            from annotate.exports.spacy_out import write_spacy

            def write(folder: Path) -> None:
                write_spacy(docs, folder, nlp, schema, report, dev_split, seed, spancat, progress)

    staged: Path | None = None
    try:
        staged = stage(target)
        write(staged)
        if fmt == "spacy" and (staged / "config.cfg").exists():
            _point_config_at(staged, target.out)
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
