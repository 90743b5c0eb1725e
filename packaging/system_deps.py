"""The system libraries Qt's platform plugins need, found and installed (`make run`, `make test`).

PySide6's wheel bundles Qt itself but not the X11/xcb, GL, font and GLib libraries its plugins
link against; on a bare Debian/Ubuntu, Qt then aborts with 'Could not load the Qt platform plugin
"xcb"'. This module reads what the installed plugins need (the ELF ``DT_NEEDED`` entries, followed
through the Qt libraries bundled with PySide6, for the table's test), asks the dynamic loader (``ldd``) which of them
it cannot find, and installs their Debian packages with apt-get when it can do so without a
prompt; otherwise it prints one line with the command to run.

Before the venv exists, ``--venv`` does the same for ``python -m venv`` itself: Debian and Ubuntu
ship its pip bootstrap (``ensurepip``) apart, in ``pythonX.Y-venv``. This file is pure stdlib so
that the system's ``python3`` can run it then.

``SONAME_PACKAGES`` is the one soname -> Debian package table: ``packaging/build_packages.py``
builds the .deb's ``Depends`` from it.

    python packaging/system_deps.py --check     # report only
    python packaging/system_deps.py --install   # exit 0 when all present or installed, else 1
    python3 packaging/system_deps.py --venv     # the same for ensurepip (pythonX.Y-venv)
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

# Every library outside PySide6 that the scanned Qt files link, with its Debian/Ubuntu package
# (the same names on both; Ubuntu 24.04's "t64" renames provide the old names). The first entries
# were the .deb's hand-written Depends; they stay even where Qt no longer links them (xinerama).
SONAME_PACKAGES: dict[str, str] = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libxcb.so.1": "libxcb1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}

# C and C++ runtime libraries: every Debian/Ubuntu has them (libc6 is Essential, and apt itself
# needs libstdc++6 and libgcc-s1), and Python could not run without the first ones.
CORE_SONAMES = frozenset({
    "libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1",
    "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libgcc_s.so.1", "libstdc++.so.6",
})

# The files whose loading must succeed: the two platform plugins we use (xcb on a desktop,
# offscreen in the tests), the GL integrations the xcb plugin loads, and the modules we import.
ROOTS = (
    "Qt/plugins/platforms/libqxcb.so",
    "Qt/plugins/platforms/libqoffscreen.so",
    "Qt/plugins/xcbglintegrations/*.so",
    "QtCore.abi3.so",
    "QtGui.abi3.so",
    "QtWidgets.abi3.so",
)

def needed(path: Path) -> list[str]:
    """The ``DT_NEEDED`` sonames of an ELF file (pyelftools, a test dependency: only the table's
    test and ``external_sonames`` read ELF; the install check itself asks ``ldd``)."""
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile

    with path.open("rb") as fh:
        elf = ELFFile(fh)
        return [tag.needed for section in elf.iter_sections() if isinstance(section, DynamicSection)
                for tag in section.iter_tags() if tag.entry.d_tag == "DT_NEEDED"]


def package_dir(name: str) -> Path:
    """The folder of an installed package, found by the running interpreter without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{name} is not installed in {sys.executable}")
    return Path(next(iter(spec.submodule_search_locations)))


def bundled_dirs(pyside: Path) -> list[Path]:
    """Where PySide6's files find their own libraries (their RPATH/RUNPATH)."""
    dirs = [pyside, pyside / "Qt" / "lib"]
    if importlib.util.find_spec("shiboken6") is not None:
        dirs.append(package_dir("shiboken6"))
    return dirs


def roots(pyside: Path) -> list[Path]:
    """The installed files of ``ROOTS``."""
    return sorted(p for pattern in ROOTS for p in pyside.glob(pattern))


def external_sonames(pyside: Path | None = None) -> set[str]:
    """Every soname the root files need, transitively through PySide6's bundled libraries,
    that is not bundled itself: what the system must provide."""
    pyside = pyside or package_dir("PySide6")
    dirs = bundled_dirs(pyside)
    external: set[str] = set()
    seen: set[Path] = set()
    todo = roots(pyside)
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for soname in needed(path):
            local = next((d / soname for d in dirs if (d / soname).exists()), None)
            if local is None:
                external.add(soname)
            else:
                todo.append(local)
    return external


def missing_sonames(pyside: Path | None = None) -> set[str] | None:
    """The sonames the dynamic loader cannot find for the root files (``ldd``'s "not found",
    which also covers what the system's own libraries need); None without ``ldd``."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    files = [str(p) for p in roots(pyside or package_dir("PySide6"))]
    out = subprocess.run([ldd, *files], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines() if "=> not found" in line}


def packages_for(sonames: Iterable[str]) -> tuple[list[str], list[str]]:
    """The Debian packages for these sonames (sorted, no repeats), and the sonames not in the table."""
    packages = sorted({SONAME_PACKAGES[s] for s in sonames if s in SONAME_PACKAGES})
    return packages, sorted(s for s in sonames if s not in SONAME_PACKAGES)


def deb_depends() -> str:
    """The .deb's ``Depends`` field: libc6 and every package of the table, in table order."""
    return ", ".join(dict.fromkeys(["libc6", *SONAME_PACKAGES.values()]))


def has_apt() -> bool:
    """Whether this is a Debian-like system (apt-get and dpkg)."""
    return shutil.which("apt-get") is not None and shutil.which("dpkg") is not None


def privilege() -> list[str] | None:
    """The prefix that runs a command as root without a prompt: [] as root, sudo -n when sudo
    needs no password, None when neither."""
    if os.geteuid() == 0:
        return []
    sudo = shutil.which("sudo")
    if sudo and subprocess.run([sudo, "-n", "true"], capture_output=True).returncode == 0:
        # sudo drops the environment; DEBIAN_FRONTEND=... on its command line passes it through.
        return [sudo, "-n", "DEBIAN_FRONTEND=noninteractive"]
    return None


# The last line apt printed on failure, shown only if we give up (a first attempt that fails on
# stale package lists and then succeeds after apt-get update should leave no error on screen).
apt_errors: list[str] = []


def run_quietly(command: list[str]) -> bool:
    """Run a command with its output captured; True when it succeeded."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        apt_errors.append(((done.stderr or done.stdout).strip().splitlines() or [""])[-1])
    return done.returncode == 0


def install(missing: set[str], *, apt: bool, prefix: list[str] | None,
            run: Callable[[list[str]], bool] = run_quietly) -> str | None:
    """Install the packages of the missing sonames; None when done (or nothing was missing),
    otherwise the one line that says what to do. ``run`` is only called when there is work."""
    if not missing:
        return None
    packages, unknown = packages_for(missing)
    if not apt or unknown:
        extra = f" (no Debian package known for {' '.join(unknown)})" if apt and unknown else ""
        return f"error: Qt needs system libraries that are missing: {' '.join(sorted(missing))}{extra}"
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    advice = f"error: Qt needs system libraries that are missing: run: sudo {' '.join(command)}"
    if prefix is None:
        return advice
    print(f"Installing Qt's system libraries: {' '.join(packages)}", flush=True)
    return None if apt_get(command, prefix, run) else advice


def apt_get(command: list[str], prefix: list[str], run: Callable[[list[str]], bool]) -> bool:
    """Run an apt-get install; True when it succeeded."""
    # A fresh container has no package lists (or stale ones): update once, then try again.
    return run(prefix + command) or (run(prefix + ["apt-get", "update"]) and run(prefix + command))


def venv_package() -> str | None:
    """The Debian package with ``ensurepip`` for this interpreter when it lacks it, else None.
    Without it, ``python -m venv`` fails (Debian and Ubuntu split it off into pythonX.Y-venv)."""
    if importlib.util.find_spec("ensurepip") is not None:
        return None
    return f"python{sys.version_info.major}.{sys.version_info.minor}-venv"


def from_dpkg(path: str) -> bool:
    """Whether a Debian package installed this file (the system's python3, not pyenv's or conda's)."""
    real = os.path.realpath(path)
    return subprocess.run(["dpkg", "-S", real], capture_output=True).returncode == 0


def install_venv(package: str | None, *, apt: bool, prefix: list[str] | None,
                 run: Callable[[list[str]], bool] = run_quietly) -> str | None:
    """Install ``venv_package()``; None when done (or nothing was missing), otherwise the one line
    that says what to do. ``apt`` is False when apt-get cannot install this interpreter's part."""
    if package is None:
        return None
    if not apt:
        return f"error: {sys.executable} has no ensurepip, so python -m venv cannot install pip; " \
               "use a Python that has it: make PYTHON=..."
    command = ["apt-get", "install", "-y", "--no-install-recommends", package]
    advice = f"error: python -m venv needs ensurepip: run: sudo {' '.join(command)}"
    if prefix is None:
        return advice
    print(f"Installing {package} (python -m venv needs its ensurepip)", flush=True)
    return None if apt_get(command, prefix, run) else advice


def main(argv: list[str] | None = None) -> int:
    """``--check``: print what is missing; ``--install``: install it (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="report missing libraries only")
    mode.add_argument("--install", action="store_true", help="install missing libraries")
    mode.add_argument("--venv", action="store_true", help="install what python -m venv needs")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0  # the wheels for macOS and Windows bundle what Qt needs, and their Pythons ensurepip
    if args.venv:
        package = venv_package()  # None in the common case: no dpkg, no sudo probe, no apt
        apt = package is not None and has_apt() and from_dpkg(sys.executable)
        error = install_venv(package, apt=apt, prefix=privilege() if apt else None)
        if error:
            print(*apt_errors[-1:], error, sep="\n", file=sys.stderr)
            return 1
        return 0
    missing = missing_sonames()
    if missing is None:
        print("warning: ldd not found, cannot check Qt's system libraries", file=sys.stderr)
        return 0
    if args.check:
        packages, unknown = packages_for(missing)
        if not missing:
            print("Qt's system libraries are all present")
        else:
            print(f"missing: {' '.join(sorted(missing))}; Debian packages: {' '.join(packages) or '-'}"
                  + (f"; not in the table: {' '.join(unknown)}" if unknown else ""))
        return 1 if missing else 0
    if not missing:
        return 0  # the common case: no sudo probe, no apt
    apt = has_apt()
    error = install(missing, apt=apt, prefix=privilege() if apt else None)
    if error is None and (still := missing_sonames()):
        error = f"error: Qt's system libraries are still missing after apt-get: {' '.join(sorted(still))}"
    if error:
        print(*apt_errors[-1:], error, sep="\n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
