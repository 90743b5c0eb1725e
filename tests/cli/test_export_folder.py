"""Where an export may go: a new or empty folder, or an earlier export of the same format,
which is replaced whole. Anything else is refused and left untouched; a failed export leaves
the earlier one as it was."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from annotate.actions import SetDocumentStatus
from annotate.exports.collect import ExportError
from annotate.exports.run import MANIFEST, export
from annotate.model import DocStatus
from annotate.session import Session
from store import open_project
from tests.cli.helpers import cli

ROOT = Path(__file__).resolve().parents[2]
TASKS = [
    {"text": "Kerry met Putin in Moscow.", "spans": [{"start": 0, "end": 5, "label": "PERSON"},
                                                     {"start": 19, "end": 25, "label": "GPE"}]},
    {"text": "Lavrov spoke in Geneva.", "spans": [{"start": 0, "end": 6, "label": "PERSON"}]},
    {"text": "Guterres flew to Nairobi.", "spans": [{"start": 17, "end": 24, "label": "GPE"}]},
    {"text": "Ruto met Tinubu in Lagos.", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]},
]
FILES = {"brat": None, "jsonl": "annotations.jsonl", "conll": "annotations.conll", "spacy": "train.spacy"}


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (and every folder, as None)."""
    return {
        str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes())
        for p in sorted(folder.rglob("*"))
    }


def one_error_line(stderr: str, message: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ") and re.search(message, lines[0]), lines[0]


def set_status(project: Path, document_id: int, status: DocStatus) -> None:
    with open_project(project) as store:
        Session(store).apply(SetDocumentStatus(document_id, status))


def exported_texts(folder: Path, fmt: str) -> list[str]:
    """The document texts in an export, read back by its consumer."""
    if fmt == "brat":
        return sorted(p.read_text(encoding="utf-8") for p in folder.glob("*.txt"))
    if fmt == "jsonl":
        return sorted(json.loads(line)["text"] for line in (folder / "annotations.jsonl").read_text(encoding="utf-8").splitlines())
    if fmt == "conll":
        blocks = (folder / "annotations.conll").read_text(encoding="utf-8").split("-DOCSTART- -X- O O")
        return sorted(" ".join(line.split()[0] for line in b.splitlines() if line.strip()) for b in blocks if b.strip())
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    return sorted(d.text for name in ("train", "dev") for d in DocBin().from_disk(folder / f"{name}.spacy").get_docs(vocab))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Four documents, all done."""
    source = tmp_path / "tasks.jsonl"
    source.write_text("".join(json.dumps(t) + "\n" for t in TASKS), encoding="utf-8")
    path = tmp_path / "p.annotary"
    assert cli("import", path, source).exit_code == 0
    for document_id in range(1, len(TASKS) + 1):
        set_status(path, document_id, DocStatus.DONE)
    return path


def run(project: Path, out: Path, fmt: str, *options: str):
    return cli("export", project, out, "--format", fmt, "--dev-split", "0.5", *options)


# -- refused, and left untouched ---------------------------------------------------------

@pytest.mark.parametrize("fmt", list(FILES))
def test_a_foreign_folder_is_refused_and_untouched(fmt: str, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    (out / "sub" / "annotations.jsonl").write_text("{}\n", encoding="utf-8")
    before = tree(out)
    result = run(project, out, fmt)
    assert result.exit_code == 1
    one_error_line(result.stderr, r"mine: the folder is not empty and holds no earlier Annotary export")
    assert tree(out) == before
    assert leftovers(tmp_path) == [] and leftovers(out) == []


def test_a_folder_with_only_hidden_files_is_not_empty(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    (out / ".git").mkdir(parents=True)
    result = run(project, out, "brat")
    assert result.exit_code == 1 and "not empty" in result.stderr
    assert tree(out) == {".git": None}


@pytest.mark.parametrize(("first", "second"), [("brat", "jsonl"), ("jsonl", "conll"), ("conll", "brat")])
def test_an_export_of_another_format_is_refused(first: str, second: str, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(project, out, first).exit_code == 0
    before = tree(out)
    result = run(project, out, second)
    assert result.exit_code == 1
    one_error_line(result.stderr, rf"out: holds an earlier {first} export, not {second}")
    assert tree(out) == before


def test_an_export_with_foreign_files_beside_it_is_refused(project: Path, tmp_path: Path) -> None:
    """``spacy train ... --output OUT/model`` beside the data: the model is not the export's."""
    out = tmp_path / "data"
    assert run(project, out, "brat").exit_code == 0
    (out / "model").mkdir()
    (out / "model" / "meta.json").write_text("{}", encoding="utf-8")
    before = tree(out)
    result = run(project, out, "brat")
    assert result.exit_code == 1
    one_error_line(result.stderr, r"data: holds files that are not part of the earlier brat export \(model\)")
    assert tree(out) == before


def test_a_file_is_not_a_folder(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.write_text("x", encoding="utf-8")
    result = run(project, out, "brat")
    one_error_line(result.stderr, r"out: not a folder")
    assert out.read_text(encoding="utf-8") == "x"


# -- replaced whole ----------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(FILES))
def test_an_earlier_export_is_replaced_whole(fmt: str, project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(project, out, fmt).exit_code == 0
    assert len(exported_texts(out, fmt)) == 4
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == fmt and sorted(manifest["files"]) == sorted(p.name for p in out.iterdir() if p.name != MANIFEST)
    set_status(project, 2, DocStatus.IN_PROGRESS)  # "Lavrov spoke in Geneva." is no longer done
    result = run(project, out, fmt)
    assert result.exit_code == 0, result.stderr
    texts = exported_texts(out, fmt)
    assert len(texts) == 3 and not any("Lavrov" in t for t in texts)
    if fmt == "brat":
        assert len(list(out.glob("*.ann"))) == 3  # the old pair is gone, not left beside
        again = tmp_path / "again.annotary"
        assert cli("import", again, out).exit_code == 0  # the manifest is passed over
        with open_project(again, readonly=True) as store:
            assert len(store.document_ids()) == 3  # not doubled
    if fmt == "spacy":
        config = (out / "config.cfg").read_text(encoding="utf-8")
        assert f'train = "{out / "train.spacy"}"' in config and ".annotary-" not in config
    assert ".annotary-" not in result.stdout  # the report names the final files
    assert leftovers(tmp_path) == []  # nothing left beside


def test_the_replacement_keeps_the_folder_permissions(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(project, out, "brat").exit_code == 0
    out.chmod(0o750)
    assert run(project, out, "brat").exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o750


def test_an_export_through_a_link_replaces_the_folder_it_names(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    assert run(project, real, "brat").exit_code == 0
    (tmp_path / "link").symlink_to(real)
    set_status(project, 1, DocStatus.SKIPPED)
    assert run(project, tmp_path / "link", "brat").exit_code == 0
    assert (tmp_path / "link").is_symlink() and len(list(real.glob("*.txt"))) == 3


def test_a_spacy_export_from_before_manifests_is_recognised(project: Path, tmp_path: Path) -> None:
    """``train`` exports into OUT_DIR/data again and again; one written before manifests existed
    (three files, config.cfg pointing here) is replaced, not refused."""
    out = tmp_path / "data"
    assert run(project, out, "spacy").exit_code == 0
    (out / MANIFEST).unlink()
    assert run(project, out, "spacy").exit_code == 0
    assert (out / MANIFEST).is_file()
    shutil.copy(out / "config.cfg", tmp_path / "config.cfg")
    (out / MANIFEST).unlink()
    (out / "config.cfg").write_text((tmp_path / "config.cfg").read_text(encoding="utf-8").replace(str(out), "/elsewhere"), encoding="utf-8")
    result = run(project, out, "spacy")
    assert result.exit_code == 1 and "holds no earlier Annotary export" in result.stderr


# -- new and empty folders work as before ------------------------------------------------

def test_a_missing_or_empty_folder(project: Path, tmp_path: Path) -> None:
    assert run(project, tmp_path / "a" / "b" / "new", "brat").exit_code == 0
    assert len(list((tmp_path / "a" / "b" / "new").glob("*.ann"))) == 4
    empty = tmp_path / "empty"
    empty.mkdir(mode=0o700)
    inode = empty.stat().st_ino
    assert run(project, empty, "brat").exit_code == 0
    assert empty.stat().st_ino == inode and empty.stat().st_mode & 0o777 == 0o700  # the same folder
    assert sorted(p.name for p in empty.iterdir() if p.name.startswith(".")) == [MANIFEST]


def test_what_a_killed_export_left_is_cleared(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".annotary-partial-dead").mkdir(parents=True)
    (out / ".annotary-partial-dead" / "half.ann").write_text("T1", encoding="utf-8")
    assert run(project, out, "brat").exit_code == 0
    assert not (out / ".annotary-partial-dead").exists()


def test_consumers_pass_over_the_manifest(project: Path, tmp_path: Path) -> None:
    """spaCy's directory walk (``spacy convert DIR``) skips dot-files; so does Annotary's import."""
    from spacy.cli._util import walk_directory

    out = tmp_path / "conll"
    assert run(project, out, "conll").exit_code == 0
    assert [p.name for p in walk_directory(out)] == ["annotations.conll"]


# -- a failed export leaves the earlier one as it was ------------------------------------

def earlier(project: Path, tmp_path: Path, fmt: str = "brat") -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    assert run(project, out, fmt).exit_code == 0
    set_status(project, 2, DocStatus.IN_PROGRESS)
    return out, tree(out)


def leftovers(folder: Path) -> list[str]:
    """Temporary folders of an export (``.out.annotary-new-…``, ``.annotary-partial-…``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".") and ".annotary-" in p.name and p.name != MANIFEST)


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, ExportError])
def test_an_export_stopped_half_way_leaves_the_earlier_one(interrupt: type, project: Path, tmp_path: Path) -> None:
    """Ctrl+C, or the Export dialog's Cancel, after the first document was written."""
    out, before = earlier(project, tmp_path)

    def progress(done: int, total: int) -> None:
        if done == 1:
            raise interrupt("stop")

    with open_project(project, readonly=True) as store, pytest.raises(interrupt):
        export(store, out, "brat", progress=progress)
    assert tree(out) == before and leftovers(tmp_path) == [] and leftovers(out) == []
    new = tmp_path / "new"
    with open_project(project, readonly=True) as store, pytest.raises(interrupt):
        export(store, new, "brat", progress=progress)
    assert not new.exists()  # a new folder is not left half-written either


@pytest.mark.slow
def test_an_error_half_way_leaves_the_earlier_one(project: Path, tmp_path: Path) -> None:
    out, before = earlier(project, tmp_path, "spacy")
    result = run(project, out, "spacy", "--dev-split", "1.5")  # refused once the tokenizer is loaded
    one_error_line(result.stderr, r"--dev-split must be at least 0 and below 1")
    assert tree(out) == before and leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform != "linux" or os.geteuid() != 0, reason="mounts a tmpfs: Linux, as root")
def test_a_full_disk_leaves_the_earlier_one(project: Path, tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", f"annotary-test-{uuid.uuid4().hex[:6]}", str(disk)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        out = disk / "out"
        with open_project(project) as store:  # a document long enough to need the room
            from annotate.formats.parsed import ParsedBatch, ParsedDocument

            Session(store).import_batch(ParsedBatch(documents=[ParsedDocument("Kerry met Putin. " * 12000, "long", "t")]))
            Session(store).apply(SetDocumentStatus(max(store.document_ids()), DocStatus.DONE))
        assert run(project, out, "brat").exit_code == 0
        before = tree(out)
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * (free - 64 * 1024))  # less room than one more export
        result = run(project, out, "brat")
        assert result.exit_code == 1
        one_error_line(result.stderr, r"out: cannot write the export \(the disk is full\); the earlier export is left as it was")
        assert tree(out) == before and leftovers(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.slow
def test_a_read_only_parent_leaves_the_earlier_one(project: Path, tmp_path: Path) -> None:
    """The replacement is written beside the earlier export; where it cannot be, one line.
    As root, run in a child without CAP_DAC_OVERRIDE (see test_import_errors)."""
    from tests.cli.test_import_errors import without_dac

    parent = tmp_path / "ro"
    out = parent / "out"
    assert run(project, out, "brat").exit_code == 0
    set_status(project, 2, DocStatus.IN_PROGRESS)
    before = tree(out)
    parent.chmod(0o555)
    try:
        child = without_dac("export", project, out, "--format", "brat")
    finally:
        parent.chmod(0o755)
    assert child.returncode == 1
    one_error_line(child.stderr, r"ro/out: cannot replace the earlier export: cannot write beside it in .*ro \(Permission denied\)")
    assert tree(out) == before and leftovers(parent) == []
