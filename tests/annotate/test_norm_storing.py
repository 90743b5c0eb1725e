"""Proposals' normalisations reach a real SQLite project: stored on new proposals, gathered
across proposers, added to unreviewed proposals, never to a decided span; dates the dateline
leaves open resolve against a publication date in the document's metadata."""

from __future__ import annotations

from annotate.actions import AcceptSpan, CreateSpan, RejectSpan
from annotate.formats.parsed import ParsedBatch, ParsedDocument
from annotate.model import Normalization, SpanStatus
from annotate.proposals.time_norms import ISO
from annotate.proposals.types import DocumentProposals, ProposedArgument, ProposedEvent, ProposedSpan
from annotate.session import Session
from store import open_project
from tests.conftest import add_document

TEXT = "KHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen attacked Nyala 🙂 on Tuesday."
SRC = "model:test@1.0"
TUESDAY = (TEXT.index("Tuesday"), TEXT.index("Tuesday") + 7)
NYALA = (TEXT.index("Nyala"), TEXT.index("Nyala") + 5)
ATTACKED = (TEXT.index("attacked"), TEXT.index("attacked") + 8)
DATE_NORM = Normalization(ISO, "2016-03-22", "Tuesday")
PLACE_NORM = Normalization("GeoNames", "365137", "Nyala")


def span(where: tuple[int, int], label: str, *norms: Normalization, source: str = SRC, score: float | None = None):
    return ProposedSpan(where[0], where[1], label, source, score, norms)


def stored_norms(session: Session, doc: int) -> dict[tuple[int, int, str], list[Normalization]]:
    return {(s.start, s.end, s.label): s.norms for s in session.repo.spans(doc)}


def test_norms_of_new_proposals_are_stored(session: Session, project_path) -> None:
    doc = add_document(session, TEXT)
    event = ProposedEvent("Conflict.Attack", *ATTACKED, (ProposedArgument("Time", *TUESDAY, "DATE", norms=(DATE_NORM,)),
                                                        ProposedArgument("Place", *NYALA, "GPE", norms=(PLACE_NORM,))), SRC)
    session.store_proposals({doc: [DocumentProposals(doc, (span(TUESDAY, "DATE", DATE_NORM),), (event,))]}, [SRC])
    session.repo.close()
    reopened = Session(open_project(project_path))  # read back from the file
    norms = stored_norms(reopened, doc)
    assert norms[(*TUESDAY, "DATE")] == [DATE_NORM]
    assert norms[(*NYALA, "GPE")] == [PLACE_NORM]  # the argument's new span takes its norm
    reopened.repo.close()


def test_norms_are_gathered_across_proposers(session: Session) -> None:
    doc = add_document(session, TEXT)
    best = span(NYALA, "GPE", source="pattern", score=1.0)  # merging keeps this one, without a norm
    other = span(NYALA, "GPE", PLACE_NORM, score=0.5)
    session.store_proposals({doc: [DocumentProposals(doc, (best,)), DocumentProposals(doc, (other,))]}, [SRC, "pattern"])
    (stored,) = session.repo.spans(doc)
    assert stored.source == "pattern" and stored.norms == [PLACE_NORM]


def test_an_unreviewed_proposal_gains_the_norms_it_lacks(session: Session) -> None:
    doc = add_document(session, TEXT)
    mine = Normalization(ISO, "2016-03-15", "Tuesday")
    session.store_proposals({doc: [DocumentProposals(doc, (span(TUESDAY, "DATE", mine),))]}, ["pattern"])
    session.store_proposals({doc: [DocumentProposals(doc, (span(TUESDAY, "DATE", DATE_NORM),))]}, [SRC])
    (stored,) = session.repo.spans(doc)
    assert stored.status == SpanStatus.PROPOSED and stored.norms == [mine, DATE_NORM]  # its own kept first


def test_a_decided_span_is_never_changed(session: Session) -> None:
    doc = add_document(session, TEXT)
    session.apply(CreateSpan(doc, *TUESDAY, "DATE"))  # the user's own
    session.store_proposals({doc: [DocumentProposals(doc, (span(NYALA, "GPE"),))]}, ["pattern"])
    nyala = next(s for s in session.repo.spans(doc) if s.label == "GPE")
    session.apply(AcceptSpan(nyala.id))
    before = {s.id: (s.norms, s.updated_at, s.status) for s in session.repo.spans(doc)}
    session.store_proposals({doc: [DocumentProposals(doc, (span(TUESDAY, "DATE", DATE_NORM), span(NYALA, "GPE", PLACE_NORM)))]},
                            [SRC])
    assert {s.id: (s.norms, s.updated_at, s.status) for s in session.repo.spans(doc)} == before


def test_a_rejected_proposal_is_not_changed(session: Session) -> None:
    doc = add_document(session, TEXT)
    session.store_proposals({doc: [DocumentProposals(doc, (span(NYALA, "GPE"),))]}, ["pattern"])
    (nyala,) = session.repo.spans(doc)
    session.apply(RejectSpan(nyala.id))
    session.store_proposals({doc: [DocumentProposals(doc, (span(NYALA, "GPE", PLACE_NORM),))]}, [SRC])
    assert session.repo.span(nyala.id).norms == []


def test_a_publication_date_in_the_metadata_resolves_a_yearless_dateline(session: Session) -> None:
    text = "GENEVA, March 24 (Agency) - Envoys met on Tuesday."
    session.import_batch(ParsedBatch(documents=[ParsedDocument(text, "t", "test", {"published": "2016-03-24"})]))
    plain = add_document(session, text + " ")  # the same article without the metadata
    (doc,) = [i for i in session.repo.document_ids() if i != plain]
    where = (text.index("Tuesday"), text.index("Tuesday") + 7)
    for d in (doc, plain):
        session.store_proposals({d: [DocumentProposals(d, (span(where, "DATE"),))]}, [SRC])
    assert stored_norms(session, doc)[(*where, "DATE")] == [DATE_NORM]
    assert stored_norms(session, plain)[(*where, "DATE")] == []  # no year: none guessed
