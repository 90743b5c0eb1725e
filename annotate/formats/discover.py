"""Turn the paths a user gave to ``import`` into parsed documents, or one clear error."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from annotate.errors import ImportFailed
from annotate.formats.brat_conf import read_annotation_conf
from annotate.formats.brat_in import read_brat_document
from annotate.formats.jsonl_in import read_jsonl
from annotate.formats.parsed import ParsedBatch
from annotate.formats.plaintext import read_txt
from annotate.formats.reading import check_regular, companion_exists, reason, stat_input

Progress = Callable[[int, int], None]
CONF_NAME = "annotation.conf"
SUFFIXES = (".txt", ".jsonl", ".ann")


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Expand folders (recursively, sorted; hidden files skipped) and check every path.

    A path named on the command line and one found inside a folder get the same checks and
    the same one-line errors: missing, a broken link, a folder that cannot be listed, and
    anything that is not a regular file (a FIFO, device or socket: refused by ``os.stat``,
    never opened, so nothing blocks)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if stat.S_ISDIR(stat_input(path).st_mode):
            found = sorted(_walk(path))
            if not any(p.suffix.lower() in (".txt", ".jsonl") for p in found):
                raise ImportFailed(path, "contains no .txt, .jsonl or brat (.txt + .ann) files")
            files.extend(found)
        elif _wanted(path.name):
            check_regular(path)
            files.append(path)
        else:
            raise ImportFailed(
                path, f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .jsonl or brat .txt + .ann"
            )
    # The same file named twice (or through a link) is read once; it keeps the name it was
    # given, made absolute: a link "a.txt" to a file of another name is still a .txt.
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), Path(os.path.abspath(f)))
    return list(unique.values())


def _wanted(name: str) -> bool:
    return Path(name).suffix.lower() in SUFFIXES or name == CONF_NAME


def _walk(folder: Path) -> Iterator[Path]:
    """The input files under ``folder``; symbolic links to folders are not followed (as
    ``Path.rglob`` does not), a folder that cannot be listed is an error, not passed over."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        raise ImportFailed(folder, f"cannot be read ({reason(exc)})") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError as exc:
            raise ImportFailed(path, f"cannot be read ({reason(exc)})") from None
        if is_folder:
            yield from _walk(path)
        elif _wanted(entry.name):
            if os.path.islink(path) and os.path.isdir(path):
                continue  # a linked folder named like a file: not followed, as any linked folder
            check_regular(path)
            yield path


def parse_inputs(paths: Iterable[Path], progress: Progress | None = None) -> ParsedBatch:
    """Read every input completely (nothing is stored yet). Raises ImportFailed on the first
    bad file, naming it and the line."""
    files = collect_inputs(paths)
    batch = ParsedBatch()
    txts = {f for f in files if f.suffix.lower() == ".txt"}
    # A .txt's .ann, and the annotation.conf beside an .ann, are read when there: something of
    # that name that is not a regular file is refused, never silently passed over.
    anns = {f.with_suffix(".ann") for f in sorted(txts) if companion_exists(f.with_suffix(".ann"))}
    for ann in (f for f in files if f.suffix.lower() == ".ann"):
        if not companion_exists(ann.with_suffix(".txt")):
            raise ImportFailed(ann, "has no matching .txt file beside it")
        anns.add(ann)
        txts.add(ann.with_suffix(".txt"))
    confs = {f for f in files if f.name == CONF_NAME}
    confs |= {a.parent / CONF_NAME for a in sorted(anns) if companion_exists(a.parent / CONF_NAME)}
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
