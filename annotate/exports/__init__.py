"""Training data out of a project: spaCy DocBin, Prodigy-style JSONL, brat standoff, CoNLL IOB.

Each writer takes :class:`~annotate.exports.collect.ExportDocument` records (no SQL here) and
adds to an :class:`~annotate.exports.collect.ExportReport` what it left out and why.
"""
