"""The window: all of Annotary's Qt lives here (PySide6). Nothing outside ``gui/`` imports Qt."""
