"""The window's menus: every command with its keys, in menus and as window-wide shortcuts,
grouped for the cheat sheet."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def add_action(window: QMainWindow, menu: QMenu, text: str, keys: list[str], slot: Callable[[], object], checkable: bool = False) -> QAction:
    """A menu entry that is also a window-wide shortcut (several keys allowed)."""
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setCheckable(checkable)
    if checkable:
        action.toggled.connect(slot)
    else:
        action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """The menu bar: every command with its keys, grouped for the cheat sheet (``window.groups``)."""
    act = partial(add_action, window)

    bar = window.menuBar()
    file = bar.addMenu("&File")
    act(file, "&New project…", ["Ctrl+N"], window.new_project)
    act(file, "&Open project…", ["Ctrl+O"], window.choose_project)
    window.recent_menu = file.addMenu("Open &recent")
    window._fill_recent()
    file.addSeparator()
    act(file, "&Import files…", ["Ctrl+I"], window.import_files)
    act(file, "Import &folder…", ["Ctrl+Shift+I"], window.import_folder)
    act(file, "&Propose for all documents…", ["Ctrl+P"], window.propose_all)
    act(file, "&Export training data…", ["Ctrl+E"], window.export_dialog)
    act(file, "&Train a model…", ["Ctrl+Shift+T"], window.train_dialog)
    file.addSeparator()
    act(file, "&Quit", ["Ctrl+Q"], lambda: window.window().close())  # the frame, when framed

    edit = bar.addMenu("&Edit")
    undo = window.workspace.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.workspace.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        edit.addAction(action)
        window.addAction(action)
    find = act(edit, "&Find in documents", ["Ctrl+F"], window._focus_search)

    w = window.workspace
    ann = bar.addMenu("&Annotate")
    annotate_actions = [
        act(ann, "&Accept span", ["A", "Return", "Enter"], w.accept_current),
        act(ann, "&Reject span (delete your own)", ["X", "Delete"], w.reject_current),
        act(ann, "&Next span", ["Tab"], lambda: w.step(1)),
        act(ann, "&Previous span", ["Shift+Tab", "Backtab"], lambda: w.step(-1)),
        act(ann, "Accept a&ll proposals", ["Shift+A"], w.accept_all),
        act(ann, "Choose &label…", ["/"], window.pick_label),
    ]
    ann.addSeparator()
    annotate_actions += [
        act(ann, "Start one token &left", ["Alt+Left"], lambda: w.resize_current("start", -1)),
        act(ann, "Start one token right", ["Alt+Right"], lambda: w.resize_current("start", 1)),
        act(ann, "End one token left", ["Alt+Shift+Left"], lambda: w.resize_current("end", -1)),
        act(ann, "End one token right", ["Alt+Shift+Right"], lambda: w.resize_current("end", 1)),
    ]
    labels = ann.addMenu("Set label")
    # Alt+key labels the selection character by character; menus' own Alt+letters (File,
    # Edit, ...) win over a schema that reuses one of them, rather than making it ambiguous.
    taken = {"F", "E", "A", "D", "V", "H"}
    for label in window.schema.entity_labels:
        if label.key:
            annotate_actions.append(
                act(labels, f"{label.name}", [label.key],
                          lambda n=label.name, k=label.key: window.event_keys.label_key(n, k))
            )
            exact = [f"Alt+{label.key}"] if label.key.upper() not in taken else []
            annotate_actions.append(
                act(labels, f"{label.name} (characters)", exact, lambda n=label.name: window.apply_label(n, False))
            )
    ev = bar.addMenu("E&vents")
    event_actions = [
        act(ev, "New &event on the selection or span…", ["E"], window.event_keys.new_event),
        act(ev, "Change event &type…", ["T"], window.event_keys.change_event_type),
        act(ev, "Set event &attribute…", ["V"], window.event_keys.set_event_attribute),
        act(ev, "Fill role N (with an event current: 1–9, then a candidate's number)", [], lambda: None),
        act(ev, "&Remove the armed role's argument", ["Backspace"], window.events.remove_argument),
        act(ev, "&Cancel filling a role", ["Esc"], window.events.disarm),
    ]
    event_actions[3].setEnabled(False)  # documents the digit keys; they are the label keys
    nav = bar.addMenu("&Document")
    nav_actions = [
        act(nav, "Mark &done and open next", ["Ctrl+Return", "Ctrl+Enter"], window.done_and_next),
        act(nav, "&Skip", ["S"], window.skip),
        act(nav, "&Next document", ["PgDown"], lambda: window.step_document(1)),
        act(nav, "&Previous document", ["PgUp"], lambda: window.step_document(-1)),
    ]
    view = bar.addMenu("&View")
    window.show_rejected = act(view, "Show &rejected", ["Ctrl+R"], w.set_show_rejected, checkable=True)
    window.show_tags = act(view, "Label &tags", ["Ctrl+T"], window.article.set_tags, checkable=True)
    window.show_tags.setChecked(True)
    window.dark = act(view, "&Dark theme", ["Ctrl+Shift+D"], window.set_dark, checkable=True)
    view_actions = [
        window.show_rejected, window.show_tags, window.dark,
        act(view, "&Bigger text", ["Ctrl++", "Ctrl+="], lambda: window.zoom(1)),
        act(view, "&Smaller text", ["Ctrl+-"], lambda: window.zoom(-1)),
        act(view, "&Normal size", ["Ctrl+0"], lambda: window.zoom(0)),
    ]
    help_menu = bar.addMenu("&Help")
    act(help_menu, "&Keyboard shortcuts", ["F1", "?"], window.show_cheatsheet)
    window.groups = [
        ("Edit", [undo, redo, find]), ("Annotate", annotate_actions), ("Events", event_actions),
        ("Document", nav_actions), ("View", view_actions),
    ]
    window.dark.setChecked(window.settings.value("dark", False, type=bool))
