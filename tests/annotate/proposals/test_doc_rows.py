"""DocRows, the one-pass reading of a parsed doc the event proposer uses instead of Token
objects: it must agree with spaCy's own ``token.sent`` and ``doc.text`` (real pipeline)."""

from __future__ import annotations

import pytest

from annotate.proposals.datelines import HEAD
from annotate.proposals.doc_rows import DocRows
from annotate.proposals.spacy_proposer import SpacyProposer
from tests.conftest import ARABIC_TEXT, EMOJI_TEXT

TEXTS = [
    "Rebels Attack Convoy Near Border\n\nKHARTOUM, March 3 (Agency) - Rebels attacked a convoy. "
    "Police said 12 people died.  Talks Resume In Geneva\nThe talks resumed on Monday.",
    f"{EMOJI_TEXT} Protesters marched in the capital. {ARABIC_TEXT} The army fired on them.\n\nNo one was hurt.",
    "e\u0301te\u0301 \U0001F1F8\U0001F1E9 Troops Shelled The Town. Officials Said Nothing. " * 12,
]


@pytest.mark.slow
@pytest.mark.parametrize("text", TEXTS)
def test_sentences_and_text_agree_with_spacy(ace_proposer: SpacyProposer, text: str) -> None:
    doc = ace_proposer.nlp(text)
    rows = DocRows(doc)
    assert len(rows.words) == len(doc)
    assert [rows.sentence(t.i) for t in doc] == [(t.sent.start, t.sent.end) for t in doc]
    for limit in (1, 17, 60, HEAD, len(text) + 5):
        assert rows.head_text(limit) == doc.text[:limit]


@pytest.mark.slow
def test_headline_casing_by_sentence(ace_proposer: SpacyProposer) -> None:
    doc = ace_proposer.nlp("Troops Shelled The Border Town Overnight. Officials said nothing about the shelling today.")
    rows = DocRows(doc)
    second = next(t.i for t in doc if t.text == "Officials")
    assert rows.headline_cased(doc[1].i)  # a title-cased sentence
    assert rows.headline_cased(second)  # starts its sentence
    assert not rows.headline_cased(second + 1)  # a sentence in plain case


@pytest.mark.slow
def test_an_empty_doc(ace_proposer: SpacyProposer) -> None:
    rows = DocRows(ace_proposer.nlp.make_doc(""))
    assert rows.words == [] and rows.head_text(HEAD) == ""
