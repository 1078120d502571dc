"""Regular expressions compiled on first use.

Compiling a pattern is pure Python in `re` (a class of CJK ranges ~2–5 ms, a long
alternation more): an update that reads one changed file pays for every pattern the
modules it imports compile, needed or not. `lazy` defers one to its first use."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


def lazy(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function giving the compiled `pattern`, compiling it at the first call."""
    return cache(lambda: re.compile(pattern, flags))
