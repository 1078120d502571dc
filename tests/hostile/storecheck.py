"""Checks that a store folder is whole: what a test asserts after a crash."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from jianghua.store.storage import check_body, parse_body, parse_shard


def json_files(store_dir: Path) -> list[Path]:
    return [p for p in Path(store_dir).rglob("*.json") if p.is_file()]


def assert_store_is_whole(store_dir: Path) -> dict | None:
    """Every JSON file parses; the catalogue (if any) names generation files that
    exist and bodies that exist and parse. Returns the catalogue's meta."""
    store_dir = Path(store_dir)
    parsed: dict[Path, object] = {}
    for p in json_files(store_dir):
        raw = p.read_bytes()
        try:
            # (body and shard files hold zlib-compressed JSON: storage reads both forms)
            if p.parent.parent.name == "bodies":
                parsed[p] = parse_body(raw)
            elif p.parent.name == "shards":
                parsed[p] = parse_shard(raw)
            else:
                parsed[p] = orjson.loads(raw)
        except (orjson.JSONDecodeError, ValueError) as e:  # pragma: no cover - the failure we look for
            raise AssertionError(f"half-written or damaged store file {p.relative_to(store_dir)} ({len(raw)} bytes): {e}")
    cat = parsed.get(store_dir / "catalog.json")
    if cat is None:
        return None
    meta = next(iter(cat["meta"].values()))
    shards = meta["shards"]
    named = [e for what in ("passages", "terms") for e in shards[what] if e] + [shards["df"]]
    for name, size, _ in named:
        path = store_dir / "shards" / name
        assert path in parsed, f"catalog generation {meta['gen']} names {name}, which is missing"
        assert os.path.getsize(path) == size, f"{name} is not the size the catalogue recorded"
    rows = list(cat.get("speeches", {}).values())
    assert len(rows) == meta["speeches"]
    for r in rows:
        body_path = store_dir / "bodies" / r["key"][:2] / f"{r['key']}.json"
        assert body_path in parsed, f"body of {r['source']} is missing"
        check_body(parsed[body_path])
    headings = {}
    for e in shards["passages"]:
        if e:
            for sid, v in parsed[store_dir / "shards" / e[0]].items():
                assert isinstance(v["p"], list) and isinstance(v["h"], list)
                headings[sid] = v["h"]
    assert set(headings) == {r["id"] for r in rows}, "the passage index does not cover exactly the speeches"
    return meta
