"""Document gestures: mark done (deciding what happens to unreviewed proposals), skip, reset."""

from __future__ import annotations

from typing import Literal

from annotate.actions import AcceptSpan, Action, RejectSpan, SetDocumentStatus
from annotate.errors import ActionError
from annotate.model import DocStatus, SpanStatus, StoredSpan
from annotate.operations.steps import as_one, decide_triggered
from annotate.repository import Repository

Decision = Literal["accept", "reject"]


class UnreviewedProposals(ActionError):
    """A document cannot be marked done while proposals nobody reviewed are in it: they would
    leave as neither entities nor non-entities. The caller decides (accept them all, reject
    them all, or review them: ``first`` is where)."""

    code = "A-UNREVIEWED"

    def __init__(self, document_id: int, spans: list[StoredSpan]) -> None:
        super().__init__(
            f"document {document_id} has {len(spans)} unreviewed proposal(s): accept or reject them first"
        )
        self.document_id = document_id
        self.count = len(spans)
        self.first = spans[0].id if spans else None


def unreviewed(repo: Repository, document_id: int) -> list[StoredSpan]:
    """The document's proposals nobody has accepted or rejected, in reading order."""
    return [s for s in repo.spans(document_id) if s.status == SpanStatus.PROPOSED]


def mark_done(repo: Repository, document_id: int, proposals: Decision | None = None) -> Action | None:
    """Mark a document done. With unreviewed proposals, ``proposals`` says what becomes of
    them ("accept" or "reject", with the events they trigger), in the same step; without it,
    raises :class:`UnreviewedProposals`. None when it is done already and nothing is pending."""
    pending = unreviewed(repo, document_id)
    if pending and proposals is None:
        raise UnreviewedProposals(document_id, pending)
    steps: list[Action] = []
    if pending:
        status = SpanStatus.ACCEPTED if proposals == "accept" else SpanStatus.REJECTED
        ids = {s.id for s in pending}
        step = AcceptSpan if status == SpanStatus.ACCEPTED else RejectSpan
        steps += [step(i) for i in sorted(ids)]
        steps += decide_triggered(repo, document_id, ids, status)
    if repo.document(document_id).status != DocStatus.DONE:
        steps.append(SetDocumentStatus(document_id, DocStatus.DONE))
    words = {None: "", "accept": f", accepting {len(pending)} proposals", "reject": f", rejecting {len(pending)} proposals"}
    return as_one("mark_done", document_id, steps, f"Mark done{words[proposals if pending else None]}")


def mark_all(repo: Repository, document_ids: list[int], status: DocStatus,
             proposals: Decision | None = None) -> list[Action | None]:
    """One step per document giving it ``status`` (None where it has it already); marking
    done is :func:`mark_done` for each, so one with unreviewed proposals and no ``proposals``
    decision raises UnreviewedProposals before anything is planned for the others."""
    missing = sorted(set(document_ids) - set(repo.document_ids()))
    if missing:
        raise ActionError(f"no document with id {', '.join(map(str, missing))}")
    return [mark_done(repo, d, proposals) if status == DocStatus.DONE else set_status(repo, d, status)
            for d in dict.fromkeys(document_ids)]


def skip(repo: Repository, document_id: int) -> Action | None:
    """Mark a document skipped (left out of exports); None when it already is."""
    return set_status(repo, document_id, DocStatus.SKIPPED)


def set_status(repo: Repository, document_id: int, status: DocStatus) -> Action | None:
    """Give a document a status other than done (done goes through :func:`mark_done`)."""
    if status == DocStatus.DONE:
        return mark_done(repo, document_id)
    if repo.document(document_id).status == status:
        return None
    return as_one("set_document_status", document_id, [SetDocumentStatus(document_id, status)], f"Mark {status.value.replace('_', ' ')}")
