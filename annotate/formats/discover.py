"""Turn the paths a user gave to ``import`` into parsed documents, or one clear error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.brat_conf import read_annotation_conf
from annotate.formats.brat_in import read_brat_document
from annotate.formats.jsonl_in import read_jsonl
from annotate.formats.parsed import ParsedBatch
from annotate.formats.plaintext import read_txt

Progress = Callable[[int, int], None]
CONF_NAME = "annotation.conf"
SUFFIXES = (".txt", ".jsonl", ".ann")


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted; hidden files skipped) and check every path."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ImportFailed(path, "does not exist")
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and (p.suffix.lower() in SUFFIXES or p.name == CONF_NAME)
            )
            if not any(p.suffix.lower() in (".txt", ".jsonl") for p in found):
                raise ImportFailed(path, "contains no .txt, .jsonl or brat (.txt + .ann) files")
            files.extend(found)
        elif path.suffix.lower() in SUFFIXES or path.name == CONF_NAME:
            files.append(path)
        else:
            raise ImportFailed(
                path, f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .jsonl or brat .txt + .ann"
            )
    unique: dict[Path, None] = {}
    for f in files:
        unique.setdefault(f.resolve(), None)
    return list(unique)


def parse_inputs(paths: Iterable[Path], progress: Progress | None = None) -> ParsedBatch:
    """Read every input completely (nothing is stored yet). Raises ImportFailed on the first
    bad file, naming it and the line."""
    files = collect_inputs(paths)
    batch = ParsedBatch()
    txts = {f for f in files if f.suffix.lower() == ".txt"}
    anns = {f.with_suffix(".ann") for f in txts if f.with_suffix(".ann").is_file()}
    for ann in (f for f in files if f.suffix.lower() == ".ann"):
        if not ann.with_suffix(".txt").is_file():
            raise ImportFailed(ann, "has no matching .txt file beside it")
        anns.add(ann)
        txts.add(ann.with_suffix(".txt"))
    confs = {f for f in files if f.name == CONF_NAME}
    # A brat document's folder may hold an annotation.conf that was not named explicitly.
    confs |= {a.parent / CONF_NAME for a in anns if (a.parent / CONF_NAME).is_file()}
    for conf in sorted(confs):
        batch.schema_fragments.append(read_annotation_conf(conf))

    work = sorted(txts) + sorted(f for f in files if f.suffix.lower() == ".jsonl")
    for done, path in enumerate(work, start=1):
        if path.suffix.lower() == ".jsonl":
            documents, ignored, warnings = read_jsonl(path)
            batch.documents.extend(documents)
            batch.ignored_tasks += ignored
            batch.warnings.extend(warnings)
        elif path.with_suffix(".ann") in anns:
            doc, warnings = read_brat_document(path, path.with_suffix(".ann"))
            batch.documents.append(doc)
            batch.warnings.extend(warnings)
        else:
            doc, _ = read_txt(path)
            batch.documents.append(doc)
        if progress:
            progress(done, len(work))
    return batch
