"""The export folder OUT: new, empty, or an earlier Annotary export of the same format, which
the manifest ``.annotary-export.json`` in it recognises (a hidden name: brat, ``spacy convert``
and Annotary's own import pass over dot-files). Anything else is refused, so nothing of the
user's is overwritten and no stale file of an older export stays beside the new one. The files
are written into a temporary folder and only moved into place when all of them are there: an
earlier export is swapped out whole, so a failed, cancelled or interrupted export leaves it as
it was.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import stat
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotate import __version__
from annotate.exports.collect import ExportError

MANIFEST = ".annotary-export.json"
_PARTIAL = ".annotary-partial-"  # inside a new or empty OUT, while writing
_NEW = ".annotary-new-"  # beside an earlier export, while writing its replacement
_OLD = ".annotary-old-"  # beside it, the earlier export for the moment of the swap
_SPACY_FILES = {"train.spacy", "dev.spacy", "config.cfg"}


def reason(exc: OSError) -> str:
    return "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))


@dataclass
class Target:
    """Where an export goes and how it gets there."""

    out: Path  # as the user named it
    real: Path  # the folder itself (a symbolic link to it resolved)
    replace: bool  # an earlier export of the same format is there
    created: list[Path] = field(default_factory=list)  # folders made for it, deepest first


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of an earlier export in ``folder``, or None when there is none."""
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ExportError(f"{path}: cannot read the export manifest ({exc})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), str) or not isinstance(manifest.get("files"), list):
        raise ExportError(f"{path}: not an Annotary export manifest")
    return manifest


def _earlier_spacy_export(out: Path, entries: set[str]) -> bool:
    """A spacy export written before exports had a manifest (``train`` re-exports into the
    same OUT_DIR/data): only its three files, its config.cfg pointing at this folder."""
    if "config.cfg" not in entries or not entries <= _SPACY_FILES:
        return False
    try:
        from thinc.api import Config

        paths = Config().from_disk(out / "config.cfg", interpolate=False).get("paths", {})
        return Path(str(paths.get("train"))).resolve() == (out / "train.spacy").resolve()
    except Exception:  # anything unreadable is simply not recognised
        return False


def plan_folder(out: Path, fmt: str) -> Target:
    """Check ``out`` can take this export, changing nothing; one clear error if not."""
    out = Path(out)
    if os.path.lexists(out) and not out.exists():
        raise ExportError(f"{out}: is a broken symbolic link")
    if not out.exists():
        return Target(out, out, replace=False)
    if not out.is_dir():
        raise ExportError(f"{out}: not a folder")
    real = out.resolve() if out.is_symlink() else out
    try:
        entries = {name for name in os.listdir(out) if not name.startswith(_PARTIAL)}
    except OSError as exc:
        raise ExportError(f"{out}: cannot read the export folder ({reason(exc)})") from None
    if not entries:
        return Target(out, real, replace=False)
    manifest = read_manifest(out)
    if manifest is None:
        if fmt == "spacy" and _earlier_spacy_export(out, entries):
            return Target(out, real, replace=True)
        raise ExportError(
            f"{out}: the folder is not empty and holds no earlier Annotary export; "
            "export into a new or empty folder"
        )
    if manifest["format"] != fmt:
        raise ExportError(
            f"{out}: holds an earlier {manifest['format']} export, not {fmt}; "
            "export into another folder (or delete this one)"
        )
    foreign = sorted(entries - {str(name) for name in manifest["files"]} - {MANIFEST})
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise ExportError(
            f"{out}: holds files that are not part of the earlier {fmt} export ({shown}); "
            "move them, or export into another folder"
        )
    return Target(out, real, replace=True)


def prepare_folder(out: Path) -> None:
    """Create ``out`` if needed and check it can be written, with one clear error if not."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"{out}: cannot create the export folder ({exc.strerror or exc})") from None
    if not out.is_dir():
        raise ExportError(f"{out}: not a folder")
    if not os.access(out, os.W_OK | os.X_OK):
        raise ExportError(f"{out}: the export folder is not writable")


def _new_folder(parent: Path, prefix: str, mode_of: Path | None = None) -> Path:
    """A new folder with a unique name (made with the usual permissions, or ``mode_of``'s)."""
    while True:
        path = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        if mode_of is not None:
            try:
                path.chmod(stat.S_IMODE(mode_of.stat().st_mode))
            except OSError:
                path.rmdir()
                raise
        return path


def stage(target: Target) -> Path:
    """The temporary folder the files are written into."""
    if target.replace:
        parent = target.real.parent
        try:
            return _new_folder(parent, f".{target.real.name}{_NEW}", mode_of=target.real)
        except OSError as exc:
            raise ExportError(
                f"{target.out}: cannot replace the earlier export: cannot write beside it in "
                f"{parent} ({reason(exc)})"
            ) from None
    missing = [p for p in (target.out, *target.out.parents) if not os.path.lexists(p)]
    prepare_folder(target.out)
    target.created = missing
    for name in os.listdir(target.out):  # left by an export that was killed
        if name.startswith(_PARTIAL):
            shutil.rmtree(target.out / name, ignore_errors=True)
    try:
        return _new_folder(target.out, _PARTIAL)
    except OSError as exc:
        raise ExportError(f"{target.out}: cannot write into the export folder ({reason(exc)})") from None


def commit(target: Target, staged: Path) -> None:
    """Move the finished export into place."""
    if not target.replace:
        moved: list[Path] = []
        try:
            for name in sorted(os.listdir(staged)):
                os.rename(staged / name, target.real / name)
                moved.append(target.real / name)
            os.rmdir(staged)
        except BaseException:
            for path in moved:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
            raise
        return
    # The earlier export steps aside for the moment of the swap, then goes.
    old = target.real.parent / f".{target.real.name}{_OLD}{secrets.token_hex(4)}"
    try:
        os.rename(target.real, old)
        os.rename(staged, target.real)
    except BaseException:
        if not os.path.lexists(target.real) and os.path.lexists(old):
            os.rename(old, target.real)
        raise
    shutil.rmtree(old, ignore_errors=True)


def abandon(target: Target, staged: Path | None) -> None:
    """Remove what a failed export wrote; an earlier export was never touched."""
    if staged is not None:
        shutil.rmtree(staged, ignore_errors=True)
    for folder in target.created:
        try:
            folder.rmdir()
        except OSError:
            break



def write_manifest(staged: Path, fmt: str, project: Path | str | None, status: str, documents: int) -> None:
    """Write the manifest that lets a later export recognise (and replace) this one."""
    manifest = {
        "annotary_export": 1,
        "format": fmt,
        "project": os.path.abspath(project) if project is not None else None,
        "status": status,
        "documents": documents,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "annotary_version": __version__,
        "files": sorted(os.listdir(staged)),
    }
    (staged / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
