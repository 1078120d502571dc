"""Maps by body key (keyword candidates, formulation candidates): what a build
made for the content it segmented, carried into the new generation's shards.

A value depends only on a body's content, so a map is updated by the bodies
that came and went; a shard that is missing or damaged is computed again from
the stored bodies (with a message).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jianghua.i18n import _

from .generation import Generation
from .shards import ShardedMap, shard_of

Again = Callable[[int, str], dict]


def recompute(gen: Generation, M: ShardedMap, new: dict[str, Any], compute: Callable[[dict], Any], what: str) -> Again:
    """How to make shard i of M again: from this build's values, else from the bodies."""
    backend = gen.cat.backend
    lives: list[set[str]] = []  # (the live keys, made on the first call: a build that finds every shard sound never needs them)

    def again(i: int, why: str) -> dict:
        if not lives:
            lives.append(gen.live_keys())
        live = lives[0]
        if M.entries[i]:
            gen.cat.messages.append(_("{file} is {why}; the {what} of its speeches are computed again.").format(
                file=M.entries[i][0], why=why, what=_(what)))
        out = {}
        for k in live:
            if shard_of(k) != i:
                continue
            if k in new:
                out[k] = new[k]
                continue
            try:
                out[k] = compute(backend.read_body(k))
            except KeyError:
                pass  # an unreadable body: nothing until its file is read again
        return out

    return again


def write(gen: Generation, M: ShardedMap, new: dict[str, Any], again: Again, compute: Callable[[dict], Any]) -> None:
    """Write the shards of M the new generation changes (all of them when M cannot
    be updated shard by shard: a first build, a lost shard list, other rules).
    `new` gains the values of bodies this build reused but M does not hold."""
    live = gen.live_keys()
    backend = gen.cat.backend
    old_rows = gen.old_rows  # (a row carried over is the old row itself: the same key, nothing looked up)
    added = [r["key"] for sid, r in gen.rows.items() if (o := old_rows.get(sid)) is not r and (o is None or o["key"] != r["key"])]
    missing = [k for k in set(added) if k not in new]  # reused bodies: their values, if stored
    known = M.get_many(missing, again) if M.usable() else {}
    for k in missing:
        if k not in known:
            try:
                new[k] = compute(backend.read_body(k))
            except KeyError:
                pass
    if not M.usable():
        every = {k: v for k, v in new.items() if k in live}
        for i in sorted({shard_of(k) for k in live if k not in every}):
            every.update(again(i, "missing"))
        M.write_all(every)
    else:
        changes: dict[str, Any] = dict(new)
        changes.update({k: None for k in {r["key"] for r in gen.old_rows.values()} - live})
        M.update(changes, again, gen.plan.repair.get(M.what, ()))
