"""packaging/system_deps.py: the soname table covers what the installed Qt plugins really link
(scanned from the installed PySide6, no mocks), and the install decision (apt-get, sudo, or one
line with the command) with injected inputs."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Loaded from its file: "packaging" is also the name of a PyPI package in the venv.
_spec = importlib.util.spec_from_file_location("system_deps", ROOT / "packaging" / "system_deps.py")
assert _spec is not None and _spec.loader is not None
system_deps = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(system_deps)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF and apt are Linux only")

# The .deb's hand-written Depends before the table existed: none of it may get lost.
OLD_DEPENDS = ("libc6 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-xinerama0 libxcb-randr0 "
               "libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libfontconfig1 "
               "libfreetype6 libdbus-1-3 libegl1 libgl1").split()
APT = ["apt-get", "install", "-y", "--no-install-recommends"]


def unlisted(sonames: set[str]) -> set[str]:
    """The sonames neither in the package table nor core runtime libraries."""
    return {s for s in sonames if s not in system_deps.SONAME_PACKAGES and s not in system_deps.CORE_SONAMES}


@linux_only
def test_the_scan_starts_from_the_installed_xcb_and_offscreen_plugins() -> None:
    names = {p.name for p in system_deps.roots(system_deps.package_dir("PySide6"))}
    assert {"libqxcb.so", "libqoffscreen.so", "QtCore.abi3.so", "QtGui.abi3.so", "QtWidgets.abi3.so"} <= names


@linux_only
def test_every_library_the_installed_plugins_link_is_bundled_listed_or_core() -> None:
    external = system_deps.external_sonames()
    # What the xcb plugin links (the libraries of the bug), and through libQt6Gui what it links.
    assert {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxkbcommon-x11.so.0", "libfontconfig.so.1"} <= external
    # Nothing bundled in PySide6 counts as external.
    assert not {s for s in external if s.startswith(("libQt6", "libpyside6", "libshiboken6", "libicu"))}
    assert unlisted(external) == set(), "add these sonames to SONAME_PACKAGES in packaging/system_deps.py"


@linux_only
def test_the_check_fails_when_an_entry_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(system_deps.SONAME_PACKAGES, "libxcb-icccm.so.4")
    assert unlisted(system_deps.external_sonames()) == {"libxcb-icccm.so.4"}


@linux_only
@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd")
def test_the_elf_reader_agrees_with_the_loader() -> None:
    plugin = system_deps.package_dir("PySide6") / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    listed = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True).stdout
    loader = {line.split()[0] for line in listed.splitlines() if "=>" in line}
    direct = set(system_deps.needed(plugin))
    assert "libQt6XcbQpa.so.6" in direct and "libxcb-icccm.so.4" in direct
    assert direct <= loader


@linux_only
def test_check_reports_what_the_loader_misses() -> None:
    missing = system_deps.missing_sonames()
    assert missing is not None
    done = subprocess.run([sys.executable, str(ROOT / "packaging" / "system_deps.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == (1 if missing else 0)
    assert all(soname in done.stdout for soname in missing)


def test_nothing_runs_when_nothing_is_missing() -> None:
    def run(command: list[str]) -> bool:
        raise AssertionError(f"ran {command}")

    assert system_deps.install(set(), apt=True, prefix=[], run=run) is None
    assert system_deps.install(set(), apt=True, prefix=None, run=run) is None


def test_without_root_or_sudo_it_prints_the_one_command() -> None:
    ran: list[list[str]] = []
    line = system_deps.install({"libxcb-keysyms.so.1", "libxcb-icccm.so.4"}, apt=True, prefix=None,
                               run=lambda c: ran.append(c) or True)
    assert ran == []
    assert line == ("error: Qt needs system libraries that are missing: run: "
                    "sudo apt-get install -y --no-install-recommends libxcb-icccm4 libxcb-keysyms1")


def test_as_root_it_installs_the_packages_once_each() -> None:
    ran: list[list[str]] = []
    missing = {"libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-icccm.so.4"}
    assert system_deps.install(missing, apt=True, prefix=[], run=lambda c: ran.append(c) or True) is None
    assert ran == [APT + ["libglib2.0-0", "libxcb-icccm4"]]


def test_with_sudo_the_commands_are_prefixed() -> None:
    ran: list[list[str]] = []
    sudo = ["sudo", "-n", "DEBIAN_FRONTEND=noninteractive"]
    assert system_deps.install({"libGL.so.1"}, apt=True, prefix=sudo, run=lambda c: ran.append(c) or True) is None
    assert ran == [sudo + APT + ["libgl1"]]


def test_a_failed_install_updates_the_package_lists_once_and_retries() -> None:
    ran: list[list[str]] = []
    results = iter([False, True, True])
    assert system_deps.install({"libGL.so.1"}, apt=True, prefix=[],
                               run=lambda c: ran.append(c) or next(results)) is None
    assert ran == [APT + ["libgl1"], ["apt-get", "update"], APT + ["libgl1"]]

    ran.clear()
    line = system_deps.install({"libGL.so.1"}, apt=True, prefix=[], run=lambda c: ran.append(c) or False)
    assert len(ran) == 2  # the update failed: no second install
    assert line is not None and "\n" not in line and line.endswith("run: sudo " + " ".join(APT + ["libgl1"]))


def test_without_apt_it_names_the_missing_sonames() -> None:
    line = system_deps.install({"libxcb-icccm.so.4", "libX11.so.6"}, apt=False, prefix=[],
                               run=lambda c: pytest.fail(f"ran {c}"))
    assert line == "error: Qt needs system libraries that are missing: libX11.so.6 libxcb-icccm.so.4"


def test_a_soname_without_a_package_is_named_not_guessed() -> None:
    line = system_deps.install({"libnew.so.1", "libGL.so.1"}, apt=True, prefix=[],
                               run=lambda c: pytest.fail(f"ran {c}"))
    assert line is not None and line.endswith("(no Debian package known for libnew.so.1)")


def test_the_deb_depends_on_the_table_and_keeps_the_old_list() -> None:
    depends = system_deps.deb_depends().split(", ")
    assert depends[0] == "libc6" and len(depends) == len(set(depends))
    assert set(OLD_DEPENDS) <= set(depends)
    assert set(system_deps.SONAME_PACKAGES.values()) <= set(depends)


def test_this_interpreter_has_ensurepip_so_no_venv_package_is_needed() -> None:
    assert system_deps.venv_package() is None  # the venv the tests run in was made with it


def test_a_python_without_ensurepip_gets_its_venv_package_or_the_one_command() -> None:
    ran: list[list[str]] = []
    assert system_deps.install_venv("python3.11-venv", apt=True, prefix=[], run=lambda c: ran.append(c) or True) is None
    assert ran == [APT + ["python3.11-venv"]]
    ran.clear()
    line = system_deps.install_venv("python3.11-venv", apt=True, prefix=None, run=lambda c: ran.append(c) or True)
    assert ran == [] and line == "error: python -m venv needs ensurepip: run: sudo " + " ".join(APT + ["python3.11-venv"])
    line = system_deps.install_venv("python3.11-venv", apt=False, prefix=[], run=lambda c: ran.append(c) or True)
    assert ran == [] and "make PYTHON=" in line
    assert system_deps.install_venv(None, apt=True, prefix=[], run=lambda c: ran.append(c) or True) is None and ran == []
