"""Running the real command line in-process (typer's CliRunner) and reading its results."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from main import app


def cli(*args: str | Path):
    """Run ``python main.py ARGS`` in-process; returns click's Result (stdout, stderr, exit_code)."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def stats(project: Path) -> dict:
    """The project's counts through ``stats --json``."""
    result = cli("stats", project, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)
