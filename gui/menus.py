"""The window's menus: every command with its keys, in menus and as window-wide shortcuts,
grouped for the cheat sheet; and the rule that keys typed into a text field are the field's."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)


if TYPE_CHECKING:
    from gui.main_window import MainWindow

# The menu bar's titles. Their Alt+letters are shortcuts too, so no label takes one of them for
# its Alt+key (character mode), and no two menus share one.
TITLES = {"file": "&File", "edit": "&Edit", "annotate": "&Annotate", "events": "Eve&nts",
          "relations": "Relat&ions", "document": "&Document", "view": "&View", "help": "&Help"}
MNEMONICS = {title[title.index("&") + 1].upper() for title in TITLES.values()}


class Menus(NamedTuple):
    """What the window keeps of its menus: the entries it changes later, and every command
    grouped for the cheat sheet."""

    recent: QMenu
    show_rejected: QAction
    show_tags: QAction
    dark: QAction
    groups: list[tuple[str, list[QAction]]]


def add_action(window: QMainWindow, menu: QMenu, text: str, keys: list[str], slot: Callable[..., object], checkable: bool = False) -> QAction:
    """A menu entry that is also a window-wide shortcut (several keys allowed). ``slot`` takes
    no argument, or the checked state when ``checkable``."""
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


def later(module: str, name: str, window: MainWindow) -> Callable[[], None]:
    """A File-menu command, ``module.name(window)``; the module is imported on first use, so
    the dialogs' imports (formats, exports, training) never slow the window's start."""

    def run() -> None:
        getattr(importlib.import_module(module), name)(window)

    return run


def fill_recent(menu: QMenu, settings: QSettings, choose: Callable[[str], object]) -> None:
    """The recent projects, newest first; choosing one calls ``choose`` with its path."""
    menu.clear()
    for entry in cast(list[str], settings.value("recent", [], type=list) or []):
        action = menu.addAction(entry)
        action.triggered.connect(lambda _c=False, p=entry: choose(p))


def build_menus(window: MainWindow) -> Menus:
    """The menu bar: every command with its keys, grouped for the cheat sheet."""
    act = partial(add_action, window)

    bar = window.menuBar()
    file = bar.addMenu(TITLES["file"])
    batch, training = "gui.batch_dialogs", "gui.training_dialogs"
    act(file, "&New project…", ["Ctrl+N"], later(batch, "new_project", window))
    act(file, "&Open project…", ["Ctrl+O"], later(batch, "choose_project", window))
    recent = file.addMenu("Open &recent")
    fill_recent(recent, window.settings, window.openRequested.emit)
    file.addSeparator()
    act(file, "&Import files…", ["Ctrl+I"], later(batch, "import_files", window))
    act(file, "Import &folder…", ["Ctrl+Shift+I"], later(batch, "import_folder", window))
    act(file, "&Propose for all documents…", ["Ctrl+P"], later(batch, "propose_all", window))
    act(file, "&Export training data…", ["Ctrl+E"], later(training, "export_dialog", window))
    act(file, "&Train a model…", ["Ctrl+Shift+T"], later(training, "train_dialog", window))
    act(file, "Train in the &loop…", [], later("gui.loop_dialog", "loop_dialog", window))
    file.addSeparator()
    act(file, "&Quit", ["Ctrl+Q"], lambda: window.window().close())  # the frame, when framed

    edit = bar.addMenu(TITLES["edit"])
    undo = window.workspace.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcuts([QKeySequence("Ctrl+Z")])
    redo = window.workspace.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    for action in (undo, redo):
        edit.addAction(action)
        window.addAction(action)
    find = act(edit, "&Find in documents", ["Ctrl+F"], window.focus_search)

    w, rk = window.workspace, window.relation_keys
    ann = bar.addMenu(TITLES["annotate"])
    annotate_actions = [
        # With a relation selected, these act on it instead (gui/relation_keys).
        # A, Enter and X move on in score order (the best proposal first); Tab in reading order.
        act(ann, "&Accept span or selected relation, then the next proposal by score "
                 "(the span's other occurrences in the article are proposed; a trigger's event "
                 "comes with its arguments)", ["A", "Return", "Enter"], rk.accept),
        act(ann, "&Reject span or selected relation (your own: delete it), then the next proposal by score",
            ["X"], rk.reject),
        act(ann, "&Delete selected relation (no relation selected: reject span)", ["Delete"], rk.delete),
        act(ann, "&Next span (reading order)", ["Tab"], lambda: w.step(1)),
        # One sequence: Qt retries Shift+Backtab (what the keyboard sends) as Shift+Tab, and
        # "Backtab" as a second sequence made the same key match twice, so neither fired.
        act(ann, "&Previous span (reading order)", ["Shift+Tab"], lambda: w.step(-1)),
        act(ann, "Accept a&ll proposals (proposes no other occurrences)", ["Shift+A"], w.accept_all),
        act(ann, "Label all &occurrences in the project (the current span's text, as its label)", ["Ctrl+L"],
            w.label_all_in_project),
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
    for label in window.schema.entity_labels:
        if label.key:
            annotate_actions.append(
                act(labels, f"{label.name}", [label.key], partial(window.event_keys.label_key, label.name, label.key))
            )
            exact = [f"Alt+{label.key}"] if label.key.upper() not in MNEMONICS else []
            annotate_actions.append(
                act(labels, f"{label.name} (characters)", exact, partial(window.apply_label, label.name, False))
            )
    ev = bar.addMenu(TITLES["events"])
    event_actions = [
        act(ev, "New &event on the selection or span…", ["E"], window.event_keys.new_event),
        act(ev, "Change event &type… (or the selected relation's)", ["T"], rk.change_type),
        act(ev, "Set event &attribute…", ["V"], window.event_keys.set_event_attribute),
        act(ev, "Fill role N (with an event current: 1–9, then a candidate's number)", [], lambda: None),
        act(ev, "&Remove the armed role's argument", ["Backspace"], window.events.remove_argument),
        act(ev, "&Cancel: making a relation, the selected relation, filling a role", ["Esc"], rk.escape),
        act(ev, "&Normalise the armed role's filler or the current span (ISO date, GeoNames id)…", ["Ctrl+Shift+N"],
            window.event_panel.norm_editor.edit),
    ]
    event_actions[3].setEnabled(False)  # documents the digit keys; they are the label keys
    rel = bar.addMenu(TITLES["relations"])
    relation_actions = [
        act(rel, "&Relate the current span to another (R again on the other)", ["R"], rk.relate_key),
        act(rel, "Pick the other span (while relating: 1–9, or click it)", [], lambda: None),
        act(rel, "&Next relation of the current span", ["Shift+R"], rk.select_next),
    ]
    relation_actions[1].setEnabled(False)  # documents the digit keys and clicks
    nav = bar.addMenu(TITLES["document"])
    nav_actions = [
        act(nav, "Mark &done and open next", ["Ctrl+Return", "Ctrl+Enter"], window.done_and_next),
        act(nav, "&Skip", ["S"], window.skip),
        act(nav, "&Next document", ["PgDown"], lambda: window.step_document(1)),
        act(nav, "&Previous document", ["PgUp"], lambda: window.step_document(-1)),
    ]
    view = bar.addMenu(TITLES["view"])
    show_rejected = act(view, "Show &rejected", ["Ctrl+R"], w.set_show_rejected, checkable=True)
    show_tags = act(view, "Label &tags", ["Ctrl+T"], window.article.set_tags, checkable=True)
    show_tags.setChecked(True)
    dark = act(view, "&Dark theme", ["Ctrl+Shift+D"], window.set_dark, checkable=True)
    all_relations = act(view, "Label every re&lation (not only the current span's)", ["Ctrl+Shift+L"],
                        rk.set_label_all, checkable=True)
    view_actions = [
        show_rejected, show_tags, dark, all_relations,
        act(view, "&Bigger text", ["Ctrl++", "Ctrl+="], lambda: window.zoom(1)),
        act(view, "&Smaller text", ["Ctrl+-"], lambda: window.zoom(-1)),
        act(view, "&Normal size", ["Ctrl+0"], lambda: window.zoom(0)),
    ]
    help_menu = bar.addMenu(TITLES["help"])
    act(help_menu, "&Keyboard shortcuts", ["F1", "?"], window.show_cheatsheet)
    groups = [
        ("Edit", [undo, redo, find]), ("Annotate", annotate_actions), ("Events", event_actions),
        ("Relations", relation_actions),
        ("Document", nav_actions), ("View", view_actions),
    ]
    dark.setChecked(bool(window.settings.value("dark", False, type=bool)))
    return Menus(recent, show_rejected, show_tags, dark, groups)


# -- keys typed into text fields ---------------------------------------------------------------
COMMAND_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
# Keys without Ctrl that stay the window's in a text field: a one-line field has no use for them.
WINDOW_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_PageDown} | {Qt.Key(Qt.Key.Key_F1.value + i) for i in range(35)}


def is_text_input(widget: QWidget | None) -> bool:
    """Whether a widget takes typed text (an editable line, text box, spin box or combo box)."""
    if isinstance(widget, (QLineEdit, QTextEdit, QPlainTextEdit)):
        return not widget.isReadOnly()  # the article is a read-only QPlainTextEdit
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QAbstractSpinBox)


class TextFieldKeys(QObject):
    """Keys typed into a text field of the window are the field's: letters, digits, Enter,
    Delete, Backspace, Tab, Shift+Tab, Esc and the Alt+keys of the article never reach an
    article action. Ctrl+keys, F-keys and PageUp/PageDown stay the window's, and so do the menu
    bar's Alt+letters.

    Qt asks the focused widget first, with a ShortcutOverride event, whether it wants a key
    that is also a shortcut; what the field does not claim travels up to the window, where this
    filter claims it for the field. The article actions stay window-wide otherwise: with the
    document list or a panel focused, Tab and A still work."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        # The window's own keys: an Alt+key that is none of them (an Alt+letter of the menu
        # bar) stays a shortcut; one that is (a label key in character mode, moving a span's
        # edge) is the field's.
        self.window_keys = {sequence for action in window.actions() for sequence in action.shortcuts()}
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not is_text_input(QApplication.focusWidget()) or not self.belongs_to_field(event):
            return False
        event.accept()  # delivered to the field as a key press; no shortcut fires
        return True

    def belongs_to_field(self, event: QKeyEvent) -> bool:
        """Whether a key pressed in a text field is the field's rather than a shortcut's."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers & COMMAND_MODIFIERS:
            return False
        if modifiers & Qt.KeyboardModifier.AltModifier:
            return QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key()))) in self.window_keys
        return event.key() not in WINDOW_KEYS
