"""Counts the fuzz cases each parser saw, printed at the end of the run.

The figures go into docs/hardening.md; set HYPOTHESIS_PROFILE=ci for the
300-example profile CI runs.
"""

from __future__ import annotations

from collections import Counter

FUZZ_CASES: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter) -> None:
    if not FUZZ_CASES:
        return
    terminalreporter.write_sep("-", "fuzz cases per parser")
    for name, n in sorted(FUZZ_CASES.items()):
        terminalreporter.write_line(f"{name:<28} {n:>7}")
