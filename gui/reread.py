"""Reading again only the records a step touched (events, relations) into a view's id → record
map, in id order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from annotate.errors import ActionError


class _OfDocument(Protocol):
    document_id: int


R = TypeVar("R", bound=_OfDocument)


def reread(records: dict[int, R], ids: Iterable[int], fetch: Callable[[int], R], document_id: int) -> dict[int, R]:
    """``records`` with each of ``ids`` read again by ``fetch`` (dropped when it is gone, kept
    only when it belongs to ``document_id``), sorted by id: an undone delete brings an old id
    back, and views list records in id order."""
    for record_id in ids:
        try:
            record = fetch(record_id)
        except ActionError:  # deleted, or undone before it existed
            records.pop(record_id, None)
            continue
        if record.document_id == document_id:
            records[record_id] = record
    return dict(sorted(records.items()))
