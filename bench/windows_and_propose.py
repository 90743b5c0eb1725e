"""Two real windows and the real ``propose`` command on one project, at an annotator's pace.

Each window is its own process: the project's MainWindow offscreen, driven by key presses (A,
X, a label key on the current span, PageDown now and then), one every ``--pace`` seconds on
average. Meanwhile ``main.py propose`` stores proposal batches into the same file. A press that
could not be saved shows "another process" in the status bar and adds no undo step: counted as
failed. Afterwards every saved step (its action-log row, from the window's undo stack) is looked
up in the file: a missing one is lost. Each window also times its presses (p50/p95, key to
return), next to the same window alone in the same run.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/windows_and_propose.py``. Targets: 0
failed, 0 lost, propose exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def drive(project: Path, presses: int, pace: float, seed: int) -> dict:
    """One window pressing keys; returns its saved log rows, failures and press times."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotate.session import Session
    from gui.main_window import MainWindow
    from store import open_project

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(project.with_suffix(f".{seed}.ini")), QSettings.Format.IniFormat)
    window = MainWindow(Session(open_project(project)), project, settings, propose_ahead=False)
    window.show()
    app.processEvents()
    rng = random.Random(seed)
    keys = [Qt.Key.Key_A, Qt.Key.Key_A, Qt.Key.Key_X, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_Tab]
    failed, times = 0, []
    for _ in range(presses):
        time.sleep(rng.expovariate(1 / pace))
        window.refresh_if_changed_elsewhere()  # what the watch timer does once a second
        if rng.random() < 0.08:
            QTest.keyClick(window.article, Qt.Key.Key_PageDown)
        window.statusBar().clearMessage()
        steps = window.workspace.undo_stack.count()
        started = time.perf_counter()
        QTest.keyClick(window.article, rng.choice(keys))
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        if "another process" in window.statusBar().currentMessage() and window.workspace.undo_stack.count() == steps:
            failed += 1
    stack = window.workspace.undo_stack
    rows = [stack.command(i).row for i in range(stack.count())]  # type: ignore[attr-defined]
    window.close()
    window.session.repo.close()
    return {"rows": [r for r in rows if r is not None], "failed": failed, "times": times}


def child(args: argparse.Namespace) -> None:
    print(json.dumps(drive(Path(args.project), args.presses, args.pace, args.seed)), flush=True)


def run_windows(project: Path, count: int, presses: int, pace: float, with_propose: bool) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    windows = [subprocess.Popen([sys.executable, __file__, "--child", "--project", str(project), "--presses", str(presses),
                                 "--pace", str(pace), "--seed", str(i)], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) for i in range(count)]
    propose = None
    if with_propose:
        propose = subprocess.Popen([sys.executable, "main.py", "propose", str(project), "--batch-size", "4"], cwd=ROOT,
                                   env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = [json.loads(w.communicate(timeout=900)[0].strip().splitlines()[-1]) for w in windows]
    propose_rc, propose_err, propose_out = None, "", ""
    if propose is not None:
        propose_out, propose_err = propose.communicate(timeout=900)
        propose_rc = propose.returncode
    conn = sqlite3.connect(project)
    logged = {r[0] for r in conn.execute("SELECT id FROM actions WHERE kind = 'do'")}
    conn.close()
    for result in results:
        result["lost"] = sum(1 for row in result["rows"] if row not in logged)
    said = (propose_out.strip().splitlines() or [""])[0]
    return {"windows": results, "propose": propose_rc, "propose_said": said,
            "propose_err": propose_err.strip().splitlines()[-1:] if propose_rc else []}


def make_project(folder: Path, articles: int) -> Path:
    from annotate.resources import sample_articles

    texts = folder / "articles"
    texts.mkdir()
    samples = sample_articles()
    for i in range(articles):
        sample = samples[i % len(samples)]
        (texts / f"a{i:03}.txt").write_text(sample.read_text(encoding="utf-8") + f"\nUpdate {i}.\n", encoding="utf-8")
    project = folder / "p.annotary"
    subprocess.run([sys.executable, "main.py", "import", str(project), str(texts)], cwd=ROOT, check=True,
                   capture_output=True)
    # A first proposal pass on the first articles, so the windows have proposals to decide.
    subprocess.run([sys.executable, "main.py", "propose", str(project), "--batch-size", "4"], cwd=ROOT, check=True,
                   capture_output=True, env={**os.environ})
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presses", type=int, default=60, help="key presses per window")
    parser.add_argument("--pace", type=float, default=0.2, help="mean seconds between a window's presses")
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = make_project(folder, args.articles)
        print(f"{args.articles} articles; {args.presses} presses per window, one every ~{args.pace} s")
        print(f"{'configuration':<28} {'window':>6} {'saved':>6} {'failed':>6} {'lost':>5} {'p50 ms':>7} {'p95 ms':>7}")
        reference = None
        for name, count, with_propose in (("one window alone", 1, False), ("two windows + propose", 2, True)):
            project = folder / f"{count}.annotary"
            shutil.copy(base, project)
            # Leave the later articles without proposals, for propose to store while the windows work.
            conn = sqlite3.connect(project)
            conn.executescript(
                "DELETE FROM event_arguments WHERE event_id IN (SELECT id FROM events WHERE document_id > 12);"
                "DELETE FROM events WHERE document_id > 12; DELETE FROM spans WHERE document_id > 12;"
                "DELETE FROM proposal_runs WHERE document_id > 12;"
            )
            conn.close()
            outcome = run_windows(project, count, args.presses, args.pace, with_propose)
            for i, result in enumerate(outcome["windows"]):
                times = sorted(result["times"])
                p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
                reference = reference or p95
                print(f"{name:<28} {i:>6} {len(result['rows']):>6} {result['failed']:>6} {result['lost']:>5} {p50:7.1f} {p95:7.1f}"
                      + (f"   p95 x{p95 / reference:.2f} of alone" if count > 1 else ""))
            if with_propose:
                print(f"{'':<28} propose exit {outcome['propose']}: {outcome['propose_said']}"
                      f"{'; ' + outcome['propose_err'][0] if outcome['propose_err'] else ''}")


if __name__ == "__main__":
    main()
