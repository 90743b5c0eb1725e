"""Label all occurrences: the gestures that propose a span's text elsewhere (annotate/propagation
has the rules of what is an occurrence and what is proposed).

- Accepting a span (A, Enter, its own label key, another label key on a proposal) or labelling a
  selection proposes the same text
  elsewhere in the same article, in the same step: one Undo takes back the accept (or the new
  span) and the proposals it caused. Accepting a propagated proposal proposes again, and finds
  nothing new: every other occurrence has its span already.
- Rejecting never propagates; rejecting the span the proposals came from leaves them proposals,
  for the annotator to decide one by one (their source says where they came from).
- Accept all (Shift+A) does not propagate: it leaves the article with no proposal, as it says.
- "Label all occurrences in the project" proposes the current span's text in every document,
  one document read at a time, as one step (accepting the span too when it is a proposal).
- Nothing is proposed in a document marked done: done means nothing is left to review there
  (marking done asks about open proposals), so a proposal must not appear behind that check.
  Accepting or labelling in a done article keeps it done and proposes nothing elsewhere in it;
  label all leaves out the documents marked done and those skipped, except the current one when
  it is only skipped (the annotator is working in it), and counts the ones it left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotate.actions import Action, Composite, ProposeSpans
from annotate.errors import ActionError
from annotate.model import SOURCE_PROPAGATION, DocStatus, Span, SpanStatus, StoredSpan
from annotate.operations.spans import accept, label_selection, relabel
from annotate.operations.steps import as_one, touching
from annotate.propagation import SCORE_OTHER_DOCUMENT, SCORE_SAME_DOCUMENT, propose_occurrences
from annotate.repository import Repository


def in_article(repo: Repository, document_id: int, start: int, end: int, label: str,
               skip: tuple[int, int] | None = None) -> ProposeSpans | None:
    """The proposals of ``text[start:end]`` as ``label`` elsewhere in its article (None when
    there are none, or when the article is marked done); ``skip``: the range of a span not
    stored yet."""
    document = repo.document(document_id)
    if document.status == DocStatus.DONE:  # a done article has nothing left to review
        return None
    text = document.text
    found = propose_occurrences(document_id, text, text[start:end], label, repo.spans(document_id),
                                SCORE_SAME_DOCUMENT, skip)
    return ProposeSpans(found, document_id) if found else None


def _with_occurrences(repo: Repository, base: Action | None, document_id: int,
                      occurrences: ProposeSpans | None, description: str) -> Action | None:
    """``base`` and the proposals it causes as one step (the base alone when there are none)."""
    if occurrences is None:
        return base
    count = len(occurrences.spans)
    more = f"{count} more proposed" if count != 1 else "1 more proposed"
    if base is None:  # the span is decided already: only the occurrences are new
        label = occurrences.spans[0].label
        return touching(repo, document_id, "propose_spans", [occurrences], f"Propose {label} elsewhere ({count})")
    steps = base.children if isinstance(base, Composite) else [base]
    action = Composite(base.name, [*steps, occurrences], document_id)
    action.description = f"{base.description or description}, {more}"
    return action


def _propagates(repo: Repository, span: Span) -> bool:
    """Whether a span's text is proposed elsewhere: an entity's, not a trigger's (a trigger
    alone, without its event, would be half an annotation) nor a mention's (a role filler, not
    a name); not a discontinuous span's, which has no one text to look for."""
    return not span.fragments and span.label in repo.schema().entity_label_names


def accept_propagating(repo: Repository, span_id: int) -> Action | None:
    """Accept a span (see :func:`annotate.operations.accept`) and propose its text elsewhere in
    its article, as one step. Also for an accepted span: what is new is proposed."""
    span = repo.span(span_id)
    base = accept(repo, span_id)
    found = in_article(repo, span.document_id, span.start, span.end, span.label) if _propagates(repo, span) else None
    return _with_occurrences(repo, base, span.document_id, found, f"Accept {span.label}")


def label_propagating(repo: Repository, document_id: int, start: int, end: int, label: str) -> Action | None:
    """Label the range ``start``-``end`` (already snapped: see
    :func:`annotate.operations.label_selection`) and propose its text elsewhere in the article,
    as one step."""
    base = label_selection(repo, document_id, start, end, label)
    new = Span(document_id, start, end, label)
    found = in_article(repo, document_id, start, end, label, skip=(start, end)) if _propagates(repo, new) else None
    return _with_occurrences(repo, base, document_id, found, f"Label {label}")


def relabel_propagating(repo: Repository, span_id: int, label: str) -> Action | None:
    """A label key on a span: its own label accepts it (and propagates, as accepting does).
    Another label on a proposal relabels and so accepts it: a decision like accepting, so its
    text is proposed elsewhere with the new label. Another label on a span already decided only
    relabels it, so trying labels on it proposes nothing."""
    span = repo.span(span_id)
    if span.label == label:
        return accept_propagating(repo, span_id)
    base = relabel(repo, span_id, label)
    if span.status != SpanStatus.PROPOSED or base is None or label not in repo.schema().entity_label_names:
        return base
    found = in_article(repo, span.document_id, span.start, span.end, label, skip=(span.start, span.end)) \
        if not span.fragments else None
    return _with_occurrences(repo, base, span.document_id, found, f"Relabel {label}")


@dataclass
class LabelAll:
    """What "label all occurrences in the project" would do: the step (None when nothing is new)
    and what it proposes and leaves out, for the status bar."""

    action: Action | None
    needle: str
    label: str
    proposed: int = 0
    documents: int = 0
    left_out: int = 0  # documents done or skipped that have occurrences to propose

    def message(self) -> str:
        """One line for the status bar."""
        if self.proposed:
            said = f"Proposed “{self.needle}” as {self.label} {self.proposed} time(s) in {self.documents} document(s)."
        elif self.left_out:
            said = f"No new “{self.needle}” proposed."
        else:
            said = f"Every “{self.needle}” in the project has a span already."
        if self.left_out:
            said += f" Left out {self.left_out} document(s) marked done or skipped."
        return said


def _closed(status: DocStatus, current: bool) -> bool:
    """Whether label all leaves a document out: done, or skipped (unless it is the current one)."""
    return status == DocStatus.DONE or (status == DocStatus.SKIPPED and not current)


def plan_label_all(repo: Repository, span_id: int) -> LabelAll:
    """Propose a span's text as its label in every document of the project (its own article
    scoring higher than the others), as one step; a proposal is accepted in the same step.
    Documents marked done or skipped are left out (the current one only when done), and
    counted when they have occurrences. Documents are read one at a time. Raises ActionError
    for a rejected or discontinuous span, or one that is not an entity."""
    span = repo.span(span_id)
    if span.status == SpanStatus.REJECTED:
        raise ActionError(f"this {span.label} is rejected: a rejected span is never propagated (accept it first)")
    if span.fragments:
        raise ActionError("a discontinuous span has no one text to look for")
    if not _propagates(repo, span):
        raise ActionError(f"only entities are labelled everywhere, and {span.label} is not an entity label")
    needle = repo.document(span.document_id).text[span.start:span.end]
    found: list[Span] = []
    left_out = 0
    for document in repo.iter_documents():
        if needle not in document.text:  # most documents: no need to read their spans
            continue
        current = document.id == span.document_id
        score = SCORE_SAME_DOCUMENT if current else SCORE_OTHER_DOCUMENT
        here = propose_occurrences(document.id, document.text, needle, span.label, repo.spans(document.id), score)
        if here and _closed(document.status, current):
            left_out += 1
        else:
            found += here
    occurrences = ProposeSpans(found, span.document_id) if found else None
    where = len(occurrences.documents()) if occurrences else 0
    base = accept(repo, span_id)
    steps = [*(base.children if isinstance(base, Composite) else [base]), occurrences]
    description = f"Label all “{needle}” as {span.label} ({len(found)} in {where} documents)"
    if base is not None:  # accept() has put a new article in progress already
        action = as_one("label_all", span.document_id, steps, description)
    else:
        action = touching(repo, span.document_id, "label_all", steps, description)
    return LabelAll(action, needle, span.label, len(found), where, left_out)


def label_all_in_project(repo: Repository, span_id: int) -> Action | None:
    """The step of :func:`plan_label_all` alone."""
    return plan_label_all(repo, span_id).action


def proposed_by(action: Action | None) -> tuple[int, int]:
    """How many proposals an action of these gestures adds, and in how many documents."""
    if isinstance(action, ProposeSpans):
        return len(action.spans), len(action.documents())
    if isinstance(action, Composite):
        counts = [proposed_by(child) for child in action.children]
        return sum(c[0] for c in counts), sum(c[1] for c in counts)
    return 0, 0


def propagated_from(spans: list[StoredSpan], text: str, span: Span) -> list[StoredSpan]:
    """The proposals still open that have a span's text and label and came from propagation:
    what stays to decide after that span is rejected."""
    needle = span.text_in(text)
    return [s for s in spans if s.id != span.id and s.status == SpanStatus.PROPOSED and s.source == SOURCE_PROPAGATION
            and s.label == span.label and s.text_in(text) == needle]
