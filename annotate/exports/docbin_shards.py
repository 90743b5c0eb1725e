"""A DocBin written in shards, so an export of any size holds a bounded number of Docs.

A ``DocBin`` keeps every Doc's arrays (about 100 bytes a token) until it is written. Up to
``shard_tokens`` tokens the part is one file, ``NAME.spacy``, as spaCy's own tools write it;
beyond, ``NAME.spacy`` is a folder of DocBin files ``00000.spacy``, ``00001.spacy``, ... of about
that many tokens each. spaCy's ``Corpus`` (and so ``spacy train``, ``spacy debug data`` and a
config's ``paths.train``/``paths.dev``) reads a folder of ``.spacy`` files as one corpus, in name
order, so the config names ``NAME.spacy`` either way.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

SHARD_TOKENS = 150_000  # about 15 MB of token arrays (and as much again while written)


class ShardedDocBin:
    """Docs added one at a time to ``path``: one DocBin file, or a folder of them."""

    def __init__(self, path: Path, shard_tokens: int = SHARD_TOKENS) -> None:
        self.path = path
        self.shard_tokens = shard_tokens
        self.documents = 0
        self.shards = 0  # DocBin files written to the shard folder so far
        self._folder = path.with_name(f".{path.name}.shards")  # named ``path`` once complete
        self._bin: Any = None
        self._tokens = 0
        self._new_bin()

    def _new_bin(self) -> None:
        from spacy.tokens import DocBin

        self._bin = DocBin(store_user_data=True)  # Annotary's records travel in user_data
        self._tokens = 0

    def add(self, doc: Any) -> None:
        """Add a Doc; a full shard is written out."""
        self._bin.add(doc)
        self.documents += 1
        self._tokens += len(doc)
        if self._tokens >= self.shard_tokens:
            self._write_shard()

    def _write_shard(self) -> None:
        self._folder.mkdir(exist_ok=True)
        self._bin.to_disk(self._folder / f"{self.shards:05d}.spacy")
        self.shards += 1
        self._new_bin()

    def close(self) -> str:
        """Write what is left; returns the line the report names the part with."""
        if self.shards == 0:  # it all fits in one: a single file, as spaCy writes it
            self._bin.to_disk(self.path)
            self._bin = None
            return f"{self.path} ({self.documents} documents)"
        if len(self._bin):
            self._write_shard()
        self._bin = None
        os.rename(self._folder, self.path)
        return f"{self.path}/ ({self.documents} documents in {self.shards} DocBin files)"
