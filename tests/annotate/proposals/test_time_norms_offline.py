"""``main.py propose`` on a dated article resolves its dates with dateparser and touches no
network (the audit hook and judge of tests/test_no_network.py); the samples' propose run there
parses no relative date (their datelines have no year), so this is the run that covers it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.test_no_network import assert_offline, audited

pytestmark = pytest.mark.slow

ARTICLE = ("Gunmen attack market in Darfur town\n\n"
           "KHARTOUM, Thursday 24 March 2016 (Meridian News Agency) - Gunmen attacked a market in Nyala "
           "on Tuesday, killing nine people, police said. Talks were held in Doha in March 2016 🙂.\n")


def test_propose_resolves_dates_offline(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    article = tmp_path / "khartoum.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    project = tmp_path / "p.annotary"
    assert_offline(audited(tmp_path / "import.log", home, "main.py", "import", project, article, "--schema", "acled"))
    run = audited(tmp_path / "propose.log", home, "main.py", "propose", project)
    assert_offline(run)
    with sqlite3.connect(project) as db:
        rows = db.execute("SELECT start, end, norms FROM spans WHERE norms IS NOT NULL").fetchall()
    norms = {ARTICLE[s:e]: [n["reference"] for n in json.loads(raw) if n["resource"] == "ISO8601"] for s, e, raw in rows}
    assert norms.get("Tuesday") == ["2016-03-22"]
    assert norms.get("March 2016") == ["2016-03"]  # resolved by dateparser, in the audited process
