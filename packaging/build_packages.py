"""Linux packages from the one-folder build in dist/annotary/ (`make package`):

- ``dist/annotary-VERSION-linux-x86_64.tar.gz``: the folder as it is;
- ``dist/annotary_VERSION_amd64.deb``: installs under /opt/annotary with /usr/bin/annotary, a
  .desktop entry, an icon and the MIME type of ``.annotary`` files; built with ``dpkg-deb``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate import __version__  # noqa: E402
from system_deps import deb_depends  # noqa: E402  (packaging/ is sys.path[0] for this script)

DIST = ROOT / "dist"
TREE = DIST / "annotary"
# The system libraries Qt's plugins link and the build does not bundle (PyInstaller warns about
# them): the same soname -> package table that `make run` installs from (system_deps.py).
DEPENDS = deb_depends()
# CONTROL recommends what Qt's Wayland plugin links; without it Qt falls back to xcb (XWayland).

CONTROL = """Package: annotary
Version: {version}
Section: science
Priority: optional
Architecture: amd64
Maintainer: Annotary developers <dev@annotary.local>
Depends: {depends}
Recommends: libwayland-cursor0, libwayland-egl1
Installed-Size: {size}
Description: annotate entities and events in news articles, offline
 A desktop tool that proposes entity spans and events with spaCy's English
 pipeline (bundled) and lets you accept, fix and link them from the keyboard;
 exports spaCy DocBin, Prodigy JSONL, brat and CoNLL.
"""

POSTINST = """#!/bin/sh
set -e
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime || true; fi
if command -v update-desktop-database >/dev/null 2>&1; then update-desktop-database -q /usr/share/applications || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then gtk-update-icon-cache -q /usr/share/icons/hicolor || true; fi
"""


def tarball() -> Path:
    """The folder as a .tar.gz."""
    out = DIST / f"annotary-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(out, "w:gz") as tar:
        tar.add(TREE, arcname=f"annotary-{__version__}")
    return out


def deb() -> Path:
    """The .deb, laid out in a staging root and packed by dpkg-deb."""
    stage = DIST / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(TREE, stage / "opt" / "annotary", symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / "annotary").symlink_to("/opt/annotary/annotary")
    applications = stage / "usr" / "share" / "applications"
    applications.mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "annotary.desktop", applications / "annotary.desktop")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ROOT / "resources" / "icons" / "annotary.svg", icons / "annotary.svg")
    mime = stage / "usr" / "share" / "mime" / "packages"
    mime.mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "annotary-mime.xml", mime / "annotary.xml")
    debian = stage / "DEBIAN"
    debian.mkdir()
    size_kb = sum(p.stat().st_size for p in stage.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    (debian / "control").write_text(CONTROL.format(version=__version__, depends=DEPENDS, size=size_kb), encoding="utf-8")
    (debian / "postinst").write_text(POSTINST, encoding="utf-8")
    (debian / "postinst").chmod(0o755)
    out = DIST / f"annotary_{__version__}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(stage), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    return out


def main() -> None:
    if not (TREE / "annotary").exists():
        sys.exit("dist/annotary/ is missing: run 'make binary' first")
    for path in (tarball(), deb()):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
