"""A store generation being built: what the commit phases share.

The rows it will hold, what this build made (passage entries of the speeches it
tagged, keyword candidates of the content it segmented), the sharded maps of the
previous generation it updates, and the build's report and progress.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, summary_of
from .maps import shard_maps
from .models import BuildReport, SpeechSummary
from .plan import Plan
from .shards import ShardedMap

Progress = Callable[[int, int, str], None]


@dataclass
class Generation:
    cat: Catalog
    plan: Plan
    report: BuildReport
    idf_cache: Path | None  # see corpus.keywords.jieba_idf
    progress: Progress | None = None
    on_speech: Callable[[SpeechSummary], None] | None = None
    old_meta: dict = field(init=False)
    old_rows: dict[str, dict] = field(init=False)
    passages: ShardedMap = field(init=False)
    terms: ShardedMap = field(init=False)
    formulations: ShardedMap = field(init=False)
    rows: dict[str, dict] = field(default_factory=dict)  # speech id → row of the new generation
    tagged: dict[str, dict] = field(default_factory=dict)  # speech id → {"p", "h"}: passage entries made in this build
    new_terms: dict[str, list] = field(default_factory=dict)  # body key → keyword candidates segmented in this build
    new_formulations: dict[str, dict] = field(default_factory=dict)  # body key → formulation candidates, likewise
    done: int = 0

    def __post_init__(self) -> None:
        self.old_meta = self.cat.meta
        self.old_rows = self.plan.old_rows  # (the plan's: not the catalogue read whole)
        maps = shard_maps(self.cat)
        self.passages, self.terms, self.formulations = maps["passages"], maps["terms"], maps["formulations"]
        plan = self.plan
        self.total = len(plan.ingest) + len(plan.reuse) + (len(plan.keep) + len(plan.restat) if plan.retag_all else 0)
        self._names = self.cat.theme_names()

    def tick(self, source: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, source)

    def announce(self, row: dict) -> None:
        if self.on_speech:
            self.cat.arrived[row["id"]] = row  # listed now: it can be opened, counted, filtered
            self.on_speech(summary_of(row, self._names))

    def forget_made(self) -> None:
        """Let go of what the shards hold once they are written and counted (before
        the catalogue is written: its JSON is the build's last large allocation)."""
        self.tagged.clear()
        self.new_terms.clear()
        self.new_formulations.clear()
        for m in (self.passages, self.terms, self.formulations):
            m.forget()

    def live_keys(self) -> set[str]:
        """The body keys the new generation's rows name."""
        return {r["key"] for r in self.rows.values()}
