"""SQL statements per key press in the window (accept, reject, fill a role), counted with
SQLite's trace callback on the window's connection: every statement the press sends, reads
included. Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/sql_statements.py``; the
window benchmark prints the same table.

Counts, not times: they do not depend on the machine, so two runs on two trees compare exactly.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from window_bench import _words, build_event_project, build_project, open_window  # noqa: E402

PRESSES = 20


def counted(app: QApplication, conn, press: Callable[[], None]) -> int:
    """Statements one press sends (the window's own idle work included)."""
    sent: list[str] = []
    conn.set_trace_callback(sent.append)
    press()
    app.processEvents()
    conn.set_trace_callback(None)
    return len(sent)


def span_keys(app: QApplication, folder: Path) -> dict[str, list[int]]:
    """Accept (A) and reject (X) on an article of 5,000 words with 2,000 proposals."""
    path = folder / "spans.annotary"
    build_project(path, 5_000, 2_000)
    window, store, _ = open_window(app, path)
    view, conn = window.article, store.db.conn
    counts = {
        "accept": [counted(app, conn, lambda: QTest.keyClick(view, Qt.Key.Key_A)) for _ in range(PRESSES)],
        "reject": [counted(app, conn, lambda: QTest.keyClick(view, Qt.Key.Key_X)) for _ in range(PRESSES)],
    }
    window.close()
    store.close()
    return counts


def fill_role(app: QApplication, folder: Path) -> dict[str, list[int]]:
    """Fill a role (its number, then a candidate's) of a new event, 2,000 spans and 200 events."""
    from gui.pickers import QuickPicker

    QuickPicker.ask = classmethod(lambda _cls, _parent, _title, _items: "Contact.Meet")  # type: ignore[method-assign]
    path = folder / "events.annotary"
    build_event_project(path, 5_000, 2_000, 200)
    window, store, _ = open_window(app, path)
    view, conn = window.article, store.db.conn
    covered = {(s.start, s.end) for s in window.workspace.spans.values()}
    free = [b for b in _words(window.workspace.document.text) if b not in covered]
    counts: list[int] = []
    for i in range(PRESSES):
        view.select(*free[(i * 53) % len(free)])
        QTest.keyClick(view, Qt.Key.Key_E)
        QTest.keyClick(view, Qt.Key.Key_1)
        counts.append(counted(app, conn, lambda: QTest.keyClick(view, Qt.Key.Key_1)))
    window.close()
    store.close()
    return {"fill role": counts}


def statement_counts(app: QApplication) -> dict[str, list[int]]:
    """Statements per press for each gesture."""
    with tempfile.TemporaryDirectory() as tmp:
        return span_keys(app, Path(tmp)) | fill_role(app, Path(tmp))


def print_counts(counts: dict[str, list[int]]) -> None:
    """One line per gesture: median and largest count."""
    print(f"\nSQL statements per key press ({PRESSES} presses each; median, max):")
    for name, samples in counts.items():
        print(f"  {name:<10} {statistics.median(samples):>5.0f} {max(samples):>5}")


if __name__ == "__main__":
    application = QApplication.instance() or QApplication(sys.argv[:1])
    print_counts(statement_counts(application))
