"""Window benchmark, offscreen: milliseconds from a key press to the repainted article.

For each article size (5,000 and 50,000 words) and span count (50, 2,000, 20,000 proposed
spans; 20,000 only on the long article, the short one has too few words), it times accept (A),
reject (X), create (a selection, then a label key), undo (Ctrl+Z) and next article (PageDown),
and, in an article with 2,000 spans and 200 events, creating an event (E) and filling a role
and prints p50/p95 and the ratio of each p95 to a plain repaint of the same article with no
spans, measured in the same run. It then times the first paint of ``python main.py gui`` (the
window, then the article in it) against a bare PySide6 window showing the same text, both from
process launch, interleaved.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/window_bench.py`` (``--quick`` for
fewer repeats). Targets: p95 <= 50 ms at 2,000 spans, <= 100 ms at 20,000; first paint
<= 1.2x bare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from PySide6.QtCore import QObject, QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotate.formats.parsed import ParsedBatch, ParsedDocument, ParsedEvent, ParsedSpan  # noqa: E402
from annotate.model import SpanStatus  # noqa: E402
from annotate.resources import builtin_schema, sample_articles  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402

LABELS = ("PERSON", "GPE", "ORG", "DATE", "NORP", "LOC")
WORDS_PER_PARAGRAPH = 120
NO_MOD = Qt.KeyboardModifier.NoModifier


def article(words: int, variant: int) -> tuple[str, list[tuple[int, int]]]:
    """An article of ``words`` words from the samples, in paragraphs; returns text and word bounds."""
    pool = " ".join(p.read_text(encoding="utf-8") for p in sample_articles()).split()
    parts: list[str] = []
    bounds: list[tuple[int, int]] = []
    pos = 0
    header = f"Article {variant}.\n"
    parts.append(header)
    pos = len(header)
    for i in range(words):
        word = pool[(i * 7 + variant) % len(pool)]
        sep = "\n" if i and i % WORDS_PER_PARAGRAPH == 0 else " " if i else ""
        parts.append(sep)
        pos += len(sep)
        parts.append(word)
        bounds.append((pos, pos + len(word)))
        pos += len(word)
    return "".join(parts), bounds


def build_project(path: Path, words: int, spans: int, documents: int = 3) -> None:
    """``documents`` articles of the same size, each with ``spans`` proposals spread evenly."""
    docs = []
    for variant in range(documents):
        text, bounds = article(words, variant)
        step = len(bounds) / spans if spans else 0
        chosen = [bounds[int(i * step)] for i in range(spans)]
        docs.append(ParsedDocument(text, f"Article {variant}", "bench", spans=[
            ParsedSpan(s, e, LABELS[i % len(LABELS)], SpanStatus.PROPOSED) for i, (s, e) in enumerate(chosen)
        ]))
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch(documents=docs))


def build_event_project(path: Path, words: int, spans: int, events: int) -> None:
    """One article with ``spans`` accepted spans, ``events`` of them triggers of Contact.Meet
    events with two Entity arguments each."""
    text, bounds = article(words, 0)
    step = len(bounds) / spans
    chosen = [bounds[int(i * step)] for i in range(spans)]
    every = spans // events
    parsed = [ParsedSpan(s, e, "Contact.Meet" if i % every == 0 and i // every < events else LABELS[i % 2])
              for i, (s, e) in enumerate(chosen)]
    triggers = [i for i, p in enumerate(parsed) if p.label == "Contact.Meet"]
    doc_events = [ParsedEvent("Contact.Meet", t, [("Entity", t + 1), ("Entity", t + 2)]) for t in triggers]
    with open_project(path, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_batch(ParsedBatch(documents=[ParsedDocument(text, "Events", "bench", spans=parsed, events=doc_events)]))


def open_window(app: QApplication, path: Path):
    """A shown, active window on a project and a paint counter on its article."""
    from gui.main_window import MainWindow

    settings = QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat)
    store = open_project(path)
    window = MainWindow(Session(store), path, settings, propose_ahead=False)
    window.show()
    window.activateWindow()
    for _ in range(20):
        app.processEvents()
    counter = PaintCounter()
    window.article.painted.connect(counter.painted)
    return window, store, counter


def measure_events(app: QApplication, path: Path, repeats: int) -> dict[str, list[float]]:
    """Create an event on a free word (E; the type picker answered at once) and fill a role
    (its number, then a candidate's)."""
    from gui.pickers import QuickPicker

    QuickPicker.ask = classmethod(lambda _cls, _parent, _title, _items: "Contact.Meet")  # type: ignore[method-assign]
    window, store, counter = open_window(app, path)
    view = window.article
    text = window.workspace.document.text
    covered = {(s.start, s.end) for s in window.workspace.spans.values()}
    free = [b for b in _words(text) if b not in covered]
    results: dict[str, list[float]] = {"create event": [], "arm role": [], "fill role": []}
    for i in range(repeats):
        view.select(*free[(i * 53) % len(free)])
        results["create event"].append(timed(app, counter, lambda: QTest.keyClick(view, Qt.Key.Key_E)))
        results["arm role"].append(timed(app, counter, lambda: QTest.keyClick(view, Qt.Key.Key_1)))
        results["fill role"].append(timed(app, counter, lambda: QTest.keyClick(view, Qt.Key.Key_1)))
    assert len(window.events.events) == 200 + repeats
    window.close()
    store.close()
    return results


class PaintCounter(QObject):
    """Counts finished paints of the article and remembers when the last one ended."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.last = 0.0

    def painted(self) -> None:
        self.count += 1
        self.last = time.perf_counter()


def timed(app: QApplication, counter: PaintCounter, act: Callable[[], None]) -> float:
    """Milliseconds from ``act`` (a key press) until the article's paint has ended (on a real
    display the frame is flushed then; work queued after the paint is not the key's latency)."""
    app.processEvents()
    before = counter.count
    start = time.perf_counter()
    act()
    deadline = start + 10
    while counter.count == before and time.perf_counter() < deadline:
        app.processEvents()
    return ((counter.last if counter.count > before else time.perf_counter()) - start) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of the samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(app: QApplication, path: Path, repeats: int) -> dict[str, list[float]]:
    """Time each operation ``repeats`` times on a window over the project."""
    window, store, counter = open_window(app, path)
    view = window.article
    ws = window.workspace

    def key(k: Qt.Key, mod: Qt.KeyboardModifier = NO_MOD) -> Callable[[], None]:
        return lambda: QTest.keyClick(view, k, mod)

    results: dict[str, list[float]] = {name: [] for name in ("repaint", "accept", "reject", "create", "undo", "next article")}
    for _ in range(repeats):
        results["repaint"].append(timed(app, counter, view.viewport().update))
    for _ in range(repeats):
        results["accept"].append(timed(app, counter, key(Qt.Key.Key_A)))
    for _ in range(repeats):
        results["undo"].append(timed(app, counter, key(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)))
    for _ in range(repeats):
        results["reject"].append(timed(app, counter, key(Qt.Key.Key_X)))
    text = ws.document.text
    covered = {(s.start, s.end) for s in ws.spans.values()}
    free = [b for b in _words(text) if b not in covered]
    for i in range(repeats):
        start, end = free[(i * 37) % len(free)]
        view.select(start + 1, end)  # part of a word: creating snaps it to the token
        results["create"].append(timed(app, counter, key(Qt.Key.Key_2)))
    for i in range(repeats):
        results["next article"].append(timed(app, counter, key(Qt.Key.Key_PageDown if i % 2 == 0 else Qt.Key.Key_PageUp)))
    window.close()
    store.close()
    return results


def _words(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for word in text.split():
        pos = text.index(word, pos)
        if word.isalpha():
            out.append((pos, pos + len(word)))
        pos += len(word)
    return out


def no_span_repaint(app: QApplication, folder: Path, words: int, repeats: int) -> float:
    """p95 of a plain repaint of the same article with no spans (the reference)."""
    path = folder / f"ref-{words}.annotary"
    build_project(path, words, 0, documents=1)
    return percentiles(measure_repaint_only(app, path, repeats))[1]


def measure_repaint_only(app: QApplication, path: Path, repeats: int) -> list[float]:
    window, store, counter = open_window(app, path)
    samples = [timed(app, counter, window.article.viewport().update) for _ in range(repeats)]
    window.close()
    store.close()
    return samples


BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
from PySide6.QtCore import QTimer
class View(QPlainTextEdit):
    done = False
    def paintEvent(self, event):
        super().paintEvent(event)
        if not View.done:
            View.done = True
            print("painted", flush=True)
            QTimer.singleShot(0, app.quit)
app = QApplication(sys.argv[:1])
window = QMainWindow()
view = View()
view.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(view)
window.resize(1360, 820)
window.show()
app.exec()
"""


def first_paint(command: list[str]) -> dict[str, float]:
    """Seconds from launching ``command`` until each line it prints (``frame painted``,
    ``painted``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.setdefault(line.strip(), time.perf_counter() - start)
            if line.strip() == "painted":
                break
        proc.wait(timeout=120)
    if "painted" not in seen:
        raise RuntimeError(f"{command[:3]} exited without painting")
    return seen


def main() -> None:  # noqa: C901 (a linear script)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 12 if args.quick else 40
    starts = 3 if args.quick else 7
    app = QApplication.instance() or QApplication(sys.argv[:1])
    cases = [(5_000, 50), (5_000, 2_000), (50_000, 50), (50_000, 2_000), (50_000, 20_000)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ANNOTARY_HOME"] = str(folder / "home")
        reference = {words: no_span_repaint(app, folder, words, repeats) for words in (5_000, 50_000)}
        print(f"repeats: {repeats}; reference = p95 of a repaint of the same article with no spans")
        for words, ref in reference.items():
            print(f"  reference, {words:>6} words: {ref:6.1f} ms")
        print(f"{'words':>6} {'spans':>6} {'operation':<13} {'p50 ms':>7} {'p95 ms':>7} {'p95/ref':>8}")
        for words, spans in cases:
            path = folder / f"w{words}-s{spans}.annotary"
            build_project(path, words, spans)
            results = measure(app, path, repeats)
            for name, samples in results.items():
                p50, p95 = percentiles(samples)
                print(f"{words:>6} {spans:>6} {name:<13} {p50:7.1f} {p95:7.1f} {p95 / reference[words]:8.1f}")
        path = folder / "events.annotary"
        build_event_project(path, 5_000, 2_000, 200)
        for name, samples in measure_events(app, path, repeats).items():
            p50, p95 = percentiles(samples)
            print(f"{5000:>6} {2000:>6} {name:<13} {p50:7.1f} {p95:7.1f} {p95 / reference[5000]:8.1f}"
                  "   (200 events; target p95 <= 50 ms)")
        # First paint, from process launch: the app on a 5,000-word article with 2,000 spans
        # (proposals ahead on: spaCy loads only after the first paint) against a bare window.
        project = folder / "w5000-s2000.annotary"
        text_file = folder / "article.txt"
        with open_project(project) as store:
            text_file.write_text(store.document(1).text, encoding="utf-8")
        app_cmd = [sys.executable, "main.py", "gui", str(project), "--exit-after-paint"]
        bare_cmd = [sys.executable, "-c", BARE, str(text_file)]
        first_paint(app_cmd), first_paint(bare_cmd)  # warm the file cache
        frame_times, app_times, bare_times = [], [], []
        for _ in range(starts):
            seen = first_paint(app_cmd)
            frame_times.append(seen["frame painted"])
            app_times.append(seen["painted"])
            bare_times.append(first_paint(bare_cmd)["painted"])
        f, a, b = (statistics.median(t) for t in (frame_times, app_times, bare_times))
        print(f"first paint (median of {starts}, from launch): bare PySide6 window {b * 1000:.0f} ms; "
              f"Annotary window {f * 1000:.0f} ms, ratio {f / b:.2f} (target <= 1.2); "
              f"its article {a * 1000:.0f} ms, ratio {a / b:.2f}")
    # SQL statements per press (counts, not times: they compare across runs and trees).
    from sql_statements import print_counts, statement_counts

    print_counts(statement_counts(app))


if __name__ == "__main__":
    main()
