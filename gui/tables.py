"""Column sizing shared by the document list and the span table.

Widths come from the font and a sample text rather than ResizeToContents, which measures rows
on every layout and grows slow with tens of thousands of them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView

ICON_ROOM = 30  # decoration icon, its margin and the cell padding


def size_columns(view: QTableView, samples: dict[int, str], stretch: int) -> None:
    """Give each column in ``samples`` the width of its sample text (plus room for an icon);
    ``stretch`` takes what is left. Users can still drag the fixed ones."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    metrics = view.fontMetrics()
    for column, sample in samples.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, metrics.horizontalAdvance(sample) + ICON_ROOM)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
