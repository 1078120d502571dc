"""A version bump for the bench's rebuild figures: with JIANGHUA_BENCH_BUMP set, the
parser version is raised in this process, so every file's content key changes as after
an upgrade that raises PARSER_VERSION — every speech is read again while the old
store's shards and bodies are still there (what the rebuild of an existing store costs).

The update probe imports it and has the build's worker processes import it too (the
forkserver's preload), so the workers' keys agree with the builder's plan.
"""

import os

if os.environ.get("JIANGHUA_BENCH_BUMP"):
    from jianghua.corpus import ingest
    from jianghua.store import commit, plan

    ingest.PARSER_VERSION = plan.PARSER_VERSION = commit.PARSER_VERSION = ingest.PARSER_VERSION + int(os.environ["JIANGHUA_BENCH_BUMP"])
