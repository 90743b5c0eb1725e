"""The app never touches the network (ADR 0006): every command, the self-test and the window run
under an audit hook (tests/network_audit.py) that records each socket and name lookup, and
the judge here fails any socket that is not AF_UNIX, with exactly one exception: the IPv6
check urllib3 makes when spaCy is imported (an AF_INET6 socket bound to ``[::1]:0``, never
connected, never sent on).

Two projects are shared through the module: the samples (import, the window, propose in
two processes) and 143 documents marked done (export in every format, train, propose with
and evaluate the trained model, stats, patterns).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotate.resources import sample_articles

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "network_audit.py"

# urllib3/util/connection.py: ``HAS_IPV6 = _has_ipv6("::1")`` at import (spaCy imports its CLI
# module, which imports requests, which imports urllib3): socket(AF_INET6), bind(("::1", 0)).
# Set to False if the app stops urllib3 from making it (ADR 0006 names the one-line change):
# then no socket but AF_UNIX is allowed at all.
ALLOW_IPV6_CHECK = True
IPV6_CHECK_WHERE = "urllib3.util.connection:_has_ipv6"
IPV6_CHECK_BIND = ["::1", 0]
ON_A_SOCKET = {"socket.bind", "socket.connect", "socket.sendto", "socket.sendmsg"}


@dataclass
class Audited:
    """One audited run: the process's result and what the hook recorded."""

    result: subprocess.CompletedProcess
    records: list[dict]

    @property
    def main_pid(self) -> int:
        return self.records[0]["pid"]

    def sockets(self) -> list[str]:
        """One line per socket created, for messages: family, type and who made it."""
        return [
            f"pid {r['pid']}: {_family(r['args'][1])} type {r['args'][2]} from {(r.get('where') or ['?'])[0]}"
            for r in self.records if r["event"] == "socket.__new__"
        ]


def _family(number: int) -> str:
    try:
        return socket.AddressFamily(number).name
    except ValueError:
        return str(number)


def judge(records: list[dict]) -> list[str]:
    """What in an audit log breaks the rule; empty when nothing does."""
    problems: list[str] = []
    if not records or records[0]["event"] != "start":
        return ["the audit log has no start record: the hook did not run"]
    if not any(r["event"] == "exit" and r["pid"] == records[0]["pid"] for r in records):
        problems.append("the audit log has no exit record: the process did not finish under the hook")
    sockets: dict[tuple[int, int], dict] = {}  # (pid, id) → the latest socket with that id
    created: list[dict] = []
    for r in records:
        event, args = r["event"], r.get("args", [])
        if event in ("start", "exit", "fork-child"):
            continue
        if event == "socket.__new__":
            sock = {"pid": r["pid"], "family": args[1], "type": args[2], "where": r.get("where", []), "events": []}
            sockets[(r["pid"], args[0]["socket"])] = sock
            created.append(sock)
        elif event in ON_A_SOCKET:
            key = (r["pid"], args[0]["socket"])
            sock = sockets.get(key)
            if sock is None:  # made where the hook cannot see (C code), or before it
                if args[0]["family"] != socket.AF_UNIX:
                    family = _family(args[0]["family"])
                    problems.append(f"{event} {args[1:]} on a {family} socket the audit did not see made")
                continue
            sock["events"].append((event, args[1:]))
        elif event.startswith("socket."):
            problems.append(f"{event} {args} (pid {r['pid']}, from {(r.get('where') or ['?'])[0]})")
        else:  # a network client of the standard library, or another program (not audited)
            problems.append(f"{event} {args} (pid {r['pid']})")
    checks: dict[int, int] = {}
    for sock in created:
        if sock["family"] == socket.AF_UNIX:
            continue
        if (
            ALLOW_IPV6_CHECK
            and sock["family"] == socket.AF_INET6
            and sock["type"] == socket.SOCK_STREAM
            and sock["where"][:1] == [IPV6_CHECK_WHERE]
            and sock["events"] == [("socket.bind", [IPV6_CHECK_BIND])]
        ):
            checks[sock["pid"]] = checks.get(sock["pid"], 0) + 1
            if checks[sock["pid"]] == 1:
                continue  # the one exception, once per process
        problems.append(
            f"{_family(sock['family'])} socket (type {sock['type']}) from {sock['where'][:2]} in pid {sock['pid']}: "
            f"{sock['events'] or 'no other event'}"
        )
    return problems


def audited(log: Path, home: Path, *args: str | Path, timeout: float = 300) -> Audited:
    """``python tests/network_audit.py LOG -- ARGS`` from the repository, with user data in
    ``home`` and Qt offscreen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env |= {"ANNOTARY_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(RUNNER), str(log), "--", *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
    )
    records = [json.loads(line) for line in log.read_text(encoding="ascii").splitlines()] if log.exists() else []
    return Audited(result, records)


def assert_offline(run: Audited) -> None:
    """The run succeeded and broke no rule."""
    assert run.result.returncode == 0, run.result.stdout + run.result.stderr
    problems = judge(run.records)
    assert not problems, "\n".join(problems + ["sockets made:", *run.sockets()])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("no-network")


@pytest.fixture(scope="module")
def home(folder: Path) -> Path:
    path = folder / "home"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def imported(folder: Path, home: Path) -> dict[str, tuple[Path, Audited]]:
    """The samples imported twice: one project for the window, one for ``propose``."""
    return {
        name: (folder / f"{name}.annotary", audited(
            folder / f"import-{name}.log", home, "main.py", "import", folder / f"{name}.annotary", *sample_articles()
        ))
        for name in ("window", "propose")
    }


@pytest.fixture(scope="module")
def annotated(folder: Path) -> Path:
    """143 documents with entities, marked done (the export tests' project)."""
    from tests.annotate.exports.conftest import build

    path = folder / "annotated.annotary"
    build(path)
    return path


@pytest.fixture(scope="module")
def trained(folder: Path, home: Path, annotated: Path) -> tuple[Audited, Path]:
    """``train --epochs 1`` (the least the command line allows) on the annotated project."""
    run = audited(folder / "train.log", home, "main.py", "train", annotated, folder / "run", "--epochs", "1")
    return run, folder / "run" / "model-best"


# -- the hook and the judge can fail ---------------------------------------------------------

CONTROL = textwrap.dedent("""
    import os, socket, subprocess, sys

    import urllib3  # its IPv6 check: allowed

    a, b = socket.socketpair()  # AF_UNIX: allowed
    a.close(); b.close()

    def fake_ipv6_check():  # the same calls, not from urllib3
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()

    fake_ipv6_check()
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.bind(("127.0.0.1", 0))
    tcp.close()
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.connect(("127.0.0.1", 9))  # UDP: sets the peer, sends nothing
    udp.close()
    socket.getaddrinfo("127.0.0.1", 80, flags=socket.AI_NUMERICHOST)
    pid = os.fork()
    if pid == 0:  # a forked child is audited too
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
        os._exit(0)
    os.waitpid(pid, 0)
    subprocess.run([sys.executable, "-c", "pass"], check=True)  # a program the hook cannot follow
""")


def test_the_hook_records_and_the_judge_fails_what_breaks_the_rule(tmp_path: Path) -> None:
    script = tmp_path / "control.py"
    script.write_text(CONTROL, encoding="utf-8")
    run = audited(tmp_path / "control.log", tmp_path, script)
    assert run.result.returncode == 0, run.result.stderr
    problems = judge(run.records)
    assert len(problems) == 6 + (not ALLOW_IPV6_CHECK), problems
    child = [r["pid"] for r in run.records if r["event"] == "fork-child"]
    assert len(child) == 1
    expected = [
        "AF_INET6 socket (type 1) from ['__main__:fake_ipv6_check'",
        "AF_INET socket (type 1) from ['__main__:<module>'",
        "socket.connect', [['127.0.0.1', 9]]",
        "socket.getaddrinfo ['127.0.0.1', 80",
        f"AF_INET socket (type 2) from ['__main__:<module>', 'runpy:_run_code'] in pid {child[0]}",
        "subprocess.Popen",
    ]
    for part in expected:
        assert sum(part in p for p in problems) == 1, (part, problems)
    # urllib3's own check and the AF_UNIX pair were seen, and allowed.
    assert any(r.get("where", [None])[0] == IPV6_CHECK_WHERE for r in run.records)
    assert any(r["event"] == "socket.__new__" and r["args"][1] == socket.AF_UNIX for r in run.records)


def _check(pid: int = 1, *events: tuple[str, list]) -> list[dict]:
    records = [{"pid": pid, "event": "start"},
               {"pid": pid, "event": "socket.__new__", "args": [{"socket": 7, "family": 0, "type": 0}, 10, 1, 0],
                "where": [IPV6_CHECK_WHERE, "urllib3.util.connection:<module>"]}]
    records += [{"pid": pid, "event": e, "args": [{"socket": 7, "family": 10, "type": 1}, *a]} for e, a in events]
    return records + [{"pid": pid, "event": "exit"}]


@pytest.mark.parametrize(("events", "allowed"), [
    ([("socket.bind", [["::1", 0]])], True),
    ([], False),  # not the check as urllib3 makes it
    ([("socket.bind", [["::1", 8080]])], False),
    ([("socket.bind", [["::", 0]])], False),
    ([("socket.bind", [["::1", 0]]), ("socket.connect", [["::1", 80]])], False),
    ([("socket.bind", [["::1", 0]]), ("socket.sendto", [["::1", 53]])], False),
    ([("socket.bind", [["::1", 0]]), ("socket.bind", [["::1", 0]])], False),
])
def test_the_one_exception_is_exactly_the_ipv6_check(events: list, allowed: bool) -> None:
    assert (judge(_check(1, *events)) == []) is (allowed and ALLOW_IPV6_CHECK)


def test_the_ipv6_check_is_allowed_once_per_process() -> None:
    twice = _check(1, ("socket.bind", [["::1", 0]]))
    twice[3:3] = _check(1, ("socket.bind", [["::1", 0]]))[1:3]
    assert len(judge(twice)) == (1 if ALLOW_IPV6_CHECK else 2)


# -- every command ---------------------------------------------------------------------------

def test_import(imported: dict[str, tuple[Path, Audited]]) -> None:
    for _path, run in imported.values():
        assert_offline(run)
        assert "Imported 6 documents" in run.result.stdout


def test_window_with_proposals_ahead(folder: Path, home: Path, imported: dict[str, tuple[Path, Audited]]) -> None:
    project, _ = imported["window"]
    run = audited(folder / "window.log", home, "--window", project)
    assert_offline(run)
    assert "proposed ahead by model:" in run.result.stdout


def test_propose_in_two_processes(folder: Path, home: Path, imported: dict[str, tuple[Path, Audited]]) -> None:
    project, _ = imported["propose"]
    run = audited(folder / "propose.log", home, "main.py", "propose", project, "--n-process", "2")
    assert_offline(run)
    assert "Proposed" in run.result.stdout and "on 6 documents" in run.result.stdout
    children = [r for r in run.records if r["event"] == "fork-child" and r["parent"] == run.main_pid]
    assert len(children) >= 2, run.records  # spaCy's workers ran under the hook


@pytest.mark.parametrize("format", ["spacy", "jsonl", "brat", "conll"])
def test_export(folder: Path, home: Path, annotated: Path, format: str) -> None:
    run = audited(folder / f"export-{format}.log", home, "main.py", "export", annotated, folder / f"out-{format}",
                  "--format", format)
    assert_offline(run)
    exported = re.search(r"Exported (\d+) documents", run.result.stdout)
    # CoNLL leaves out a document whose every sentence has a token it cannot tag.
    assert exported and int(exported.group(1)) == (142 if format == "conll" else 143), run.result.stdout


def test_train(trained: tuple[Audited, Path]) -> None:
    run, best = trained
    assert_offline(run)
    assert (best / "meta.json").exists()


def test_propose_with_the_trained_model(
    folder: Path, home: Path, annotated: Path, trained: tuple[Audited, Path]
) -> None:
    _, best = trained
    run = audited(folder / "propose-trained.log", home, "main.py", "propose", annotated, "--model", best)
    assert_offline(run)
    assert "Proposed" in run.result.stdout


def test_evaluate(folder: Path, home: Path, annotated: Path, trained: tuple[Audited, Path]) -> None:
    _, best = trained
    run = audited(folder / "evaluate.log", home, "main.py", "evaluate", annotated, "--model", best)
    assert_offline(run)
    assert "PERSON" in run.result.stdout


def test_stats_patterns_models_and_version(folder: Path, home: Path, annotated: Path) -> None:
    patterns = folder / "wagner.jsonl"
    patterns.write_text('{"label": "ORG", "pattern": "Wagner Group"}\n', encoding="utf-8")
    for name, args, says in (
        ("stats", ("stats", annotated, "--json"), '"documents"'),
        ("patterns", ("patterns", annotated, patterns), "Added 1 patterns"),
        ("models", ("models",), "en_core_web_sm"),
        ("version", ("--version",), "annotary "),
    ):
        run = audited(folder / f"{name}.log", home, "main.py", *args)
        assert_offline(run)
        assert says in run.result.stdout, (name, run.result.stdout)


def test_selftest(folder: Path, home: Path) -> None:
    run = audited(folder / "selftest.log", home, "main.py", "selftest")
    assert_offline(run)
    assert run.result.stdout.splitlines()[-1] == "selftest: all steps passed"
