"""Proposers: spaCy pipelines, pattern files and event rules that suggest spans and events.

spaCy is imported lazily inside these modules' functions, never at package import.
"""
