"""What the `jianghua` commands that print share: exit statuses, messages on stderr,
JSON output, the progress bar, opening and building the store, theme ids, the
citation format (the commands are in `cli_speeches`, `cli_passages`,
`cli_formulations`, `cli_search`; the browser is opened by `cli`).

Nothing here imports Textual. Every message goes through the catalogs
(`jianghua.i18n`).
"""

from __future__ import annotations

import shutil
import sys

import orjson

from jianghua import i18n
from jianghua.corpus.cells import pad as _pad
from jianghua.i18n import _

# Exit statuses (README: "Exit status").
EXIT_OK, EXIT_EMPTY, EXIT_ERROR, EXIT_AMBIGUOUS = 0, 1, 2, 3


def _err(msg: str) -> None:
    print(f"jianghua: {msg}", file=sys.stderr)


_speeches = i18n.speeches


def _emit_json(data) -> None:
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.flush()


class Progress:
    """A one-line progress bar on stderr (only when stderr is a terminal)."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.last = 0.0

    def __call__(self, done: int, total: int, source: str) -> None:
        if not self.enabled:
            if total == 0 and source:
                print(source, file=sys.stderr)
            return
        import time

        now = time.monotonic()
        if done < total and now - self.last < 0.05:
            return
        self.last = now
        cols = shutil.get_terminal_size((80, 20)).columns
        if total:
            bar_w = 24
            filled = int(bar_w * done / total)
            line = f"[{'#' * filled}{'.' * (bar_w - filled)}] {done}/{total} {source}"
        else:
            line = source
        sys.stderr.write("\r" + _pad(line, cols - 1))
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * (shutil.get_terminal_size((80, 20)).columns - 1) + "\r")
            sys.stderr.flush()


_OPENED: list = []  # [store, messages already printed]: later ones are printed when the command ends


def _open_store(args):
    from jianghua.store import CorpusError, Store, ThemesError

    try:
        store = Store.open(getattr(args, "corpus", None), getattr(args, "themes", None), getattr(args, "store", None))
        _OPENED[:] = [store, 0]
        return store
    except CorpusError as e:
        _err(str(e))
        raise SystemExit(EXIT_ERROR) from None
    except ThemesError as e:
        _err(_("bad themes file: {error}").format(error=e))
        raise SystemExit(EXIT_ERROR) from None


def _ensure_built(store, quiet: bool = False):
    from jianghua.store import CorpusError

    progress = Progress(not quiet)
    try:
        report = store.update(progress=progress)
    except CorpusError as e:
        progress.close()
        _err(str(e))
        raise SystemExit(EXIT_ERROR) from None
    finally:
        progress.close()
    for m in report.messages:
        _err(m)
    if _OPENED and _OPENED[0] is store:
        _OPENED[1] = len(store.messages)
    if report.speeches == 0:
        if report.skipped:
            _err(_("no speech could be read in {folder}; skipped:").format(folder=store.corpus_dir))
            for s in report.skipped:
                print(f"  {s.source}: {s.reason}", file=sys.stderr)
        else:
            _err(_no_speeches(store.corpus_dir))
        raise SystemExit(EXIT_EMPTY)
    return report


def _built_store(args):
    """The store of the command's --corpus/--store, brought up to date quietly."""
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    return store


def _mode(args) -> str:
    """How several --theme combine: "all" of them, or "any" with --any."""
    return "any" if args.any else "all"


def _cite_style(args) -> str:
    from jianghua.store.citation import remembered_style

    return remembered_style(getattr(args, "cite", None))


def _citer(store):
    from jianghua.store.citation import Citer

    return Citer(store)


def _no_speeches(folder) -> str:
    return _("no speeches in {folder} (no .txt or .md files)").format(folder=folder)


def _theme_ids(store, ids: list[str]) -> list[str]:
    known = {t.id for t in store.themes_taxonomy.themes}
    names = {t.name: t.id for t in store.themes_taxonomy.themes}
    out = []
    for t in ids:
        tid = t if t in known else names.get(t)
        if tid is None:
            known_list = ", ".join(f"{x.id} ({x.name})" for x in store.themes_taxonomy.themes)
            _err(_("unknown theme {theme!r}; themes are: {themes}").format(theme=t, themes=known_list))
            raise SystemExit(EXIT_ERROR)
        out.append(tid)
    return out


def _clean_line(s: str) -> str:
    from jianghua.corpus.clean import sanitize_line

    return sanitize_line(s)
