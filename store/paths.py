"""Default locations: one store per corpus folder under the user cache dir."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import platformdirs

APP = "jianghua"


def cache_root() -> Path:
    env = os.environ.get("JIANGHUA_CACHE_DIR")
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP))


def state_root() -> Path:
    env = os.environ.get("JIANGHUA_STATE_DIR")
    return Path(env) if env else Path(platformdirs.user_state_dir(APP))


def default_store_dir(corpus_dir: Path) -> Path:
    """<cache>/stores/<folder name>-<hash of its absolute path>."""
    resolved = Path(corpus_dir).resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    name = re.sub(r"[^\w.-]+", "_", resolved.name)[:40] or "corpus"
    return cache_root() / "stores" / f"{name}-{digest}"
