"""When a build recomputes a corpus-wide figure whole.

One rule for the figures a build keeps across the corpus (the keywords' ranking,
the formulations count): recomputed whole up to WHOLE_UP_TO speeches, and beyond
when more than 1/DRIFT of the speeches changed; otherwise updated (or left) cheaply.
"""

WHOLE_UP_TO = 2000
DRIFT = 20


def recompute_whole(n: int, changed: int) -> bool:
    """Whether a build of n speeches, `changed` of whose bodies are new or gone,
    recomputes a corpus-wide figure whole (see WHOLE_UP_TO, DRIFT)."""
    return n <= WHOLE_UP_TO or changed > n // DRIFT
