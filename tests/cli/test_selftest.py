"""The self-test the frozen build runs, run from source: every step passes, one line each."""

from __future__ import annotations

from tests.cli.helpers import cli


def test_selftest_passes_and_reports_every_step(isolated_home) -> None:
    result = cli("selftest")
    assert result.exit_code == 0, result.stdout
    lines = result.stdout.splitlines()
    steps = [line for line in lines if line.startswith(("ok ", "FAIL", "skip"))]
    assert len(steps) == 9 and all(line.startswith("ok ") for line in steps), lines
    assert lines[-1] == "selftest: all steps passed"
    assert (isolated_home / "selftest.log").read_text(encoding="utf-8").splitlines()[:9] == steps
