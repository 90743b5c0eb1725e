"""Bad input: one clear line naming file (and line) and problem, non-zero exit, project unchanged."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from annotate.resources import sample_articles
from store.migrations import SCHEMA_VERSION
from tests.cli.helpers import cli


def file_digest(path: Path) -> str:
    """Content of every table, so 'unchanged' means unchanged (not just equal counts)."""
    conn = sqlite3.connect(path)
    rows = [
        row
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' ORDER BY name")
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1')
    ]
    conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def write(path: Path, content: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def brat(folder: Path, text: str, ann: str | bytes) -> Path:
    write(folder / "a.txt", text)
    write(folder / "a.ann", ann)
    return folder


def fifo(path: Path) -> Path:
    """A named pipe: opening it for reading would block until a writer comes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def symlink(path: Path, target: str | Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    return path


def unix_socket(path: Path) -> Path:
    """A socket file at ``path`` (bound at a short name first: socket paths are short)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    short = Path(tempfile.mkdtemp(prefix="sock", dir="/tmp")) / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(short))
    try:
        os.replace(short, path)
        short.parent.rmdir()
    except OSError:  # another file system: a link to it is not a regular file either
        path.symlink_to(short)
    return path


def jsonl(d: Path, *tasks: str) -> Path:
    """``t.jsonl``: a good first task, then the given lines (so the bad one is line 2)."""
    return write(d / "t.jsonl", "\n".join(['{"text": "A good first task."}', *tasks]) + "\n")


def span_task(**span: object) -> str:
    """A task on TEXT with one span; ``span`` overrides start 0, end 5, label PERSON."""
    fields = {"start": 0, "end": 5, "label": "PERSON"} | span
    fields = {k: v for k, v in fields.items() if v is not MISSING}
    return json.dumps({"text": TEXT, "spans": [fields]})


MISSING = object()
TEXT = "Kerry met Putin in Moscow."
EVENT = {"type": "Contact.Meet", "trigger": {"start": 6, "end": 9},
         "arguments": [{"role": "Entity", "start": 0, "end": 5, "label": "PERSON"}]}


def event_task(**changes: object) -> str:
    event = json.loads(json.dumps(EVENT))
    for key, value in changes.items():
        if key == "trigger_start":
            event["trigger"]["start"] = value
        elif key.startswith("argument_"):
            event["arguments"][0][key.removeprefix("argument_")] = value
    return json.dumps({"text": TEXT, "events": [event]})

# Each case builds its input under a folder and returns the path to import, plus what the
# one-line message must contain (a regex).
CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "binary file": (lambda d: write(d / "img.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR"), r"img\.txt: is a binary file"),
    "invalid utf-8": (lambda d: write(d / "latin.txt", "Café in Genève\n".encode("latin-1")), r"latin\.txt, line 1: is not valid UTF-8"),
    "empty file": (lambda d: write(d / "empty.txt", ""), r"empty\.txt: is empty"),
    "whitespace file": (lambda d: write(d / "blank.txt", " \n\t\n"), r"blank\.txt: is empty"),
    "empty folder": (lambda d: (d / "nothing").mkdir(parents=True) or d / "nothing", r"nothing: contains no \.txt, \.jsonl or brat"),
    "missing input": (lambda d: d / "ghost.txt", r"ghost\.txt: does not exist"),
    "unsupported type": (lambda d: write(d / "report.pdf", "%PDF"), r"report\.pdf: unsupported file type '\.pdf'"),
    "jsonl broken line": (
        lambda d: write(d / "t.jsonl", '{"text": "one"}\n{"text": "two"}\n{"text": "thr\n{"text": "four"}\n'),
        r"t\.jsonl, line 3: is not valid JSON",
    ),
    "jsonl without text": (lambda d: write(d / "t.jsonl", '{"text": "ok"}\n{"meta": {"id": 2}}\n'), r"t\.jsonl, line 2: task has no 'text' string"),
    "jsonl span past end": (
        lambda d: write(d / "t.jsonl", '{"text": "short", "spans": [{"start": 2, "end": 40, "label": "GPE"}]}\n'),
        r"t\.jsonl, line 1: spans\[0\] offsets 2-40 are outside the text \(length 5\)",
    ),
    "jsonl not an object": (lambda d: write(d / "t.jsonl", '["text", "x"]\n'), r"t\.jsonl, line 1: a task must be a JSON object"),
    "brat offsets past end": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 60\tMoscow\n"),
        r"a\.ann, line 1: offsets 19-60 are past the end of the text",
    ),
    "brat span text differs": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25\tMadrid\n"),
        r"a\.ann, line 1: span text 'Madrid' differs from the \.txt at those offsets \('Moscow'\)",
    ),
    "brat unknown line type": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\nX1\tsomething\n"),
        r"a\.ann, line 2: unknown annotation type 'X'",
    ),
    "brat argument names missing T": (
        lambda d: brat(d / "b", TEXT, "T1\tContact-Meet 6 9\tmet\nE1\tContact-Meet:T1 Entity:T7\n"),
        r"a\.ann, line 2: event argument 'Entity:T7' names missing annotation 'T7'",
    ),
    "brat duplicate ids": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nT1\tPERSON 10 15\tPutin\n"),
        r"a\.ann, line 2: duplicate id T1",
    ),
    "brat ann without txt": (lambda d: write(d / "b" / "lonely.ann", "T1\tGPE 0 1\tx\n"), r"lonely\.ann: has no matching \.txt"),
    "brat bad attribute target": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nA1\tNegation E9\n"),
        r"a\.ann, line 2: attribute target 'E9' is not an annotation",
    ),
    "one bad file among good": (
        lambda d: (write(d / "mix" / "good.txt", "A fine article."), write(d / "mix" / "zz.txt", b"caf\xe9 bad"))[0].parent,
        r"zz\.txt, line 1: is not valid UTF-8",
    ),
    # Offsets are JSON integers: not booleans (Python's bool is an int), floats or strings.
    "jsonl bool offsets": (
        lambda d: jsonl(d, '{"text": "Kerry met Putin.", "spans": [{"start": false, "end": true, "label": "PERSON"}]}'),
        r"t\.jsonl, line 2: spans\[0\]\.start must be an integer, not false$",
    ),
    "jsonl float offsets": (lambda d: jsonl(d, span_task(end=5.0)), r"t\.jsonl, line 2: spans\[0\]\.end must be an integer, not 5\.0$"),
    "jsonl string offsets": (lambda d: jsonl(d, span_task(start="0")), r't\.jsonl, line 2: spans\[0\]\.start must be an integer, not "0"$'),
    "jsonl null offset": (lambda d: jsonl(d, span_task(end=None)), r"t\.jsonl, line 2: spans\[0\]\.end must be an integer, not null$"),
    "jsonl missing start": (lambda d: jsonl(d, span_task(start=MISSING)), r"t\.jsonl, line 2: spans\[0\] has no 'start'$"),
    "jsonl negative start": (
        lambda d: jsonl(d, span_task(start=-1)),
        r"t\.jsonl, line 2: spans\[0\] offsets -1-5 are outside the text \(length 26\)",
    ),
    "jsonl end before start": (
        lambda d: jsonl(d, span_task(start=5, end=2)),
        r"t\.jsonl, line 2: spans\[0\] offsets 5-2 are empty or reversed",
    ),
    "jsonl empty span": (lambda d: jsonl(d, span_task(start=5, end=5)), r"t\.jsonl, line 2: spans\[0\] offsets 5-5 are empty"),
    "jsonl end beyond text": (
        lambda d: jsonl(d, span_task(end=27)),
        r"t\.jsonl, line 2: spans\[0\] offsets 0-27 are outside the text \(length 26\)",
    ),
    "jsonl label missing": (lambda d: jsonl(d, span_task(label=MISSING)), r"t\.jsonl, line 2: spans\[0\] has no 'label'$"),
    "jsonl label not a string": (lambda d: jsonl(d, span_task(label=7)), r"t\.jsonl, line 2: spans\[0\]\.label must be a string, not 7$"),
    "jsonl label empty": (lambda d: jsonl(d, span_task(label=" ")), r"t\.jsonl, line 2: spans\[0\]\.label is empty$"),
    "jsonl span not an object": (
        lambda d: jsonl(d, json.dumps({"text": TEXT, "spans": [[0, 5, "PERSON"]]})),
        r"t\.jsonl, line 2: spans\[0\] must be an object, not \[0, 5, \"PERSON\"\]$",
    ),
    "jsonl spans not a list": (
        lambda d: jsonl(d, json.dumps({"text": TEXT, "spans": {"start": 0, "end": 5, "label": "PERSON"}})),
        r"t\.jsonl, line 2: 'spans' must be a list$",
    ),
    "jsonl rejected span with bool offset": (
        lambda d: jsonl(d, json.dumps({"text": TEXT, "rejected_spans": [{"start": 0, "end": True, "label": "PERSON"}]})),
        r"t\.jsonl, line 2: rejected_spans\[0\]\.end must be an integer, not true$",
    ),
    "jsonl event trigger bool offset": (
        lambda d: jsonl(d, event_task(trigger_start=True)),
        r"t\.jsonl, line 2: events\[0\]\.trigger\.start must be an integer, not true$",
    ),
    "jsonl event argument float offset": (
        lambda d: jsonl(d, event_task(argument_end=5.5)),
        r"t\.jsonl, line 2: events\[0\]\.arguments\[0\]\.end must be an integer, not 5\.5$",
    ),
    "jsonl event argument label not a string": (
        lambda d: jsonl(d, event_task(argument_label=["PERSON"])),
        r'events\[0\]\.arguments\[0\]\.label must be a string, not \["PERSON"\]$',
    ),
    "jsonl top level a string": (lambda d: jsonl(d, '"Kerry met Putin."'), r"t\.jsonl, line 2: a task must be a JSON object, not a string$"),
    "jsonl top level a number": (lambda d: jsonl(d, "42"), r"t\.jsonl, line 2: a task must be a JSON object, not a number$"),
    "jsonl answer not a string": (
        lambda d: jsonl(d, json.dumps({"text": TEXT, "answer": ["accept"]})),
        r't\.jsonl, line 2: answer \["accept"\] is not accept, reject or ignore$',
    ),
    "jsonl lone surrogate": (
        lambda d: jsonl(d, '{"text": "Kerry \\ud83c met Putin."}'),
        r"t\.jsonl, line 2: holds \\ud83c, half of a surrogate pair",
    ),
    "jsonl utf-16 without bom": (
        lambda d: write(d / "t.jsonl", '{"text": "Kerry met Putin."}\n'.encode("utf-16-le")),
        r"t\.jsonl: looks like UTF-16 \(little-endian\) text without a byte order mark",
    ),
    # Only regular files are read; the rest are refused by name without being opened.
    "fifo txt": (lambda d: fifo(d / "x.txt"), r"x\.txt: is a FIFO \(named pipe\), not a regular file$"),
    "fifo inside a folder": (
        lambda d: (write(d / "news" / "a.txt", TEXT), fifo(d / "news" / "sub" / "x.txt"))[0].parent,
        r"news/sub/x\.txt: is a FIFO \(named pipe\), not a regular file$",
    ),
    "fifo jsonl": (lambda d: fifo(d / "t.jsonl"), r"t\.jsonl: is a FIFO \(named pipe\)"),
    "fifo brat ann beside txt": (
        lambda d: (write(d / "b" / "a.txt", TEXT), fifo(d / "b" / "a.ann"))[0].parent,
        r"b/a\.ann: is a FIFO \(named pipe\), not a regular file$",
    ),
    "fifo annotation.conf": (
        lambda d: (brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\n"), fifo(d / "b" / "annotation.conf"))[0],
        r"b/annotation\.conf: is a FIFO \(named pipe\)",
    ),
    "device via symlink": (lambda d: symlink(d / "x.txt", os.devnull), r"x\.txt: is a character device, not a regular file$"),
    "device inside a folder": (
        lambda d: (write(d / "news" / "a.txt", TEXT), symlink(d / "news" / "null.txt", os.devnull))[0].parent,
        r"news/null\.txt: is a character device",
    ),
    "socket txt": (lambda d: unix_socket(d / "s.txt"), r"s\.txt: is a socket, not a regular file$"),
    "folder named x.txt": (
        lambda d: write(d / "x.txt" / "README.md", "not an article").parent,
        r"x\.txt: contains no \.txt, \.jsonl or brat",
    ),
    "ann that is a folder": (
        lambda d: (write(d / "b" / "a.txt", TEXT), (d / "b" / "a.ann").mkdir())[0].parent,
        r"b/a\.ann: is a folder, not a file$",
    ),
    "annotation.conf that is a folder": (
        lambda d: (brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\n"), (d / "b" / "annotation.conf").mkdir())[0],
        r"b/annotation\.conf: is a folder, not a file$",
    ),
    "broken symlink": (lambda d: symlink(d / "x.txt", d / "gone.txt"), r"x\.txt: is a broken symbolic link"),
    "broken symlink inside a folder": (
        lambda d: (write(d / "news" / "a.txt", TEXT), symlink(d / "news" / "b.txt", d / "gone.txt"))[0].parent,
        r"news/b\.txt: is a broken symbolic link",
    ),
    "symlink loop": (
        lambda d: (symlink(d / "y.txt", d / "x.txt"), symlink(d / "x.txt", d / "y.txt"))[1],
        r"x\.txt: cannot be read \(Too many levels of symbolic links\)$",
    ),
    "path through a file": (
        lambda d: write(d / "plain", "a file, not a folder") / "x.txt",
        r"plain/x\.txt: cannot be read \(Not a directory\)$",
    ),
    "i/o error while reading": (  # reading /proc/self/mem at offset 0 fails with EIO
        lambda d: symlink(d / "x.txt", "/proc/self/mem"),
        r"input/x\.txt: cannot be read \(Input/output error\)$",
    ),
    # Text: UTF-16 or UTF-32 only with a byte order mark.
    "utf-16 le without bom": (
        lambda d: write(d / "u.txt", "Kerry met Putin in Moscow.\n".encode("utf-16-le")),
        r"u\.txt: looks like UTF-16 \(little-endian\) text without a byte order mark",
    ),
    "utf-16 be without bom": (
        lambda d: write(d / "u.txt", "رفع المتظاهرون لافتة أمام محكمة القاهرة.".encode("utf-16-be")),
        r"u\.txt: looks like UTF-16 \(big-endian\) text without a byte order mark",
    ),
    "utf-32 without bom": (
        lambda d: write(d / "u.txt", "Kerry met Putin.".encode("utf-32-le")),
        r"u\.txt: looks like UTF-32 \(little-endian\) text without a byte order mark",
    ),
    "utf-16 with bom but truncated": (
        lambda d: write(d / "u.txt", codecs.BOM_UTF16_LE + "Kerry\nmet".encode("utf-16-le") + b"P"),
        r"u\.txt, line 2: is not valid UTF-16 \(truncated data at byte 20\)",
    ),
    "utf-16 with bom and a lone surrogate": (
        lambda d: write(d / "u.txt", codecs.BOM_UTF16_BE + "Kerry".encode("utf-16-be") + b"\xd8\x3c" + "met".encode("utf-16-be")),
        r"u\.txt, line 1: is not valid UTF-16",
    ),
    # brat: offsets are whole numbers in ASCII digits; lines as brat writes them.
    "brat float offsets": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19.0 25.0\tMoscow\n"),
        r"a\.ann, line 1: offsets '19\.0 25\.0' must be two whole numbers START END$",
    ),
    "brat negative offset": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nT2\tGPE -19 25\tMoscow\n"),
        r"a\.ann, line 2: offsets '-19 25' must be two whole numbers",
    ),
    "brat arabic-indic digits": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE ١٩ ٢٥\tMoscow\n"),
        r"a\.ann, line 1: offsets '١٩ ٢٥' must be two whole numbers",
    ),
    "brat reversed offsets": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 25 19\tMoscow\n"),
        r"a\.ann, line 1: offsets 25-19 are empty or reversed",
    ),
    "brat three offsets": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25 30\tMoscow\n"),
        r"a\.ann, line 1: offsets '19 25 30' must be two whole numbers",
    ),
    "brat truncated line": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\nT2\tGPE 19"),
        r"a\.ann, line 2: a T line needs TYPE START END<TAB>TEXT$",
    ),
    "brat garbage line": (
        lambda d: brat(d / "b", TEXT, "T1\tPERSON 0 5\tKerry\n%%% garbage ###\n"),
        r"a\.ann, line 2: expected ID<TAB>annotation$",
    ),
    "brat binary ann": (
        lambda d: brat(d / "b", TEXT, b"T1\tPERSON 0 5\tKerry\n\x00\x01\x02\xff\xfe"),
        r"a\.ann: is a binary file",
    ),
    "brat ann utf-16 without bom": (
        lambda d: brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\n".encode("utf-16-le")),
        r"a\.ann: looks like UTF-16 \(little-endian\) text without a byte order mark",
    ),
}


@pytest.fixture
def seeded(project_path: Path) -> Path:
    result = cli("import", project_path, sample_articles()[0])
    assert result.exit_code == 0
    return project_path


def check_refused(exit_code: int, stderr: str, message: str) -> None:
    """Non-zero exit and exactly one line on stderr, the error naming the file (and line)."""
    assert exit_code != 0
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr  # no traceback, no usage box
    assert lines[0].startswith("error: "), lines[0]
    assert re.search(message, lines[0]), lines[0]


@pytest.mark.timeout(60)  # a FIFO that were opened would block: fail, do not hang
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_and_project_unchanged(case: str, tmp_path: Path, seeded: Path) -> None:
    build, message = CASES[case]
    target = build(tmp_path / "input")
    before = file_digest(seeded)
    result = cli("import", seeded, target)
    check_refused(result.exit_code, result.stderr, message)
    assert file_digest(seeded) == before


# Unreadable inputs. Root reads a mode-000 file anyway, so as root the command runs in a child
# without the capabilities that override file permissions (CAP_DAC_OVERRIDE and
# CAP_DAC_READ_SEARCH dropped from the bounding set before exec, so the new program never has
# them); as another user it runs as is. No open() is mocked: the kernel says no.
ROOT = Path(__file__).resolve().parents[2]
NO_DAC = ["--bounding-set", "-dac_override,-dac_read_search", "--inh-caps=-all"]


def unreadable(path: Path, mode: int = 0o000) -> Path:
    path.chmod(mode)
    return path


def without_dac(*args: str | Path) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "main.py"), *(str(a) for a in args)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv is missing: cannot make a file unreadable")
        command = [setpriv, *NO_DAC, *command]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="200")
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)


UNREADABLE: dict[str, tuple[Callable[[Path], Path], str]] = {
    "unreadable file named": (lambda d: unreadable(write(d / "x.txt", TEXT)), r"x\.txt: cannot be read \(Permission denied\)$"),
    "unreadable file in a folder": (
        lambda d: (write(d / "news" / "a.txt", TEXT), unreadable(write(d / "news" / "b.txt", TEXT)))[0].parent,
        r"news/b\.txt: cannot be read \(Permission denied\)$",
    ),
    "unreadable jsonl": (lambda d: unreadable(write(d / "t.jsonl", '{"text": "x"}\n')), r"t\.jsonl: cannot be read \(Permission denied\)$"),
    "unreadable brat ann": (
        lambda d: (brat(d / "b", TEXT, "T1\tGPE 19 25\tMoscow\n"), unreadable(d / "b" / "a.ann"))[0],
        r"b/a\.ann: cannot be read \(Permission denied\)$",
    ),
    "unreadable folder named": (
        lambda d: unreadable(write(d / "news" / "a.txt", TEXT).parent),
        r"news: cannot be read \(Permission denied\)$",
    ),
    "unreadable folder inside a folder": (
        lambda d: (write(d / "news" / "a.txt", TEXT), unreadable(write(d / "news" / "locked" / "b.txt", TEXT).parent))[0].parent,
        r"news/locked: cannot be read \(Permission denied\)$",
    ),
    "file in a folder without search permission": (
        lambda d: (unreadable(write(d / "news" / "a.txt", TEXT).parent, 0o600), d / "news" / "a.txt")[1],
        r"news/a\.txt: cannot be read \(Permission denied\)$",
    ),
}


@pytest.mark.slow
def test_the_child_really_cannot_read(tmp_path: Path) -> None:
    """The technique works here: a mode-000 file is unreadable to the child, readable after."""
    secret = unreadable(write(tmp_path / "secret.txt", TEXT))
    prefix = [shutil.which("setpriv") or "setpriv", *NO_DAC] if os.geteuid() == 0 else []
    if prefix and not shutil.which("setpriv"):
        pytest.skip("setpriv is missing")
    child = subprocess.run([*prefix, sys.executable, "-c", f"open({str(secret)!r}).read()"], capture_output=True, text=True)
    assert child.returncode != 0 and "PermissionError" in child.stderr
    secret.chmod(0o644)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(UNREADABLE))
def test_unreadable_input_is_one_line(case: str, tmp_path: Path, seeded: Path) -> None:
    build, message = UNREADABLE[case]
    target = build(tmp_path / "input")
    before = file_digest(seeded)
    try:
        child = without_dac("import", seeded, target)
    finally:
        for path in (tmp_path / "input").rglob("*"):  # so pytest can clean up as any user
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)
        for path in (tmp_path / "input").iterdir():
            path.chmod(0o755 if path.is_dir() else 0o644)
    check_refused(child.returncode, child.stderr, message)
    assert file_digest(seeded) == before


def test_there_are_enough_cases() -> None:
    assert len(CASES) + len(UNREADABLE) >= 40


def test_project_in_a_missing_folder(tmp_path: Path) -> None:
    result = cli("import", tmp_path / "no" / "such" / "p.annotary", sample_articles()[0])
    assert result.exit_code == 1
    assert re.search(r"p\.annotary: folder .*no/such does not exist", result.stderr)
    assert not (tmp_path / "no").exists()


def test_project_that_is_not_sqlite(tmp_path: Path) -> None:
    project = write(tmp_path / "notes.annotary", "just some notes\n")
    result = cli("import", project, sample_articles()[0])
    assert result.exit_code == 1
    assert "notes.annotary: not an Annotary project (not an SQLite database)" in result.stderr
    assert project.read_text() == "just some notes\n"


def test_project_from_a_newer_version(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 5)])
    conn.commit()
    conn.close()
    before = file_digest(seeded)
    result = cli("import", seeded, sample_articles()[1])
    assert result.exit_code == 1
    assert "written by a newer Annotary" in result.stderr
    assert file_digest(seeded) == before
    assert cli("stats", seeded).exit_code == 1


def test_read_only_project_file(seeded: Path) -> None:
    before = file_digest(seeded)
    seeded.chmod(0o444)
    try:
        result = cli("import", seeded, sample_articles()[1])
        assert result.exit_code == 1
        assert "read-only" in result.stderr
        # Reading still works.
        assert cli("stats", seeded, "--json").exit_code == 0
    finally:
        seeded.chmod(0o644)
    assert file_digest(seeded) == before


def test_failed_import_into_a_new_project_leaves_no_file(tmp_path: Path) -> None:
    project = tmp_path / "new.annotary"
    result = cli("import", project, write(tmp_path / "e.txt", ""))
    assert result.exit_code == 1
    assert not project.exists()


@pytest.mark.timeout(60)  # opening a FIFO would block
def test_a_fifo_as_pattern_file_or_schema_is_refused_unopened(tmp_path: Path, seeded: Path) -> None:
    fifo = tmp_path / "patterns.jsonl"
    os.mkfifo(fifo)
    before = file_digest(seeded)
    result = cli("patterns", seeded, fifo)
    check_refused(result.exit_code, result.stderr, r"patterns\.jsonl: is a FIFO \(named pipe\), not a regular file")
    assert file_digest(seeded) == before
    result = cli("import", tmp_path / "new.annotary", sample_articles()[0], "--schema", fifo)
    check_refused(result.exit_code, result.stderr, r"patterns\.jsonl: cannot read schema \(is a FIFO")
    assert not (tmp_path / "new.annotary").exists()
