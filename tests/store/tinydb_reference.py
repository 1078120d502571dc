"""The reference the catalogue's writer is checked against (tests/store/test_statfile.py,
test_catalog_splice.py): the content of a TinyDB JSON file, serialised whole."""

from __future__ import annotations

import orjson


def tinydb_bytes(tables: dict[str, list[dict]]) -> bytes:
    """The content of a TinyDB JSON file holding these tables (documents numbered
    from 1, empty tables left out): the very bytes TinyDB writes through
    `tinydb_files.write_tables` (test_statfile compares them), serialised in one
    call — what `storage.catalog_bytes`, row by row, must equal."""
    doc = {name: {str(i): d for i, d in enumerate(docs, 1)} for name, docs in tables.items() if docs}
    return orjson.dumps(doc)
