"""Light and dark themes (Fusion with a palette) and the stylesheet of the few custom bits."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def apply_theme(app: QApplication, dark: bool) -> None:
    """Switch the whole application between light and dark."""
    app.setStyle("Fusion")
    palette = QPalette()
    if dark:
        colours = {
            QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
            QPalette.ColorRole.Base: "#171717", QPalette.ColorRole.AlternateBase: "#2a2b2e",
            QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#2d2e31",
            QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.Highlight: "#8ab4f8",
            QPalette.ColorRole.HighlightedText: "#202124", QPalette.ColorRole.ToolTipBase: "#303134",
            QPalette.ColorRole.ToolTipText: "#e8eaed", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
            QPalette.ColorRole.Link: "#8ab4f8",
        }
    else:
        colours = {
            QPalette.ColorRole.Window: "#f3f3f3", QPalette.ColorRole.WindowText: "#202124",
            QPalette.ColorRole.Base: "#ffffff", QPalette.ColorRole.AlternateBase: "#f6f8fa",
            QPalette.ColorRole.Text: "#202124", QPalette.ColorRole.Button: "#f3f3f3",
            QPalette.ColorRole.ButtonText: "#202124", QPalette.ColorRole.Highlight: "#1a73e8",
            QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#ffffe1",
            QPalette.ColorRole.ToolTipText: "#202124", QPalette.ColorRole.PlaceholderText: "#80868b",
            QPalette.ColorRole.Link: "#1a73e8",
        }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    app.setPalette(palette)
