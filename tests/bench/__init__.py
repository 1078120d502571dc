"""jianghua's benchmark suite.

    python -m tests.bench --sizes 5,1000,10000 --repeat 3 [--json FILE] [--workdir DIR]

Modules (none is named ``test_*``, so pytest only collects ``test_generator.py``):

* `generator` — deterministic corpora of N speeches recombined from the bundled ones,
  cached under the work dir by (N, seed, generator version, bundled-text digest);
* `probes`    — what runs in a fresh process: a build, open+update, the store's queries,
  the browser (headless, until its list is painted), a bare Textual app, jieba throughput;
* `run`       — the orchestration: repeats, medians and spreads, targets, table and JSON;
* `terminal`  — with ``--terminal``, the warm start once more in a real terminal (tmux).

Other options: ``--terminal``, ``--profile DIR`` (one extra cProfile'd run of every probe,
not counted in the figures), ``--segmenter jieba|rjieba``, ``--app MODULE:CLASS``, ``--no-app``.
"""
