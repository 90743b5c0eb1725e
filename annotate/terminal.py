"""What the command line prints through: rich consoles made on first use (rich is imported by
the commands that print, not at start-up), the progress bar and the ``stats`` table."""

from __future__ import annotations

from typing import Any


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
