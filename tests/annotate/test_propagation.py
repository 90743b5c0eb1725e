"""Label all occurrences: which other places of a text are occurrences (whole words, Unicode),
what is proposed there, and the gestures that propose them — on real SQLite projects."""

from __future__ import annotations

import tracemalloc
from dataclasses import replace

import pytest

from annotate.actions import CreateSpan, ProposeSpans
from annotate.actions.codec import decode, encode
from annotate.errors import ActionError
from annotate.model import SOURCE_PROPAGATION, SOURCE_USER, DocStatus, Span, SpanStatus
from annotate.operations import accept_all, mark_done, reject, skip
from annotate.operations.propagation import (
    accept_propagating,
    label_all_in_project,
    label_propagating,
    plan_label_all,
    proposed_by,
    relabel_propagating,
)
from annotate.propagation import SCORE_OTHER_DOCUMENT, SCORE_SAME_DOCUMENT, occurrences, propose_occurrences
from annotate.session import Session
from tests.conftest import add_document

MODEL = "model:test@1.0"
TEXT = "Obama met Putin. Later Obama flew home; Obamacare and Obama's plan, said OBAMA and obama."


def found(text: str, needle: str) -> list[str]:
    """Each occurrence with one character either side, to see where it was found."""
    return [text[max(0, s - 1):e + 1] for s, e in occurrences(text, needle)]


def ranges(session: Session, doc: int, source: str | None = None) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label, s.status.value) for s in session.repo.spans(doc)
            if source is None or s.source == source]


def at_all(text: str, word: str) -> list[tuple[int, int]]:
    return list(occurrences(text, word))


def proposal(session: Session, doc: int, start: int, end: int, label: str, score: float | None = None) -> int:
    action = CreateSpan(doc, start, end, label, SpanStatus.PROPOSED, MODEL, score)
    session.apply(action)
    assert action.span_id is not None
    return action.span_id


def apply(session: Session, action) -> None:
    assert action is not None
    assert session.apply(action).applied


# -- occurrences: whole words, case, Unicode ------------------------------------------------------
def test_whole_words_only_and_case_sensitive() -> None:
    assert found(TEXT, "Obama") == ["Obama ", " Obama ", " Obama'"]  # not Obamacare, OBAMA, obama


def test_a_match_inside_a_longer_word_is_none() -> None:
    assert found("Iranian Iran-Iraq Iran_x Iran2 Iran.", "Iran") == [" Iran-", " Iran."]
    assert found("$50 and $5 each", "$5") == [" $5 "]


def test_arabic_a_word_with_a_prefix_or_a_vowel_sign_is_another_word() -> None:
    text = "محكمة القاهرة والقاهرة القاهرةُ، القاهرة."
    assert found(text, "القاهرة") == [" القاهرة ", " القاهرة."]  # not after و, not before the damma


def test_combining_marks_belong_to_the_character_before() -> None:
    text = "Jose\u0301 met Jose and José."
    assert found(text, "Jose") == [" Jose "]  # "Jose" + U+0301 is José: not a match
    assert found(text, "Jose\u0301") == ["Jose\u0301 "]  # the decomposed name; the composed one is other code points


def test_emoji_sequences_are_not_cut() -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"
    text = f"🌊 {family} \U0001F44D\U0001F3FD 🌊!"
    assert found(text, "🌊") == ["🌊 ", " 🌊!"]
    assert found(text, "\U0001F469") == []  # a member of the family sequence
    assert found(text, "\U0001F44D") == []  # a thumb with its skin tone
    assert found("🇺🇸🇫🇷 🇫🇷", "🇫🇷") == [" 🇫🇷"]  # not the second flag of a pair (🇸🇫 is not one)


def test_offsets_are_code_points_after_emoji() -> None:
    text = "🌊🌊 Beira 🙏 Beira"
    assert [text[s:e] for s, e in occurrences(text, "Beira")] == ["Beira", "Beira"]
    assert list(occurrences(text, "Beira")) == [(3, 8), (11, 16)]


def test_blank_needle_finds_nothing() -> None:
    assert list(occurrences("a  b", " ")) == []


# -- what is proposed -------------------------------------------------------------------------------
def test_decisions_and_existing_spans_are_left_alone() -> None:
    text = "Jordan said Jordan and Jordan and Michael Jordan and Jordan left Jordan."
    spots = at_all(text, "Jordan")
    spans = [
        Span(1, *spots[0], "PERSON", SpanStatus.ACCEPTED, SOURCE_USER, id=1),     # the source
        Span(1, *spots[1], "GPE", SpanStatus.ACCEPTED, MODEL, id=2),              # accepted, another label
        Span(1, *spots[2], "PERSON", SpanStatus.REJECTED, MODEL, id=3),           # rejected as PERSON
        Span(1, spots[3][0] - 8, spots[3][1], "PERSON", SpanStatus.ACCEPTED, id=4),  # "Michael Jordan"
        Span(1, *spots[4], "PERSON", SpanStatus.PROPOSED, MODEL, id=5),           # proposed already
        Span(1, *spots[5], "ORG", SpanStatus.REJECTED, MODEL, id=6),              # rejected as another label
    ]
    made = propose_occurrences(1, text, "Jordan", "PERSON", spans, SCORE_SAME_DOCUMENT)
    assert [(s.start, s.end) for s in made] == [spots[5]]
    (span,) = made
    assert (span.label, span.status, span.source, span.score) == ("PERSON", SpanStatus.PROPOSED, SOURCE_PROPAGATION, 1.0)


def test_a_proposal_of_the_same_label_blocks_and_one_of_another_label_does_not() -> None:
    text = "Barack Obama and Obama, Obama and Obama Foundation."
    spots = at_all(text, "Obama")
    spans = [
        Span(1, 0, 12, "PERSON", SpanStatus.PROPOSED, MODEL, id=1),              # "Barack Obama": blocks
        Span(1, *spots[2], "ORG", SpanStatus.PROPOSED, MODEL, id=2),              # same range, another label
        Span(1, spots[3][0], len(text) - 1, "ORG", SpanStatus.PROPOSED, MODEL, id=3),  # "Obama Foundation"
    ]
    made = propose_occurrences(1, text, "Obama", "PERSON", spans, SCORE_SAME_DOCUMENT, skip=spots[1])
    # Not inside the PERSON proposal; competing labels on one range are kept, as merging keeps them.
    assert [(s.start, s.end) for s in made] == [spots[2], spots[3]]


def test_accepting_does_not_nest_a_proposal_inside_a_proposal_of_its_label(session: Session) -> None:
    text = "John Kerry met Lavrov. Kerry left."
    doc = add_document(session, text)
    proposal(session, doc, 0, 10, "PERSON")  # the model's "John Kerry"
    kerry = proposal(session, doc, *at_all(text, "Kerry")[1], "PERSON")
    assert accept_propagating(session.repo, kerry) is not None
    apply(session, accept_propagating(session.repo, kerry))
    assert ranges(session, doc, SOURCE_PROPAGATION) == []
    assert ranges(session, doc) == [(0, 10, "PERSON", "proposed"), (23, 28, "PERSON", "accepted")]


def test_the_article_scores_above_the_rest_of_the_project() -> None:
    assert SCORE_SAME_DOCUMENT > SCORE_OTHER_DOCUMENT > 0


# -- accepting and creating, in the article ----------------------------------------------------
@pytest.fixture
def doc(session: Session) -> int:
    return add_document(session, TEXT)


def test_accepting_proposes_the_same_text_in_the_article_and_one_undo_takes_both(session: Session, doc: int) -> None:
    first = at_all(TEXT, "Obama")
    obama = proposal(session, doc, *first[0], "PERSON", 0.6)
    session.repo.set_document_status(doc, DocStatus.NEW)
    action = accept_propagating(session.repo, obama)
    assert proposed_by(action) == (2, 1)
    apply(session, action)
    made = [(s, e) for s, e, *_ in ranges(session, doc, SOURCE_PROPAGATION)]
    assert made == first[1:]
    assert {s.score for s in session.repo.spans(doc) if s.source == SOURCE_PROPAGATION} == {SCORE_SAME_DOCUMENT}
    assert session.repo.span(obama).status == SpanStatus.ACCEPTED
    assert session.repo.document(doc).status == DocStatus.IN_PROGRESS
    session.revert(action)  # one undo: the accept and the proposals it caused
    assert ranges(session, doc) == [(*first[0], "PERSON", "proposed")]
    assert session.repo.document(doc).status == DocStatus.NEW
    session.apply(action)  # redo: the very same rows
    assert len(ranges(session, doc, SOURCE_PROPAGATION)) == 2


def test_accepting_a_propagated_proposal_proposes_nothing_more(session: Session, doc: int) -> None:
    obama = proposal(session, doc, *at_all(TEXT, "Obama")[0], "PERSON")
    apply(session, accept_propagating(session.repo, obama))
    second = next(s for s in session.repo.spans(doc) if s.source == SOURCE_PROPAGATION)
    again = accept_propagating(session.repo, second.id)
    assert proposed_by(again) == (0, 0)
    apply(session, again)
    assert len(ranges(session, doc)) == 3
    assert accept_propagating(session.repo, obama) is None  # accepted, nothing new: no step


def test_creating_a_span_proposes_its_text_elsewhere(session: Session, doc: int) -> None:
    spots = at_all(TEXT, "Obama")
    action = label_propagating(session.repo, doc, *spots[1], "PERSON")
    apply(session, action)
    assert ranges(session, doc) == [(*spots[0], "PERSON", "proposed"), (*spots[1], "PERSON", "accepted"),
                                    (*spots[2], "PERSON", "proposed")]
    session.revert(action)
    assert ranges(session, doc) == []


def test_rejecting_never_propagates_and_leaves_the_proposals_it_caused(session: Session, doc: int) -> None:
    spots = at_all(TEXT, "Obama")
    obama = proposal(session, doc, *spots[0], "PERSON")
    apply(session, reject(session.repo, obama))
    assert ranges(session, doc, SOURCE_PROPAGATION) == []
    apply(session, accept_propagating(session.repo, obama))  # changed their mind
    apply(session, reject(session.repo, obama))
    assert [st for *_, st in ranges(session, doc, SOURCE_PROPAGATION)] == ["proposed", "proposed"]
    # ...and the rejected one is never proposed again from its other occurrences.
    other = next(s for s in session.repo.spans(doc) if s.source == SOURCE_PROPAGATION)
    assert proposed_by(accept_propagating(session.repo, other.id)) == (0, 0)


def test_a_label_key_on_a_proposal_decides_it_and_propagates_the_new_label(session: Session, doc: int) -> None:
    obama = proposal(session, doc, *at_all(TEXT, "Obama")[0], "ORG")
    assert proposed_by(relabel_propagating(session.repo, obama, "ORG")) == (2, 1)  # its own: an accept
    # Another label on a proposal relabels and accepts it: the annotator decided this text.
    relabelled = relabel_propagating(session.repo, obama, "PERSON")
    assert proposed_by(relabelled) == (2, 1)
    apply(session, relabelled)
    assert [label for *_, label, _ in ranges(session, doc, SOURCE_PROPAGATION)] == ["PERSON", "PERSON"]
    # On a span already decided, trying labels proposes nothing.
    assert proposed_by(relabel_propagating(session.repo, obama, "ORG")) == (0, 0)


def test_accept_all_does_not_propagate(session: Session, doc: int) -> None:
    proposal(session, doc, *at_all(TEXT, "Obama")[0], "PERSON")
    apply(session, accept_all(session.repo, doc))
    assert ranges(session, doc, SOURCE_PROPAGATION) == []


# -- the whole project ------------------------------------------------------------------------
def test_label_all_in_the_project_is_one_undoable_step(session: Session, doc: int) -> None:
    other = add_document(session, "Putin and Obama spoke. Obama's aide left.")
    none = add_document(session, "Obamacare passed.")
    obama = proposal(session, doc, *at_all(TEXT, "Obama")[0], "PERSON")
    action = label_all_in_project(session.repo, obama)
    assert proposed_by(action) == (4, 2)
    assert action is not None and "4 in 2 documents" in action.description
    apply(session, action)
    assert session.repo.span(obama).status == SpanStatus.ACCEPTED  # a proposal is accepted too
    scores = {(s.document_id, s.score) for d in (doc, other) for s in session.repo.spans(d)
              if s.source == SOURCE_PROPAGATION}
    assert scores == {(doc, SCORE_SAME_DOCUMENT), (other, SCORE_OTHER_DOCUMENT)}
    assert ranges(session, none) == []
    assert session.repo.document(other).status == DocStatus.NEW  # proposals do not touch a document
    assert label_all_in_project(session.repo, obama) is None  # again: nothing new
    session.revert(action)
    assert ranges(session, other) == [] and session.repo.span(obama).status == SpanStatus.PROPOSED


def test_label_all_refuses_a_rejected_span(session: Session, doc: int) -> None:
    obama = proposal(session, doc, *at_all(TEXT, "Obama")[0], "PERSON")
    apply(session, reject(session.repo, obama))
    with pytest.raises(ActionError, match="never propagated"):
        label_all_in_project(session.repo, obama)


def test_the_step_survives_a_restart(session: Session, doc: int) -> None:
    other = add_document(session, "Obama again.")
    obama = proposal(session, doc, *at_all(TEXT, "Obama")[0], "PERSON")
    action = label_all_in_project(session.repo, obama)
    apply(session, action)
    (restored, _row), = [entry for entry in session.undo_history()[0] if entry[0].name == "label_all"]
    assert restored.name == decode(encode(action)).name == "label_all"
    changes = session.revert(restored)  # as Ctrl+Z after a restart
    assert other in changes.documents and ranges(session, other) == []


def test_label_all_reads_one_document_at_a_time(session: Session) -> None:
    filler = "Words without the name, " * 2000  # about 48 KB of text a document
    for i in range(40):
        add_document(session, f"{filler} {i} Zelensky spoke.")
    source = add_document(session, "Zelensky met Putin.")
    zelensky = proposal(session, source, 0, 8, "PERSON")
    tracemalloc.start()
    action = label_all_in_project(session.repo, zelensky)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert proposed_by(action) == (40, 40)
    assert peak < 1_000_000, peak  # the 40 texts are 2 MB: never all held at once
    assert isinstance(action, ProposeSpans) or isinstance(action.children[-1], ProposeSpans)  # type: ignore[union-attr]


def test_triggers_mentions_and_discontinuous_spans_are_not_propagated(session: Session, doc: int) -> None:
    met = proposal(session, doc, 6, 9, "Contact.Meet")  # "met": a trigger alone would lack its event
    assert proposed_by(accept_propagating(session.repo, met)) == (0, 0)
    text = "forces and forces"
    other = add_document(session, text)
    assert proposed_by(label_propagating(session.repo, other, 0, 6, "MENTION")) == (0, 0)
    assert proposed_by(label_propagating(session.repo, other, 0, 6, "ORG")) == (1, 1)
    with pytest.raises(ActionError, match="not an entity label"):
        label_all_in_project(session.repo, met)
    forces = proposal(session, other, 0, 6, "ORG")
    session.repo.update_span(replace(session.repo.span(forces), fragments=((0, 2), (4, 6))))
    assert proposed_by(accept_propagating(session.repo, forces)) == (0, 0)


# -- documents marked done or skipped -----------------------------------------------------------
def test_label_all_leaves_out_documents_done_or_skipped_and_counts_them(session: Session) -> None:
    source = add_document(session, "Kerry met Lavrov. Kerry left.")
    done = add_document(session, "Kerry spoke.")
    skipped = add_document(session, "Kerry phoned.")
    open_ = add_document(session, "Kerry flew home.")
    quiet = add_document(session, "Lavrov only.")
    apply(session, mark_done(session.repo, done))
    apply(session, mark_done(session.repo, quiet))  # done, but no Kerry: not counted
    apply(session, skip(session.repo, skipped))
    kerry = proposal(session, source, 0, 5, "PERSON")
    plan = plan_label_all(session.repo, kerry)
    assert (plan.proposed, plan.documents, plan.left_out) == (2, 2, 2)
    assert plan.message() == "Proposed “Kerry” as PERSON 2 time(s) in 2 document(s). " \
        "Left out 2 document(s) marked done or skipped."
    apply(session, plan.action)
    assert ranges(session, done) == ranges(session, skipped) == []
    assert session.repo.document(done).status == DocStatus.DONE
    assert [d for d in (source, open_) if ranges(session, d, SOURCE_PROPAGATION)] == [source, open_]
    again = plan_label_all(session.repo, kerry)  # nothing new, two still left out
    assert again.action is None and again.message() == "No new “Kerry” proposed. " \
        "Left out 2 document(s) marked done or skipped."


def test_label_all_from_a_done_article_proposes_elsewhere_but_not_in_it(session: Session) -> None:
    source = add_document(session, "Kerry met Lavrov. Kerry left.")
    other = add_document(session, "Kerry spoke.")
    kerry = proposal(session, source, 0, 5, "PERSON")
    apply(session, mark_done(session.repo, source, "accept"))
    plan = plan_label_all(session.repo, kerry)
    assert (plan.proposed, plan.documents, plan.left_out) == (1, 1, 1)
    apply(session, plan.action)
    assert ranges(session, source, SOURCE_PROPAGATION) == [] and len(ranges(session, other)) == 1
    assert session.repo.document(source).status == DocStatus.DONE


def test_label_all_from_a_skipped_article_proposes_in_it(session: Session) -> None:
    source = add_document(session, "Kerry met Lavrov. Kerry left.")
    apply(session, skip(session.repo, source))
    plan = plan_label_all(session.repo, proposal(session, source, 0, 5, "PERSON"))
    assert (plan.proposed, plan.left_out) == (1, 0)  # the annotator is working in it


def test_a_done_article_gets_no_proposals_from_accepting_or_labelling(session: Session, doc: int) -> None:
    spots = at_all(TEXT, "Obama")
    obama = proposal(session, doc, *spots[0], "PERSON")
    apply(session, mark_done(session.repo, doc, "accept"))  # done, with Obama accepted
    assert accept_propagating(session.repo, obama) is None  # accepted already, nothing proposed
    action = label_propagating(session.repo, doc, *spots[1], "PERSON")  # a decision in a done article ...
    assert proposed_by(action) == (0, 0)
    apply(session, action)
    assert ranges(session, doc, SOURCE_PROPAGATION) == []  # ... leaves nothing unreviewed behind
    assert session.repo.document(doc).status == DocStatus.DONE
