"""Reading and writing interchange formats: plain text, Prodigy-style JSONL, brat standoff."""
