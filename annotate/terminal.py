"""What the command line prints through: rich consoles made on first use (rich is imported by
the commands that print, not at start-up), the progress bar, the ``stats`` and scores tables,
and :func:`fail` / :func:`guarded`, which turn every error of a command into one line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click
import typer


class _Console:
    """A rich Console made on first use."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def get(self) -> Any:
        """The rich Console itself."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


out = _Console(soft_wrap=True)
err = _Console(stderr=True)


def progress_bar(rate: bool = False) -> Any:
    """A rich progress bar on stderr (hidden when stderr is no terminal); ``rate`` adds docs/s."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Documents per second."""

        def render(self, task: Any) -> Text:
            speed = task.finished_speed or task.speed
            return Text("… docs/s" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")

    columns: list[ProgressColumn] = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    if rate:
        columns.append(RateColumn())
    return Progress(
        *columns,
        TimeRemainingColumn(),
        console=err.get(),
        transient=True,
        disable=not err.is_terminal,
    )


def print_stats(counts: dict) -> None:
    """The ``stats`` command's table."""
    from rich.table import Table

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
    entities = counts.get("entities")
    if entities is not None:  # entity labels only: no triggers, no argument mentions
        table.add_row("entities", str(entities["total"]))
        for key in ("proposed", "accepted", "rejected"):
            table.add_row(f"  {key}", str(entities[key]))
    mentions = counts.get("mentions")
    if mentions is not None and mentions["label"]:
        table.add_row(f"mentions ({mentions['label']}: arguments, not entities)", str(mentions["total"]))
        for key in ("proposed", "accepted", "rejected"):
            table.add_row(f"  {key}", str(mentions[key]))
    table.add_row("events", str(events["total"]))
    for etype, n in events["by_type"].items():
        table.add_row(f"  {etype}", str(n))
    relations = counts.get("relations", {"total": 0, "by_type": {}})
    table.add_row("relations", str(relations["total"]))
    for rtype, n in relations["by_type"].items():
        table.add_row(f"  {rtype}", str(n))
    table.add_row("equivalence sets", str(counts.get("equivalences", {"total": 0})["total"]))
    out.print(table)


def print_scores(title: str, rows: Any) -> None:
    """A table of per-label precision, recall and F-score (annotate.training.LabelScore rows)."""
    from rich.table import Table

    table = Table(title=title)
    for column in ("label", "precision", "recall", "F", "gold", "predicted"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for row in rows:
        table.add_row(row.label, f"{row.precision:.3f}", f"{row.recall:.3f}", f"{row.f:.3f}", str(row.gold), str(row.predicted))
    out.print(table)


def fail(error: BaseException | str) -> typer.Exit:
    """Print one clear line to stderr and return the exit to raise. A fault of the machine or
    a bug also leaves its traceback in the log file, which the line names."""
    from rich.markup import escape

    from annotate.fault_log import report_line

    text = error if isinstance(error, str) else report_line(error)
    # The message is data: brackets in it ("[spans]") are not rich markup.
    err.print(f"[bold red]error:[/] {escape(text)}", highlight=False, markup=True, soft_wrap=True)
    return typer.Exit(code=1)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command so that every fault reaches the terminal as one line (never a traceback):
    disk full, I/O, permission, a locked or damaged project, and bugs alike."""

    @functools.wraps(command)
    def run_command(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            err.print("Interrupted: what was not finished was not saved.", highlight=False)
            raise typer.Exit(code=130) from None
        except Exception as exc:
            raise fail(exc) from None

    return run_command
