"""One check for the patterns' worst case: a file holding a 1 MB line made of one repeated piece (a hostile or broken
page) is read in bounded time. A quadratic or cubic pattern misses a generous bound; a linear one is far inside it."""

from __future__ import annotations

import subprocess

import pytest

from jianghua.store.workers import python_argv

_READ = """
import sys
from jianghua.corpus.ingest import ingest_bytes, Skip
unit = sys.argv[1]
line = unit * (1_000_000 // len(unit)) + "x"  # (something at its end that no pattern takes)
try:
    ingest_bytes(("标题\\n" + line + "\\n正文第一段，这是一段话。\\n").encode(), segment=False, source="x.txt")
except Skip:
    pass
print("done")
"""


def assert_a_megabyte_line_loads(unit: str, seconds: int = 120) -> None:
    """Reads, in a fresh process, a file whose second line is `unit` repeated to 1 MB (a bound, not a timing)."""
    try:
        out = subprocess.run(python_argv(_READ, unit), capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a 1 MB line of {unit!r} did not load in {seconds} s")
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "done"
