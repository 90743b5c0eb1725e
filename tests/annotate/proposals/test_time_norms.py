"""ISO 8601 norms of dates: the article's reference date (dateline, metadata), dateparser's
resolution under the rules of annotate/proposals/time_norms.py, and the real pipeline's
proposals carrying them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from annotate.model import Normalization
from annotate.proposals.datelines import ReferenceDate, dateline_date, published_date, reference_date
from annotate.proposals.spacy_proposer import SpacyProposer
from annotate.proposals.time_norms import ISO, TimeResolver, add_time_norms, is_iso_value, time_norm
from annotate.proposals.types import ProposedArgument, ProposedEvent, ProposedSpan, TextInput
from annotate.resources import sample_articles
from tests.conftest import ARABIC_TEXT, EMOJI_TEXT

DATED = "Gunmen attack market\n\nKHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen attacked a market "
THURSDAY = ReferenceDate(3, 24, 2016, "dateline")


@pytest.mark.parametrize(("line", "expected"), [
    ("KHARTOUM, Thursday 24 March 2016 (Agency) - text", (3, 24, 2016)),
    ("Title\n\nGENEVA, March 3 (Meridian News Agency) - Envoys met", (3, 3, None)),
    ("MOMBASA, Kenya, October 14 (Meridian News Agency) - Thousands", (10, 14, None)),
    ("LONDON, March 24, 2016 (Reuters) - text", (3, 24, 2016)),
    ("CAIRO, Feb. 29 (X) — text", (2, 29, None)),
])
def test_datelines(line: str, expected: tuple[int, int, int | None]) -> None:
    found = dateline_date(line)
    assert found is not None and (found.month, found.day, found.year) == expected


@pytest.mark.parametrize("text", ["WASHINGTON (AP) — no date here", "US, China agree - a deal", "PARIS, March 32 (X) - y"])
def test_no_dateline(text: str) -> None:
    assert dateline_date(text) is None


def test_every_sample_has_a_dateline_without_a_year() -> None:
    lines = [dateline_date(path.read_text(encoding="utf-8")) for path in sample_articles()]
    assert lines and all(line is not None and line.year is None for line in lines)


def test_metadata_gives_the_year_a_dateline_lacks() -> None:
    text = "GENEVA, March 3 (Agency) - Envoys met on Tuesday."
    assert published_date({"published": "2020-03-03T09:00:00Z"}) == ReferenceDate(3, 3, 2020, "meta:published")
    assert reference_date(text, {"date": "2020-03-03"}) == ReferenceDate(3, 3, 2020, "meta:date")
    assert reference_date(DATED, {"date": "2020-03-03"}) == THURSDAY  # a dated dateline wins
    assert reference_date(text, {"date": "last Tuesday"}) == ReferenceDate(3, 3, None, "dateline")


@pytest.mark.parametrize(("text", "iso"), [
    ("Thursday", "2016-03-24"),  # the dateline's own day, not the week before
    ("on Thursday", "2016-03-24"),
    ("Tuesday", "2016-03-22"),
    ("early on Sunday morning", "2016-03-20"),
    ("Monday's", "2016-03-21"),
    ("yesterday", "2016-03-23"),
    ("last Thursday", "2016-03-17"),
    ("December 30", "2015-12-30"),  # the past one
    ("March 3", "2016-03-03"),
    ("24 March 2016", "2016-03-24"),
    ("last week", "2016-W11"),
    ("March 2016", "2016-03"),
    ("last month", "2016-02"),
    ("2016", "2016"),
    ("three years ago", "2013"),
])
def test_resolved_against_the_dateline(text: str, iso: str) -> None:
    assert TimeResolver(THURSDAY).resolve(text) == iso
    assert is_iso_value(iso)


@pytest.mark.parametrize("text", ["10 years", "a decade", "2015-16", "the 1990s", "6:40 a.m.", "second day",
                                  "between March and May", "every Tuesday", "the past week"])
def test_not_a_point_in_time_gets_no_norm(text: str) -> None:
    assert TimeResolver(THURSDAY).resolve(text) is None


@pytest.mark.parametrize(("text", "iso"), [("Tuesday", None), ("March 3", None), ("yesterday", None),
                                           ("March 2016", "2016-03"), ("24 March 2016", "2016-03-24")])
def test_without_a_year_only_dates_that_carry_one(text: str, iso: str | None) -> None:
    yearless = ReferenceDate(3, 3, None, "dateline")  # "GENEVA, March 3": the year is not guessed
    assert TimeResolver(yearless).resolve(text) == iso
    assert TimeResolver(None).resolve(text) == iso


def test_the_norm() -> None:
    assert time_norm("on Thursday", THURSDAY) == Normalization(ISO, "2016-03-24", "on Thursday", "Reference")
    assert time_norm("10 years", THURSDAY) is None


@pytest.mark.parametrize("value", ["2016-02-30", "2016-13", "2016-W54", "16-03-24", "2016-3-24", "March"])
def test_iso_values_are_checked(value: str) -> None:
    assert not is_iso_value(value)


@pytest.mark.parametrize("prefix", [EMOJI_TEXT, ARABIC_TEXT, "José 🇸🇩 "])
def test_norms_go_on_the_spans_offsets_unchanged(prefix: str) -> None:
    text = f"{prefix}\n\nKHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen struck on Tuesday 🙂 in Nyala."
    start = text.index("Tuesday")
    tuesday = ProposedSpan(start, start + 7, "DATE", "model:x@1")
    place = ProposedSpan(text.index("Nyala"), text.index("Nyala") + 5, "GPE", "model:x@1")
    event = ProposedEvent("Attack", text.index("struck"), text.index("struck") + 6,
                          (ProposedArgument("Time", start, start + 7, "DATE"),), "model:x@1")
    spans, events = add_time_norms(text, [tuesday, place], [event])
    assert spans[0].norms == (Normalization(ISO, "2016-03-22", "Tuesday"),)
    assert (spans[0].start, spans[0].end) == (tuesday.start, tuesday.end)
    assert text[spans[0].start:spans[0].end] == "Tuesday"
    assert spans[1] == place
    assert events[0].arguments[0].norms == (Normalization(ISO, "2016-03-22", "Tuesday"),)


def test_a_norm_already_there_is_kept() -> None:
    mine = Normalization(ISO, "2016-03-23", "Tuesday")
    span = ProposedSpan(DATED.index("Gunmen attacked"), DATED.index("Gunmen attacked") + 6, "DATE", "x", norms=(mine,))
    assert add_time_norms(DATED, [span], [])[0][0].norms == (mine,)


def test_dateparser_is_not_imported_at_window_start_or_without_dates() -> None:
    code = ("import sys, gui.main_window, gui.app, annotate.proposals.spacy_proposer, annotate.operations\n"
            "from annotate.proposals.time_norms import add_time_norms\n"
            "from annotate.proposals.types import ProposedSpan\n"
            "add_time_norms('KHARTOUM, 24 March 2016 (A) - x', [ProposedSpan(0, 8, 'GPE', 'x')], [])\n"
            "print('dateparser' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.slow
def test_the_pipeline_proposes_dates_with_norms(ace_proposer: SpacyProposer) -> None:
    text = (DATED + "in the Darfur town of Nyala on Tuesday, killing nine people, police said 🙂.\n\n"
            "Talks were held in Doha in March 2016, and again last month.")
    (result,) = ace_proposer.propose([TextInput(1, text)])
    norms = {text[s.start:s.end]: [n.reference for n in s.norms] for s in result.spans if s.label == "DATE"}
    assert norms["Tuesday"] == ["2016-03-22"]
    assert norms["March 2016"] == ["2016-03"]
    assert norms["Thursday 24 March 2016"] == ["2016-03-24"]
    times = [a for e in result.events for a in e.arguments if a.role == "Time"]
    assert times and all(a.norms and a.norms[0].resource == ISO for a in times)


@pytest.mark.slow
def test_the_samples_get_no_guessed_year(ace_proposer: SpacyProposer) -> None:
    inputs = [TextInput(i, p.read_text(encoding="utf-8")) for i, p in enumerate(sample_articles())]
    results = ace_proposer.propose(inputs)
    dates = [(inputs[r.document_id].text[s.start:s.end], s.norms) for r in results for s in r.spans
             if s.label == "DATE"]
    assert dates
    for text, norms in dates:  # a norm only where the date itself names its year
        assert not norms or any(ch.isdigit() for ch in text) and norms[0].reference[:4] in text, (text, norms)



def test_values_shared_across_articles_only_for_the_same_reference_day() -> None:
    """Resolved values are kept across articles (a wire feed repeats its "Tuesday"s), keyed by
    the reference day: another article's day gives its own value."""
    assert TimeResolver(THURSDAY).resolve("Tuesday") == "2016-03-22"
    assert TimeResolver(ReferenceDate(3, 31, 2016, "dateline")).resolve("Tuesday") == "2016-03-29"
    assert TimeResolver(ReferenceDate(3, 31, 2016, "dateline")).resolve("yesterday") == "2016-03-30"
    assert TimeResolver(THURSDAY).resolve("yesterday") == "2016-03-23"
    assert TimeResolver(ReferenceDate(3, 31, None, "dateline")).resolve("yesterday") is None


@pytest.mark.slow
def test_loading_the_proposer_loads_dateparser_so_the_first_article_does_not_pay() -> None:
    import subprocess
    import sys

    code = ("import sys; from annotate.proposals.spacy_proposer import SpacyProposer; "
            "from annotate.proposals.pipelines import default_pipeline; from annotate.resources import builtin_schema; "
            "p = SpacyProposer(default_pipeline(), builtin_schema('news-ace')); "
            "assert 'dateparser' not in sys.modules; p.nlp; "
            "assert 'dateparser.languages.loader' in sys.modules, 'not loaded with the pipeline'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=str(__import__("pathlib").Path(__file__).resolve().parents[3]))
    assert done.returncode == 0, done.stderr
