"""Where Annotary keeps user data. ``ANNOTARY_HOME`` overrides it (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Annotary"


def data_dir() -> Path:
    """The user data folder (created on demand)."""
    override = os.environ.get("ANNOTARY_HOME")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_project_path() -> Path:
    """The project ``python main.py`` opens when given none."""
    return data_dir() / "default.annotary"
