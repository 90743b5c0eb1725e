"""Annotary's domain: documents, spans, events, schemas, actions and formats.

Pure Python: nothing here imports Qt, SQL or the store.
"""

__version__ = "0.1.0"
