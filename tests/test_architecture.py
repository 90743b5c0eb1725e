"""The layering rule, checked: the domain and the store never import Qt; the domain never
imports the store, SQL or the window; nothing heavy (spaCy) loads with them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import importlib, pkgutil, sys
for package in ("annotate", "store"):
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)
import main
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(" ".join(loaded))
"""


def test_domain_and_store_import_neither_qt_nor_spacy() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    assert "annotate" in loaded and "store" in loaded
    assert not loaded & {"PySide6", "shiboken6", "spacy", "thinc", "gui"}


def test_annotate_sources_mention_no_sql_or_qt() -> None:
    for path in (ROOT / "annotate").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import sqlite3", "sqlite_utils", "PySide6", "from store", "import store", "from gui"):
            assert banned not in text, f"{path.relative_to(ROOT)} uses {banned}"
