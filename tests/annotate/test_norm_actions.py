"""Setting, changing and clearing a span's normalisation: the gesture (annotate.operations.norms),
the action (SetSpanNorms), one logged transaction, undo and redo, also after a restart."""

from __future__ import annotations

import pytest

from annotate import operations
from annotate.actions import SetSpanNorms
from annotate.errors import ActionError
from annotate.model import DocStatus, Normalization, SpanStatus
from annotate.operations.norms import read_norm
from annotate.proposals.time_norms import ISO
from annotate.proposals.types import DocumentProposals, ProposedSpan
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

TEXT = "KHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen attacked Nyala 🙂 on Tuesday."
TUESDAY = (TEXT.index("Tuesday"), TEXT.index("Tuesday") + 7)
NYALA = (TEXT.index("Nyala"), TEXT.index("Nyala") + 5)
PLACE = Normalization("GeoNames", "365137", "Nyala")


def proposed(session: Session, where: tuple[int, int], label: str, *norms: Normalization) -> tuple[int, int]:
    doc = add_document(session, TEXT)
    session.store_proposals({doc: [DocumentProposals(doc, (ProposedSpan(*where, label, "model:x@1", None, norms),))]},
                            ["model:x@1"])
    (span,) = session.repo.spans(doc)
    return doc, span.id


def test_set_a_date_accepts_the_proposal_and_undo_puts_everything_back(session: Session) -> None:
    doc, span_id = proposed(session, TUESDAY, "DATE")
    action = operations.set_norm(session.repo, span_id, "2016-03-22")
    changes = session.apply(action)
    assert span_id in changes.spans
    span = session.repo.span(span_id)
    assert span.norms == [Normalization(ISO, "2016-03-22", "Tuesday")]  # named by the span's text
    assert span.status == SpanStatus.ACCEPTED
    assert session.repo.document(doc).status == DocStatus.IN_PROGRESS
    session.revert(action)
    span = session.repo.span(span_id)
    assert (span.norms, span.status) == ([], SpanStatus.PROPOSED)
    assert session.repo.document(doc).status == DocStatus.NEW
    session.apply(action)  # redo
    assert session.repo.span(span_id).norms[0].reference == "2016-03-22"


def test_change_replaces_only_that_resource_and_clear_removes_it(session: Session) -> None:
    date = Normalization(ISO, "2016-03-15", "Tuesday")
    _doc, span_id = proposed(session, TUESDAY, "DATE", PLACE, date)  # odd, but two resources
    session.apply(operations.set_norm(session.repo, span_id, "2016-03-22"))
    assert session.repo.span(span_id).norms == [PLACE, Normalization(ISO, "2016-03-22", "Tuesday")]
    clear = operations.clear_norm(session.repo, span_id, ISO)
    session.apply(clear)
    assert session.repo.span(span_id).norms == [PLACE]
    session.revert(clear)
    assert session.repo.span(span_id).norms == [PLACE, Normalization(ISO, "2016-03-22", "Tuesday")]


def test_a_place_takes_a_geonames_id_and_keeps_its_name(session: Session) -> None:
    _doc, span_id = proposed(session, NYALA, "GPE", PLACE)
    assert operations.set_norm(session.repo, span_id, "365137") is None  # the same entry: nothing to do
    session.apply(operations.set_norm(session.repo, span_id, "GeoNames:379252 Nyala Town"))
    assert session.repo.span(span_id).norms == [Normalization("GeoNames", "379252", "Nyala Town")]


@pytest.mark.parametrize(("typed", "resource", "message"), [
    ("2016-02-30", ISO, "'2016-02-30' is not an ISO 8601 date"),
    ("next Tuesday", ISO, "'next' is not an ISO 8601 date"),
    ("Nyala", "GeoNames", "'Nyala' is not a GeoNames id"),
    ("12", "", "write RESOURCE:ID"),
])
def test_bad_values_are_refused_in_one_line(typed: str, resource: str, message: str) -> None:
    with pytest.raises(ActionError, match=message):
        read_norm(typed, resource, "Tuesday")


def test_one_transaction_one_log_row_and_undo_after_a_restart(session: Session, project_path) -> None:
    _doc, span_id = proposed(session, TUESDAY, "DATE")
    session.apply(operations.set_norm(session.repo, span_id, "2016-03-22"))
    session.repo.close()
    again = Session(open_project(project_path))  # a restart: the undo stack comes from the log
    stack, done = again.undo_history()
    action, row = stack[done - 1]
    assert any(isinstance(a, SetSpanNorms) for a in getattr(action, "children", [action]))
    again.revert(action, replays=row)
    assert again.repo.span(span_id).norms == []
    again.repo.close()


def test_redo_refuses_when_another_window_changed_the_norms(session: Session) -> None:
    _doc, span_id = proposed(session, TUESDAY, "DATE")
    action = SetSpanNorms(span_id, [Normalization(ISO, "2016-03-22", "Tuesday")])
    session.apply(action)
    session.revert(action)
    session.apply(SetSpanNorms(span_id, [Normalization(ISO, "2016-03-15", "Tuesday")]))  # someone else
    with pytest.raises(ActionError, match="changed elsewhere"):
        session.apply(action)
    assert session.repo.span(span_id).norms[0].reference == "2016-03-15"


ENTRY = [Normalization("GeoNames", "369004", "Nyala"), Normalization("GeoNames", "408660", "Southern Darfur", "Admin1"),
         Normalization("GeoNames", "366755", "Sudan", "Country"),
         Normalization("WGS84", "12.04888,24.88069", "12.04888, 24.88069", "Coordinates")]


def test_a_place_entry_is_replaced_or_cleared_whole(session: Session) -> None:
    note = Normalization("Wikidata", "Q1016469", "Nyala")
    _doc, span_id = proposed(session, NYALA, "GPE", note, *ENTRY)  # as the gazetteer proposes a place
    assert operations.set_norm(session.repo, span_id, "369004") is None  # the same entry again
    session.apply(operations.set_norm(session.repo, span_id, "369004 Nyala city"))  # renamed: the rest stays
    assert session.repo.span(span_id).norms == [note, Normalization("GeoNames", "369004", "Nyala city"), *ENTRY[1:]]
    # Another entry: its old region, country and point go with the old id.
    session.apply(operations.set_norm(session.repo, span_id, "379252 Nyala (other)"))
    assert session.repo.span(span_id).norms == [note, Normalization("GeoNames", "379252", "Nyala (other)")]
    session.apply(operations.clear_norm(session.repo, span_id))
    assert session.repo.span(span_id).norms == [note]
