"""The window beyond the keyboard session: plain text, lazy list, screenshot, worker, themes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QKeyCombination, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from annotate.model import Document
from annotate.resources import builtin_schema, sample_articles
from annotate.text import content_hash
from gui.cheatsheet import CheatSheet
from gui.document_list import PAGE, DocumentListModel
from gui.pickers import Messages
from store import open_project
from store.default_project import create_or_open
from tests.gui.conftest import write_project

ROOT = Path(__file__).resolve().parents[2]


def test_html_like_text_is_shown_as_plain_text(make_window, project_path: Path) -> None:
    text = 'Caption: <b>Hands off our port!</b> <img src="x.png"> &amp; more'
    write_project(project_path, [{"text": text}])
    window = make_window(project_path)
    assert window.article.toPlainText() == text
    assert window.article.document().firstBlock().text() == text


def test_lazy_document_list_with_100000_rows(tmp_path: Path, qtmodeltester) -> None:
    path = tmp_path / "big.annotary"
    with create_or_open(path, builtin_schema("news-ace")) as store:
        with store.transaction():
            store.add_documents(
                Document(f"Article {i}\n\nBody of article {i}.", f"Article {i}", content_hash=content_hash(f"a{i}"))
                for i in range(100_000)
            )
    with open_project(path) as store:
        model = DocumentListModel(store)
        assert model.total == 100_000
        assert model.rowCount() == PAGE  # only the first page was read
        assert model.canFetchMore()
        model.fetchMore()
        assert model.rowCount() == 2 * PAGE
        assert model.data(model.index(PAGE, 1)) == f"Article {PAGE}"
        model.reset(query="99999")
        assert model.total == 1 and model.rows[0].title == "Article 99999"
        model.reset()
        qtmodeltester.check(model, force_py=True)


def test_screenshot_option_writes_the_window(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    with create_or_open(project, builtin_schema("news-ace")) as store:
        from annotate.session import Session

        Session(store).import_paths(sample_articles())
    out = tmp_path / "shot.png"
    env = {"ANNOTARY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "gui", str(project), "--screenshot", str(out), "--doc", "2"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1000 and image.height() >= 600
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 20  # not a blank picture


WINDOW_FIRST = """
import sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from annotate.session import Session
from gui.main_window import MainWindow
from store import open_project
path = Path(sys.argv[1])
window = MainWindow(Session(open_project(path)), path, QSettings(sys.argv[2], QSettings.Format.IniFormat), True)
window.article.firstPainted.connect(lambda: print("spacy loaded at first paint:", "spacy" in sys.modules, flush=True))
window.show()
app.processEvents()
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not any(s.status.value == "proposed" for s in window.workspace.spans.values()):
    app.processEvents()
    time.sleep(0.02)
print("proposals shown:", len(window.workspace.spans), flush=True)
print("proposed ahead:", sorted(window.proposals.proposed), flush=True)
window.worker.wait()
"""


def test_window_appears_before_spacy_and_proposals_arrive_from_the_worker(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    with create_or_open(project, builtin_schema("news-ace")) as store:
        from annotate.session import Session

        Session(store).import_paths(sample_articles())
    env = {"ANNOTARY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_FIRST, str(project), str(tmp_path / "s.ini")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "spacy loaded at first paint: False" in lines
    shown = int(next(line for line in lines if line.startswith("proposals shown")).split(":")[1])
    assert shown > 10
    ahead = next(line for line in lines if line.startswith("proposed ahead"))
    assert ahead == "proposed ahead: [1, 2, 3, 4]"  # the open article and three ahead
    with open_project(project) as store:
        (model,) = {r[0] for r in store.db.execute("SELECT source FROM proposal_runs")}  # no pattern file now
        assert model.startswith("model:") and store.documents_proposed_by(model) == {1, 2, 3, 4}


def test_the_window_frame_paints_before_the_project_loads(tmp_path: Path) -> None:
    project = tmp_path / "p.annotary"
    with create_or_open(project, builtin_schema("news-ace")) as store:
        from annotate.session import Session

        Session(store).import_paths(sample_articles()[:1])
    env = {"ANNOTARY_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "main.py", "gui", str(project), "--exit-after-paint", "--no-propose"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["frame", "painted", "painted"]  # the frame, then the article


def test_second_window_on_the_same_file_is_warned(make_window, project_path: Path, monkeypatch) -> None:
    write_project(project_path, [{"text": "One article."}])
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, title, text: warnings.append(text)))
    first = make_window(project_path)
    first.warn_if_open_elsewhere()
    assert warnings == []
    second = make_window(project_path)
    second.warn_if_open_elsewhere()
    assert len(warnings) == 1 and "already open in another Annotary window" in warnings[0]


def test_dark_theme_and_font_size(make_window, project_path: Path) -> None:
    write_project(project_path, [{"text": "Kerry met Putin."}])
    window = make_window(project_path)
    window.menus.dark.setChecked(True)
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 60
    assert window.settings.value("dark", type=bool) is True
    size = window.article.font().pointSizeF()
    window.zoom(1)
    assert window.article.font().pointSizeF() == size + 1
    window.zoom(0)
    window.menus.dark.setChecked(False)
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() > 200


def test_cheat_sheet_lists_every_shortcut(make_window, project_path: Path) -> None:
    write_project(project_path, [{"text": "Kerry met Putin."}])
    window = make_window(project_path)
    sheet = CheatSheet(window, window.menus.groups)
    keys = {sheet.table.item(r, 2).text() for r in range(sheet.table.rowCount())}
    for expected in ("Tab", "A, Return, Enter", "X", "Del", "Shift+A", "S", "PgDown", "Ctrl+Z", "R", "Shift+R"):
        assert expected in keys, (expected, keys)
    actions = {sheet.table.item(r, 1).text(): sheet.table.item(r, 2).text() for r in range(sheet.table.rowCount())}
    assert actions["Relate the current span to another (R again on the other)"] == "R"
    assert sheet.table.rowCount() >= 30


@pytest.mark.parametrize("schema_name", ["news-ace", "acled"])
def test_no_two_actions_share_a_key(make_window, tmp_path: Path, schema_name: str) -> None:
    # Qt fires neither action of an ambiguous shortcut: a label key equal to a window key
    # would silently do nothing.
    path = tmp_path / f"{schema_name}.annotary"
    with create_or_open(path, builtin_schema(schema_name)) as store:
        store.add_documents([Document("Kerry met Putin.", "t", "test", {}, content_hash=content_hash("Kerry met Putin."))])
    window = make_window(path)
    seen: dict[str, str] = {}
    for action in window.actions():
        for shortcut in action.shortcuts():
            key = same_key(shortcut)
            assert key not in seen, f"{key} is both {seen[key]!r} and {action.text()!r}"
            seen[key] = action.text()
    # The menu bar's Alt+letters are shortcuts too: none may be an action's, nor another menu's.
    for menu in window.menuBar().actions():
        mnemonic = re.search(r"&(\w)", menu.text())
        assert mnemonic, menu.text()
        key = same_key(QKeySequence(f"Alt+{mnemonic.group(1).upper()}"))
        assert key not in seen, f"{key} is both {seen[key]!r} and the {menu.text()!r} menu"
        seen[key] = menu.text()


def same_key(sequence: QKeySequence) -> str:
    """One spelling per key as Qt matches it: Shift+Tab arrives as Backtab with Shift, so
    "Backtab" and "Shift+Tab" are the same key (and both at once make it ambiguous)."""
    combination = sequence[0]
    key, modifiers = combination.key(), combination.keyboardModifiers()
    if key == Qt.Key.Key_Backtab:
        key, modifiers = Qt.Key.Key_Tab, modifiers | Qt.KeyboardModifier.ShiftModifier
    return QKeySequence(QKeyCombination(modifiers, key)).toString()


def test_dropping_files_imports_them(make_window, project_path: Path, tmp_path: Path) -> None:
    write_project(project_path, [{"text": "First article."}])
    window = make_window(project_path)
    dropped = tmp_path / "dropped.txt"
    dropped.write_text("Dropped headline\n\nEnvoys met in Geneva.", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.documents.model.total == 2
    assert "Imported 1 documents" in window.statusBar().currentMessage()


def test_a_bad_import_warns_and_changes_nothing(make_window, project_path: Path, tmp_path: Path, monkeypatch) -> None:
    write_project(project_path, [{"text": "First article."}])
    window = make_window(project_path)
    warnings: list[str] = []
    monkeypatch.setattr(Messages, "warn", classmethod(lambda cls, parent, title, text: warnings.append(text)))
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    window.import_paths([bad])
    assert len(warnings) == 1 and "bad.jsonl, line 2" in warnings[0]
    assert window.session.repo.count_documents() == 1


def test_clicking_a_span_makes_it_current(make_window, project_path: Path, qtbot) -> None:
    from PySide6.QtTest import QTest

    write_project(project_path, [{"text": "Kerry met Putin in Moscow.", "spans": [{"start": 19, "end": 25, "label": "GPE"}]}])
    window = make_window(project_path)
    window.workspace.set_current(None)
    rect = window.article.rect_at(21)
    QTest.mouseClick(window.article.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert window.workspace.current_span().label == "GPE"


def test_quit_closes_the_frame_around_the_window(qtbot, tmp_path: Path, settings) -> None:
    from gui.app import WindowController
    from gui.frame import Frame

    project = tmp_path / "p.annotary"
    write_project(project, [{"text": "Kerry met Putin."}])
    controller = WindowController(settings, propose_ahead=False)
    frame = controller.open_framed(project)
    qtbot.addWidget(frame)
    qtbot.waitUntil(lambda: frame.content() is not None, timeout=30000)
    window = frame.content()
    assert isinstance(frame, Frame) and frame.windowTitle().endswith("p.annotary — Annotary")
    quit_action = next(a for a in window.actions() if a.text() == "&Quit")
    quit_action.trigger()
    qtbot.waitUntil(lambda: not frame.isVisible(), timeout=10000)
    assert not window._locked or not window.lock.isLocked()  # the project's lock is released
