"""Turn the paths a user gave to ``import`` into parsed documents, or one clear error.

Readers are registered by file suffix (:func:`register_reader`): ``.txt`` (a plain article),
``.ann`` (a brat document: the ``.txt`` beside it with its annotations), ``.jsonl`` (Prodigy
tasks, streamed) and ``.spacy`` (a spaCy DocBin). :func:`stream_inputs` checks every path and
reads the ``annotation.conf`` schema fragments up front, then reads documents one at a time as
they are asked for, so an import saves them as they come and memory does not grow with the
corpus; :func:`parse_inputs` reads everything into one :class:`ParsedBatch`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotate.errors import ImportFailed
from annotate.formats.brat_conf import read_annotation_conf_with_warnings
from annotate.formats.brat_in import read_brat_document
from annotate.formats.jsonl_in import read_jsonl
from annotate.formats.jsonl_stream import ReadNotes
from annotate.formats.parsed import ParsedBatch, ParsedDocument
from annotate.formats.plaintext import read_txt
from annotate.formats.reading import check_regular, companion_exists, reason, stat_input

Progress = Callable[[int, int], None]
# A reader: the documents of one file, one at a time; what is not a document (ignored tasks,
# warnings) goes into the notes.
Reader = Callable[[Path, ReadNotes], Iterator[ParsedDocument]]
CONF_NAME = "annotation.conf"
BRAT = ".ann"  # a brat document is read from its .txt, with the .ann beside it


class Readers:
    """The readers by file suffix, in the order their files are read."""

    def __init__(self) -> None:
        self._by_suffix: dict[str, Reader] = {}

    def register(self, suffix: str, reader: Reader) -> None:
        """Read files ending in ``suffix`` (lower case, with the dot) with ``reader``."""
        self._by_suffix[suffix.lower()] = reader

    def get(self, suffix: str) -> Reader | None:
        """The reader of a suffix, or None."""
        return self._by_suffix.get(suffix.lower())

    @property
    def suffixes(self) -> tuple[str, ...]:
        """Every suffix a reader is registered for, in registration order."""
        return tuple(self._by_suffix)


def _plain_text(path: Path, notes: ReadNotes) -> Iterator[ParsedDocument]:
    yield read_txt(path)[0]


def _brat(path: Path, notes: ReadNotes) -> Iterator[ParsedDocument]:
    doc, warnings = read_brat_document(path.with_suffix(".txt"), path.with_suffix(BRAT))
    notes.warnings.extend(warnings)
    yield doc


def _docbin(path: Path, notes: ReadNotes) -> Iterator[ParsedDocument]:
    from annotate.formats.spacy_in import read_docbin  # spaCy: imported only for a .spacy file

    yield from read_docbin(path)


READERS = Readers()
READERS.register(".txt", _plain_text)
READERS.register(BRAT, _brat)
READERS.register(".jsonl", read_jsonl)
READERS.register(".spacy", _docbin)


def register_reader(suffix: str, reader: Reader) -> None:
    """Register a reader for another kind of input file (see :class:`Readers`)."""
    READERS.register(suffix, reader)


def _document_suffixes() -> tuple[str, ...]:
    """Suffixes of files that hold documents by themselves (an .ann needs its .txt)."""
    return tuple(s for s in READERS.suffixes if s != BRAT)


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
            if not any(p.suffix.lower() in _document_suffixes() for p in found):
                raise ImportFailed(path, "contains no .txt, .jsonl or brat (.txt + .ann) files, nor .spacy DocBins")
            files.extend(found)
        elif _wanted(path.name):
            check_regular(path)
            files.append(path)
        else:
            raise ImportFailed(
                path, f"unsupported file type {path.suffix or '(none)'!r}: use .txt, .jsonl, .spacy or brat .txt + .ann"
            )
    # The same file named twice (or through a link) is read once; it keeps the name it was
    # given, made absolute: a link "a.txt" to a file of another name is still a .txt.
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), Path(os.path.abspath(f)))
    return list(unique.values())


def _wanted(name: str) -> bool:
    return READERS.get(Path(name).suffix) is not None or name == CONF_NAME


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


@dataclass
class InputStream:
    """Checked inputs whose documents are read as they are asked for (once): the schema
    fragments of their ``annotation.conf`` files are read already; ignored tasks and warnings
    are complete once :attr:`documents` is read to its end."""

    work: list[tuple[Path, Reader]]  # each document file with its reader, in reading order
    schema_fragments: list[Any] = field(default_factory=list)  # Schema objects from annotation.conf
    warnings: list[str] = field(default_factory=list)
    ignored_tasks: int = 0
    progress: Progress | None = None  # (files read, files in all)
    _read: bool = field(default=False, init=False, repr=False)

    @property
    def documents(self) -> Iterator[ParsedDocument]:
        """Every document of every file, one at a time; ImportFailed on the first bad one."""
        if self._read:
            raise RuntimeError("the documents of an input stream are read once")
        self._read = True
        return self._documents()

    def _documents(self) -> Iterator[ParsedDocument]:
        for done, (path, reader) in enumerate(self.work, start=1):
            yield from reader(path, self)
            if self.progress:
                self.progress(done, len(self.work))


def stream_inputs(paths: Iterable[Path], progress: Progress | None = None) -> InputStream:
    """Check every input and read the schema fragments; the documents are read later, as the
    stream's :attr:`~InputStream.documents` are asked for. Raises ImportFailed on the first bad
    path, naming it."""
    files = collect_inputs(paths)
    txts = {f for f in files if f.suffix.lower() == ".txt"}
    # A .txt's .ann, and the annotation.conf beside an .ann, are read when there: something of
    # that name that is not a regular file is refused, never silently passed over.
    anns = {f.with_suffix(BRAT) for f in sorted(txts) if companion_exists(f.with_suffix(BRAT))}
    for ann in (f for f in files if f.suffix.lower() == BRAT):
        if not companion_exists(ann.with_suffix(".txt")):
            raise ImportFailed(ann, "has no matching .txt file beside it")
        anns.add(ann)
        txts.add(ann.with_suffix(".txt"))
    confs = {f for f in files if f.name == CONF_NAME}
    confs |= {a.parent / CONF_NAME for a in sorted(anns) if companion_exists(a.parent / CONF_NAME)}
    stream = InputStream([], progress=progress)
    # Every conf before any document: a folder's labels are known before its documents use them.
    for conf in sorted(confs):
        fragment, warnings = read_annotation_conf_with_warnings(conf)
        stream.schema_fragments.append(fragment)
        stream.warnings.extend(warnings)
    # .txt files first (plain or brat, in name order), then each other suffix in turn.
    for path in sorted(txts):
        stream.work.append((path, _reader(BRAT if path.with_suffix(BRAT) in anns else ".txt")))
    for suffix in _document_suffixes():
        if suffix != ".txt":
            stream.work += [(f, _reader(suffix)) for f in sorted(f for f in files if f.suffix.lower() == suffix)]
    return stream


def _reader(suffix: str) -> Reader:
    reader = READERS.get(suffix)
    if reader is None:
        raise ImportFailed(suffix, "no reader for this kind of file")
    return reader


def parse_inputs(paths: Iterable[Path], progress: Progress | None = None) -> ParsedBatch:
    """Read every input completely (nothing is stored yet). Raises ImportFailed on the first
    bad file, naming it and the line."""
    stream = stream_inputs(paths, progress)
    documents = list(stream.documents)
    return ParsedBatch(documents, stream.schema_fragments, stream.warnings, stream.ignored_tasks)
