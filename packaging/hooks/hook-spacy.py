"""spaCy for Annotary's build: English only.

pyinstaller-hooks-contrib's hook collects every language's code and data (over 100 MB); a hook
in this folder takes precedence. The shared tokenizer modules of ``spacy.lang`` and
``spacy.lang.en`` are kept; tests are dropped.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

SHARED = ("spacy.lang.char_classes", "spacy.lang.lex_attrs", "spacy.lang.norm_exceptions",
          "spacy.lang.punctuation", "spacy.lang.tokenizer_exceptions")


def _wanted(name: str) -> bool:
    if name.startswith("spacy.tests"):
        return False
    if name.startswith("spacy.lang."):
        return name.startswith("spacy.lang.en") or name in SHARED
    return True


hiddenimports = collect_submodules("spacy", filter=_wanted)
datas = [
    (source, target) for source, target in collect_data_files("spacy")
    if "/lang/" not in source.replace("\\", "/") or "/lang/en/" in source.replace("\\", "/")
]
