"""The `jianghua` command: the browser, and build / list / show / themes / passages.

Only the browser imports Textual; the other commands stay fast.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

import orjson

from jianghua import __version__ as VERSION
from jianghua.corpus.cells import pad as _pad


def _err(msg: str) -> None:
    print(f"jianghua: {msg}", file=sys.stderr)


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


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS, help="folder of speeches (.txt/.md); default: the bundled corpus")
    common.add_argument("--themes", metavar="FILE", default=argparse.SUPPRESS, help="themes file (TOML); default: the shipped taxonomy")
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS, help="store folder; default: one per corpus under the user cache dir")

    p = argparse.ArgumentParser(
        prog="jianghua",
        description="讲话 — browse a folder of Chinese speeches: list, read, filter by theme, copy passages.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"jianghua {VERSION}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("browse", parents=[common], help="open the browser (the default)")
    b = sub.add_parser("build", parents=[common], help="build or update the store; report skipped files")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    ls = sub.add_parser("list", parents=[common], help="list speeches")
    ls.add_argument("--theme", action="append", default=[], metavar="ID", help="only speeches of this theme (repeatable)")
    ls.add_argument("--any", action="store_true", help="with several --theme: any of them instead of all")
    ls.add_argument("--json", action="store_true", help="JSON output")
    sh = sub.add_parser("show", parents=[common], help="show one speech")
    sh.add_argument("id", help="speech id (or a unique prefix, source file name or title part)")
    sh.add_argument("--json", action="store_true", help="JSON output")
    th = sub.add_parser("themes", parents=[common], help="list themes with their counts")
    th.add_argument("--json", action="store_true", help="JSON output")
    pa = sub.add_parser("passages", parents=[common], help="list passages of theme(s)")
    pa.add_argument("--theme", action="append", default=[], metavar="ID", required=True)
    pa.add_argument("--any", action="store_true")
    pa.add_argument("--json", action="store_true")
    fo = sub.add_parser("formulations", parents=[common], help="set formulations (提法): how often, in which speeches, since when")
    fo.add_argument("--kind", action="append", default=[], metavar="KIND",
                    help="only this kind (repeatable): numbered, paired, quoted, phrase, dictionary")
    fo.add_argument("--min-speeches", type=int, default=1, metavar="N", help="only those used in at least N speeches")
    fo.add_argument("--since", type=int, metavar="YEAR", help="only those first used in YEAR or later")
    fo.add_argument("--theme", action="append", default=[], metavar="ID", help="count only the speeches of this theme (repeatable)")
    fo.add_argument("--any", action="store_true", help="with several --theme: any of them instead of all")
    fo.add_argument("--sort", choices=("hits", "speeches", "first", "name"), default="hits",
                    help="most used (default), in most speeches, newest first, or by name")
    fo.add_argument("--json", action="store_true", help="JSON output: text, kind, hits, speeches, first, last, by_year")
    return p


_OPENED: list = []  # [store, messages already printed]: later ones are printed when the command ends


def _open_store(args):
    from jianghua.store import CorpusError, Store, ThemesError

    try:
        store = Store.open(getattr(args, "corpus", None), getattr(args, "themes", None), getattr(args, "store", None))
        _OPENED[:] = [store, 0]
        return store
    except CorpusError as e:
        _err(str(e))
        raise SystemExit(2) from None
    except ThemesError as e:
        _err(f"bad themes file: {e}")
        raise SystemExit(2) from None


def _ensure_built(store, quiet: bool = False):
    from jianghua.store import CorpusError

    progress = Progress(not quiet)
    try:
        report = store.update(progress=progress)
    except CorpusError as e:
        progress.close()
        _err(str(e))
        raise SystemExit(2) from None
    finally:
        progress.close()
    for m in report.messages:
        _err(m)
    if _OPENED and _OPENED[0] is store:
        _OPENED[1] = len(store.messages)
    if report.speeches == 0:
        if report.skipped:
            _err(f"no speech could be read in {store.corpus_dir}; skipped:")
            for s in report.skipped:
                print(f"  {s.source}: {s.reason}", file=sys.stderr)
        else:
            _err(f"no speeches in {store.corpus_dir} (no .txt or .md files)")
        raise SystemExit(1)
    return report


def _theme_ids(store, ids: list[str]) -> list[str]:
    known = {t.id for t in store.themes_taxonomy.themes}
    names = {t.name: t.id for t in store.themes_taxonomy.themes}
    out = []
    for t in ids:
        tid = t if t in known else names.get(t)
        if tid is None:
            _err(f"unknown theme {t!r}; themes are: " + ", ".join(f"{x.id} ({x.name})" for x in store.themes_taxonomy.themes))
            raise SystemExit(2)
        out.append(tid)
    return out


def _summary_json(s) -> dict:
    return {
        "id": s.id,
        "title": s.title,
        "source": s.source,
        "year": s.year,
        "date": s.date,
        "speaker": s.speaker,
        "occasion": s.occasion,
        "level": s.level,
        "chars": s.chars,
        "paragraphs": s.paragraphs,
        "themes": [{"id": t.id, "name": t.name, "score": t.score} for t in s.themes],
        "keywords": list(s.keywords),
    }


def cmd_build(args) -> int:
    store = _open_store(args)
    report = _ensure_built(store, quiet=args.quiet)
    print(
        f"{report.speeches} speeches, {report.paragraphs} paragraphs · "
        f"{report.segmented} segmented, {report.retagged} re-tagged, {report.unchanged} unchanged, "
        f"{report.removed} removed · {report.seconds:.2f} s"
    )
    print(f"store: {store.store_dir or 'memory (not saved)'}")
    if report.skipped:
        print(f"skipped {len(report.skipped)} file(s):")
        for s in report.skipped:
            print(f"  {s.source}: {s.reason}")
    return 0


def cmd_list(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.filter(ids, "any" if args.any else "all") if ids else store.speeches()
    if args.json:
        _emit_json([_summary_json(s) for s in rows])
        return 0
    cols = max(60, shutil.get_terminal_size((100, 20)).columns)
    tw = max(20, cols - 10 - 6 - 12 - 7 - 20 - 5)
    for s in rows:
        themes = "·".join(t.name for t in s.themes[:2])
        print(f"{_pad(s.id, 10)} {_pad(str(s.year or ''), 5)} {_pad(s.occasion or '', 12)} {s.chars:>6} {_pad(s.title, tw)} {themes}")
    return 0


def _speech_json(sp, evidence: list | None = None) -> dict:
    sections = []
    for sec in sp.sections:
        if sec.heading is None and not sec.paragraphs:
            continue
        sections.append(
            {
                "heading": sec.heading,
                "level": sec.level,
                "themes": [t.id for t in sec.themes],
                "paragraphs": [
                    {
                        "index": sp.paragraphs[i].index,
                        "text": sp.paragraphs[i].text,
                        "themes": list(sp.paragraphs[i].themes),
                        "scores": list(sp.paragraphs[i].scores),
                        "sentences": [{"text": s.text, "themes": list(s.themes)} for s in sp.paragraphs[i].sentences],
                        **({"why": evidence[i]} if evidence else {}),
                    }
                    for i in sec.paragraphs
                ],
            }
        )
    return {
        "id": sp.id,
        "title": sp.title,
        "source": sp.source,
        "year": sp.year,
        "date": sp.date,
        "speaker": sp.speaker,
        "occasion": sp.occasion,
        "level": sp.level,
        "salutation": sp.salutation,
        "chars": sp.chars,
        "themes": [{"id": t.id, "name": t.name, "score": t.score} for t in sp.themes],
        "keywords": list(sp.keywords),
        "sections": sections,
    }


def cmd_show(args) -> int:
    from jianghua.corpus.structure import inline_heading

    store = _open_store(args)
    _ensure_built(store, quiet=True)
    try:
        sid = store.resolve(args.id)
    except KeyError:
        _err(f"no speech {args.id!r} (use `jianghua list` for ids)")
        return 2
    sp = store.speech(sid)
    if args.json:
        _emit_json(_speech_json(sp, store.theme_evidence(sp.id)))
        return 0
    meta = " · ".join(x for x in (str(sp.year) if sp.year else "", sp.occasion or "", sp.source) if x)
    print(sp.title)
    print(meta)
    if sp.themes:
        print("主题：" + "、".join(t.name for t in sp.themes[:4]))
    print()
    if sp.salutation:
        print(sp.salutation)
    for sec in sp.sections:
        if sec.heading and not inline_heading(sec.heading, sp.paragraphs[sec.paragraphs[0]].text if sec.paragraphs else None):
            print(("  " * max(0, sec.level - 1)) + sec.heading)
        for i in sec.paragraphs:
            print("　　" + sp.paragraphs[i].text)
    return 0


def cmd_themes(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    rows = store.themes()
    if args.json:
        _emit_json([{"id": t.id, "name": t.name, "speeches": t.speeches, "passages": t.passages} for t in rows])
        return 0
    for t in rows:
        print(f"{_pad(t.id, 12)} {_pad(t.name, 14)} {t.speeches:>6} speeches {t.passages:>7} passages")
    return 0


def cmd_formulations(args) -> int:
    from jianghua.corpus.formulations import KINDS
    from jianghua.store.formulations import sort

    bad = [k for k in args.kind if k not in KINDS]
    if bad:
        _err(f"unknown kind {bad[0]!r}; kinds are: {', '.join(KINDS)}")
        return 2
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.formulations(ids, "any" if args.any else "all")
    rows = [f for f in sort(rows, args.sort)
            if (not args.kind or f.kind in args.kind) and f.speeches >= args.min_speeches
            and (args.since is None or (f.first is not None and int(f.first[:4]) >= args.since))]
    if args.json:
        _emit_json([f.as_json() for f in rows])
        return 0
    for f in rows:
        years = f"{f.first or '?'}–{f.last or '?'}" if f.first != f.last else (f.first or "")
        print(f"{_pad(f.text, 22)} {_pad(f.kind, 10)} {f.hits:>6} hits {f.speeches:>5} speeches  {years}")
    return 0


def cmd_passages(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.passages(ids, "any" if args.any else "all")
    if args.json:
        _emit_json(
            [
                {"speech": p.speech_id, "title": p.title, "section": p.section, "paragraph": p.paragraph + 1, "score": p.score, "text": store.passage_text(p)}
                for p in rows
            ]
        )
        return 0
    for p in rows:
        print(f"「{p.title}」{p.section or ''} 第{p.paragraph + 1}段 ({p.score})")
        print("　　" + store.passage_text(p))
        print()
    return 0


def cmd_browse(args) -> int:
    store = _open_store(args)
    from jianghua.corpus.ingest import scan

    if not store.built() and not scan(store.corpus_dir):
        _err(f"no speeches in {store.corpus_dir} (no .txt or .md files)")
        return 1
    from jianghua.tui.app import JianghuaApp

    app = JianghuaApp(store)
    app.run()
    return int(app.return_code or 0)


COMMANDS = {
    None: cmd_browse,
    "browse": cmd_browse,
    "build": cmd_build,
    "list": cmd_list,
    "show": cmd_show,
    "themes": cmd_themes,
    "passages": cmd_passages,
    "formulations": cmd_formulations,
}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code = COMMANDS[args.command](args)
    except BrokenPipeError:
        # `jianghua list | head`: stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 0
    except KeyboardInterrupt:
        code = 130
    _late_messages()
    return code


def _late_messages() -> None:
    """Messages that arose after the build: a damaged body read again for `show`,
    a passage index recomputed for `passages` …"""
    if not _OPENED:
        return
    store, printed = _OPENED
    _OPENED.clear()
    for m in store.messages[printed:]:
        try:
            _err(m)
        except (BrokenPipeError, OSError):
            break


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
