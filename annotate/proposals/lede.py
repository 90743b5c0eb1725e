"""The dateline and the lede of wire copy, as event argument finding sees them.

``KHARTOUM, Thursday 24 March 2016 (Agency) - Gunmen attacked a convoy on Tuesday``: spaCy
takes the dateline and the lede for one sentence (often the headline too), so the parse hangs
the dateline's place and date off the lede's verb, and sometimes the lede's subject off a word
of the dateline or the headline. The dateline is the article's metadata, not an argument (ACE
does not annotate it): nothing is taken from it, and a phrase reaching into it is cut at its
dash. Its date stays the reference date of the article's times
(:mod:`annotate.proposals.time_norms` reads it from the text).
"""

from __future__ import annotations

from typing import Any

from annotate.proposals.clauses import VERBAL
from annotate.proposals.types import ProposedArgument

TokenRange = tuple[int, int]  # first and last token index, inclusive
LEDE_REACH = 12  # the lede's first verb is this near its dash, or the rule does not apply


def in_dateline(i: int, dateline: TokenRange | None) -> bool:
    """Whether token ``i`` lies in the dateline."""
    return dateline is not None and dateline[0] <= i <= dateline[1]


def outside_dateline(arg: ProposedArgument, doc: Any, dateline: TokenRange | None,
                     mention: str | None) -> ProposedArgument | None:
    """The filler with any part of it in the dateline cut off (a phrase that starts inside it
    starts after it); None when nothing is left, or when a name or value span reaches into it."""
    if dateline is None:
        return arg
    start, end = doc[dateline[0]].idx, doc[dateline[1]].idx + len(doc[dateline[1]].text)
    if arg.end <= start or arg.start >= end:
        return arg
    if arg.label != mention or arg.end <= end:
        return None  # a name or value span overlapping the dateline is the dateline's own
    after = next((t for t in doc[dateline[1] + 1 :] if not (t.is_punct or t.is_space)), None)
    if after is None or after.idx >= arg.end:
        return None
    return ProposedArgument(arg.role, after.idx, arg.end, arg.label, arg.score)


def lede_subject(trigger: Any, dateline: TokenRange | None) -> Any | None:
    """"MOGADISHU, ... (Agency) - Al-Shabaab fighters ambushed a convoy": the lede's first noun
    phrase, when the parse hung it off a word before the dash, is the subject of the lede's
    first verb (nothing but that phrase between the dash and the verb). Its root token, or None."""
    if dateline is None or trigger.pos_ != "VERB":
        return None
    lede = dateline[1] + 1
    between = trigger.doc[lede : trigger.i]
    if not lede < trigger.i <= lede + LEDE_REACH or any(
        t.pos_ in VERBAL and t.dep_ not in ("aux", "auxpass", "neg") for t in between
    ):
        return None
    for tok in between:
        # the phrase's root: attached before the dash (into the dateline or the headline)
        if tok.head.i < lede and tok.pos_ in ("NOUN", "PROPN", "PRON") and tok.dep_ not in ("compound", "amod"):
            return tok
    return None
