"""Annotary's entry point: the command line and, with no command, the default project."""

from __future__ import annotations

import json
import multiprocessing
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from annotate import __version__
from annotate.errors import AnnotaryError
from annotate.formats.discover import parse_inputs
from annotate.resources import builtin_schema, builtin_schema_names
from annotate.schema import Schema
from annotate.session import Session
from store import open_project
from store.default_project import open_default_project

app = typer.Typer(
    help="Annotary: annotate entities and events in news articles, offline.",
    no_args_is_help=False,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True)


def fail(error: AnnotaryError | str) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise."""
    err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code=1)


def _version(value: bool) -> None:
    if value:
        print(f"annotary {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def default(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """With no command: open the default project (created with sample articles on first run)."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        with open_default_project() as store:
            out.print(f"Default project: [bold]{store.path}[/]")
            _print_stats(Session(store).stats())
    except AnnotaryError as exc:
        raise fail(exc) from None


def _schema_option(name_or_path: str) -> Schema:
    path = Path(name_or_path)
    if path.suffix == ".json" or path.exists():
        return Schema.load(path)
    return builtin_schema(name_or_path)


@app.command("import")
def import_(
    project: Annotated[Path, typer.Argument(help="Project file (.annotary); created if missing.")],
    paths: Annotated[list[Path], typer.Argument(help=".txt files or folders, .jsonl, brat folders.")],
    schema: Annotated[
        str,
        typer.Option(help=f"Schema for a new project: {', '.join(builtin_schema_names())} or a .json file."),
    ] = "news-ace",
) -> None:
    """Import articles. All or nothing: one bad file and the project is left as it was."""
    try:
        new_schema = _schema_option(schema)
        if project.exists():
            open_project(project).close()  # a bad project fails before the inputs are read
        with _progress() as bar:
            task = bar.add_task("Reading", total=None)
            batch = parse_inputs(
                paths, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
        # Created only now, so a failed read leaves no new file behind.
        with open_project(project, create=True, schema=new_schema) as store:
            report = Session(store).import_batch(batch)
    except AnnotaryError as exc:
        raise fail(exc) from None
    out.print(
        f"Imported {report.documents} documents, {report.spans} spans, {report.events} events "
        f"into {project}; skipped {report.duplicates} duplicates"
        + (f" and {report.ignored_tasks} ignored tasks" if report.ignored_tasks else "")
        + "."
    )
    for addition in report.schema_additions:
        out.print(f"  schema: added {addition}")
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


@app.command()
def stats(
    project: Annotated[Path, typer.Argument(help="Project file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Count documents, spans and events."""
    try:
        with open_project(project, readonly=True) as store:
            counts = Session(store).stats()
    except AnnotaryError as exc:
        raise fail(exc) from None
    if as_json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        _print_stats(counts)


def _print_stats(counts: dict) -> None:
    table = Table(title="Project", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    docs, spans, events = counts["documents"], counts["spans"], counts["events"]
    table.add_row("documents", str(docs["total"]))
    for key in ("new", "in_progress", "done", "skipped"):
        table.add_row(f"  {key.replace('_', ' ')}", str(docs[key]))
    table.add_row("spans", str(spans["total"]))
    for key in ("proposed", "accepted", "rejected"):
        table.add_row(f"  {key}", str(spans[key]))
    for label, n in spans["by_label"].items():
        table.add_row(f"  label {label}", str(n))
    table.add_row("events", str(events["total"]))
    for etype, n in events["by_type"].items():
        table.add_row(f"  {etype}", str(n))
    out.print(table)


def run() -> None:
    """Console-script entry point."""
    multiprocessing.freeze_support()  # frozen builds start workers through the app itself
    app()


if __name__ == "__main__":
    run()
    sys.exit(0)
