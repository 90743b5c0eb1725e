"""Bundle size and start-up of the frozen app (`make bench-binary`, after `make binary`).

Prints the size of dist/annotary/ and of the .tar.gz (when `make package` has made it), and the
time from launch to the first painted window (the frame) and to the painted article, for
``dist/annotary/annotary gui`` and ``python main.py gui`` on the same project: cold (the page
cache dropped first, when this machine allows it) and warm (median of five), interleaved.
Targets: <= 250 MB tree; start <= 1.2x unfrozen.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotate.resources import builtin_schema, sample_articles  # noqa: E402
from annotate.session import Session  # noqa: E402
from store import open_project  # noqa: E402

TREE = ROOT / "dist" / "annotary"


def size_mb(path: Path) -> float:
    """Size of a file or folder in MB (10^6 bytes)."""
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def drop_caches() -> bool:
    """Empty the page cache, so the next start reads from disk. False when not allowed."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def start(command: list[str], home: Path) -> dict[str, float]:
    """Seconds from launch to each line printed (``frame painted``, ``painted``)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTARY_HOME=str(home))
    begin = time.perf_counter()
    seen: dict[str, float] = {}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.setdefault(line.strip(), time.perf_counter() - begin)
        proc.wait(timeout=120)
    if "painted" not in seen:
        raise RuntimeError(f"{command[0]} did not paint")
    return seen


def main() -> None:
    if not (TREE / "annotary").exists():
        sys.exit("dist/annotary/ is missing: run 'make binary' first")
    tarballs = sorted((ROOT / "dist").glob("annotary-*-linux-x86_64.tar.gz"))
    print(f"bundle: dist/annotary/ {size_mb(TREE):.1f} MB (target <= 250)"
          + (f"; {tarballs[-1].name} {size_mb(tarballs[-1]):.1f} MB" if tarballs else ""))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = folder / "p.annotary"
        with open_project(project, create=True, schema=builtin_schema("news-ace")) as store:
            Session(store).import_paths(sample_articles())
        frozen = [str(TREE / "annotary"), "gui", str(project), "--exit-after-paint"]
        source = [sys.executable, "main.py", "gui", str(project), "--exit-after-paint"]
        for name, command in (("frozen", frozen), ("python", source)):
            cold = drop_caches()
            first = start(command, folder / "home")
            print(f"{name:>6} {'cold' if cold else 'first'}: window {first['frame painted'] * 1000:5.0f} ms, "
                  f"article {first['painted'] * 1000:5.0f} ms")
        warm: dict[str, list[dict[str, float]]] = {"frozen": [], "python": []}
        for _ in range(5):
            warm["frozen"].append(start(frozen, folder / "home"))
            warm["python"].append(start(source, folder / "home"))
        medians = {k: {key: statistics.median(r[key] for r in runs) for key in ("frame painted", "painted")}
                   for k, runs in warm.items()}
        for name in ("frozen", "python"):
            m = medians[name]
            print(f"{name:>6} warm (median of 5): window {m['frame painted'] * 1000:5.0f} ms, article {m['painted'] * 1000:5.0f} ms")
        for key, label in (("frame painted", "window"), ("painted", "article")):
            print(f"ratio frozen/python, warm {label}: {medians['frozen'][key] / medians['python'][key]:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
