"""Making a part of the search index holds little memory however many speeches it
has: each speech's buckets and pair counts are not kept as Python sets and
Counters until the part is done (at 10 000 speeches they were ~70 MB a part, in
each of the two processes that make them, on top of the building process — the
whole build went over its 400 MB). The file is the same, byte for byte, whether
it is made fresh or from an earlier file whose speeches have all changed (a
rebuild after an upgrade)."""

from __future__ import annotations

import random
import tracemalloc

from jianghua.store import search_pack

HAN = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
WEIGHTS = [1 / (i + 1) for i in range(len(HAN))]  # (as in text: a few characters common, most rare)


class Bodies:
    def __init__(self, bodies: dict):
        self.b = bodies

    def read_body(self, key):
        return self.b[key]


def _bodies(seed: int, n: int) -> dict:
    rnd = random.Random(seed)
    out = {}
    for k in range(n):
        paras = ["".join(rnd.choices(HAN, WEIGHTS, k=300)) + "。" for _ in range(5)]
        out[f"k{seed}-{k:04d}"] = {"title": f"第{k}号讲话", "sections": [["一、总体要求"]],
                                   "paragraphs": [[p, 0, []] for p in paras]}
    return out


def _peak(fn) -> tuple[int, bytes]:
    tracemalloc.start()
    try:
        out = fn()
        return tracemalloc.get_traced_memory()[1], out
    finally:
        tracemalloc.stop()


def test_a_part_of_many_speeches_is_made_in_little_memory_fresh_or_rebuilt(tmp_path):
    bodies = _bodies(1, 120)
    be = Bodies(bodies)
    keys = sorted(bodies)
    peak, first = _peak(lambda: search_pack.pack_bodies(be, keys))
    # (here: the file ~0.6 MB; ~30 times that at the peak, mostly in how many speeches hold each
    # pair; with every speech's sets and Counters kept it was ~77 times)
    assert peak < 50 * len(first), (peak, len(first))
    old = tmp_path / "old.bin"
    old.write_bytes(first)
    again = _bodies(2, 110)  # every speech changed: a rebuild after an upgrade
    be.b.update(again)
    keys2 = sorted(again)
    peak2, rebuilt = _peak(lambda: search_pack.pack_bodies(be, keys2, str(old)))
    assert peak2 < 50 * len(rebuilt) + 3 * len(first), (peak2, len(rebuilt))
    assert rebuilt == search_pack.pack_bodies(be, keys2)  # (the same bytes as a fresh build)
