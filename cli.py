"""The `jianghua` command: the browser, and build / list / show / themes / passages.

Only the browser imports Textual; the other commands stay fast. Every message
goes through the catalogs (`jianghua.i18n`); the language is chosen before the
parser is made, so that `--help` speaks it too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

import orjson

from jianghua import __version__ as VERSION
from jianghua.corpus.cells import cell_len
from jianghua.corpus.cells import pad as _pad
from jianghua import i18n
from jianghua.i18n import N_, _, ngettext

# Exit statuses (README: "Exit status").
EXIT_OK, EXIT_EMPTY, EXIT_ERROR, EXIT_AMBIGUOUS = 0, 1, 2, 3

# argparse's own words (usage, headings, errors): `_argparse_speaks` routes them
# through the catalogs so that `--help` and its errors speak the interface language.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("expected one argument"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def _argparse_speaks() -> None:
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


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


def _parser() -> argparse.ArgumentParser:
    _argparse_speaks()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", metavar=_("DIR"), default=argparse.SUPPRESS, help=_("folder of speeches (.txt/.md); default: the bundled speeches"))
    common.add_argument("--themes", metavar=_("FILE"), default=argparse.SUPPRESS, help=_("themes file (TOML); default: the shipped themes"))
    common.add_argument("--store", metavar=_("PATH"), default=argparse.SUPPRESS, help=_("where the index of the folder is kept; default: one per folder in the user cache"))
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS, help=_("interface language (zh or en); default: the remembered choice, else LC_ALL / LC_MESSAGES / LANG"))

    p = argparse.ArgumentParser(
        prog="jianghua",
        description=_("讲话 — browse a folder of Chinese speeches: list, read, filter by theme, copy passages."),
        epilog=_("Exit status: 0 done, 1 no speech to show, 2 error or no such speech, 3 more than one speech matches."),
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"jianghua {VERSION}")
    sub = p.add_subparsers(dest="command", metavar=_("COMMAND"))
    sub.add_parser("browse", parents=[common], help=_("open the browser (the default)"))
    b = sub.add_parser("build", parents=[common], help=_("read the folder and update the index; report skipped files"))
    b.add_argument("--quiet", action="store_true", help=_("no progress bar"))
    ls = sub.add_parser("list", parents=[common], help=_("list speeches"))
    ls.add_argument("--theme", action="append", default=[], metavar="ID", help=_("only speeches of this theme (id or name; repeatable)"))
    ls.add_argument("--any", action="store_true", help=_("with several --theme: any of them instead of all"))
    ls.add_argument("--json", action="store_true", help=_("JSON output"))
    sh = sub.add_parser("show", parents=[common], help=_("show one speech"))
    sh.add_argument("id", help=_("speech id (or a unique prefix, source file name or title part)"))
    sh.add_argument("--json", action="store_true", help=_("JSON output"))
    th = sub.add_parser("themes", parents=[common], help=_("list themes with their counts"))
    th.add_argument("--json", action="store_true", help=_("JSON output"))
    pa = sub.add_parser(
        "passages",
        parents=[common],
        help=_("list passages of theme(s)"),
        description=_("Every paragraph that speaks of the theme(s), strongest first. 第N段 counts paragraphs within the section (as in the browser)."),
    )
    pa.add_argument("--theme", action="append", default=[], metavar="ID", required=True, help=_("a theme (id or name; repeatable)"))
    pa.add_argument("--any", action="store_true", help=_("with several --theme: any of them instead of all"))
    pa.add_argument("--json", action="store_true", help=_("JSON output"))
    fo = sub.add_parser("formulations", parents=[common], help=_("set formulations (提法): how often, in which speeches, since when"))
    fo.add_argument("--kind", action="append", default=[], metavar="KIND",
                    help=_("only this kind (repeatable): numbered, paired, quoted, phrase, dictionary"))
    fo.add_argument("--min-speeches", type=int, default=1, metavar="N", help=_("only those used in at least N speeches"))
    fo.add_argument("--since", type=int, metavar="YEAR", help=_("only those first used in YEAR or later"))
    fo.add_argument("--theme", action="append", default=[], metavar="ID", help=_("count only the speeches of this theme (repeatable)"))
    fo.add_argument("--any", action="store_true", help=_("with several --theme: any of them instead of all"))
    fo.add_argument("--sort", choices=("hits", "speeches", "first", "name"), default="hits",
                    help=_("most used (default), in most speeches, newest first, or by name"))
    fo.add_argument("--json", action="store_true", help=_("JSON output: text, kind, hits, speeches, first, last, by_year"))
    se = sub.add_parser("search", parents=[common], help=_("find text in every speech (KWIC lines, like grep)"))
    se.add_argument("query", help=_('a phrase; several terms = paragraphs with all; "a b" a phrase with spaces; -term leaves out; re:… a regex'))
    se.add_argument("--theme", action="append", default=[], metavar="ID", help=_("only speeches of this theme (repeatable)"))
    se.add_argument("--any", action="store_true", help=_("with several --theme: any of them instead of all"))
    se.add_argument("--context", type=int, default=20, metavar="N", help=_("characters of context either side (default 20)"))
    se.add_argument("--json", action="store_true", help=_("JSON output (fields: speech, title, year, paragraph, sentence, start, end, left, hit, right)"))
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
    paragraphs = ngettext("{n} paragraph", "{n} paragraphs", report.paragraphs).format(n=report.paragraphs)
    changes = _("{read} read, {retagged} themes updated, {unchanged} unchanged, {removed} removed").format(
        read=report.segmented, retagged=report.retagged, unchanged=report.unchanged, removed=report.removed
    )
    print(_("{speeches}, {paragraphs} · {changes} · {seconds:.2f} s").format(speeches=_speeches(report.speeches), paragraphs=paragraphs, changes=changes, seconds=report.seconds))
    where = str(store.store_dir) if store.store_dir else _("in memory (not saved)")
    print(_("index: {where}").format(where=where))
    if report.skipped:
        n = len(report.skipped)
        print(ngettext("skipped {n} file:", "skipped {n} files:", n).format(n=n))
        for s in report.skipped:
            print(f"  {s.source}: {s.reason}")
    return EXIT_OK


def cmd_list(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.filter(ids, "any" if args.any else "all") if ids else store.speeches()
    if args.json:
        _emit_json([_summary_json(s) for s in rows])
        return 0
    # On a terminal, titles and occasions are cut to fit its width; into a file or a
    # pipe nothing is cut (columns are padded, never clipped).
    fit = sys.stdout.isatty()
    pad = _pad if fit else _pad_only
    cols = max(60, shutil.get_terminal_size((100, 20)).columns)
    tw = max(20, cols - 10 - 6 - 12 - 7 - 20 - 5)
    for s in rows:
        themes = "·".join(t.name for t in s.themes[:2])
        print(f"{pad(s.id, 10)} {pad(str(s.year or ''), 5)} {pad(s.occasion or '', 12)} {s.chars:>6} {pad(s.title, tw)} {themes}".rstrip())
    return EXIT_OK


def _pad_only(s: str, width: int) -> str:
    return s + " " * max(0, width - cell_len(s))


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
    from jianghua.store import AmbiguousReference

    try:
        sid = store.resolve(args.id)
    except AmbiguousReference as e:
        n = len(e.candidates)
        _err(ngettext("{ref!r} matches {n} speech; give more of its id or title:", "{ref!r} matches {n} speeches; give more of the id or title:", n).format(ref=args.id, n=n))
        for s in e.candidates:
            print(f"  {s.id}  {s.source}  {s.title}", file=sys.stderr)
        return EXIT_AMBIGUOUS
    except KeyError:
        _err(_("no speech {ref!r} (use `jianghua list` for ids)").format(ref=args.id))
        return EXIT_ERROR
    sp = store.speech(sid)
    if args.json:
        _emit_json(_speech_json(sp, store.theme_evidence(sp.id)))
        return 0
    meta = " · ".join(x for x in (str(sp.year) if sp.year else "", sp.occasion or "", sp.source) if x)
    print(sp.title)
    print(meta)
    if sp.themes:
        print(_("Themes: ") + "、".join(t.name for t in sp.themes[:4]))
    if sp.keywords:
        print(_("Keywords: ") + "、".join(sp.keywords[:8]))
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
        speeches = ngettext("{n:>6} speech", "{n:>6} speeches", t.speeches).format(n=t.speeches)
        passages = ngettext("{n:>7} passage", "{n:>7} passages", t.passages).format(n=t.passages)
        print(f"{_pad(t.id, 12)} {_pad(t.name, 14)} {speeches} {passages}")
    return EXIT_OK


def cmd_formulations(args) -> int:
    from jianghua.corpus.formulations import KINDS
    from jianghua.store.formulations import sort

    bad = [k for k in args.kind if k not in KINDS]
    if bad:
        _err(_("unknown kind {kind}; kinds are: {kinds}").format(kind=repr(bad[0]), kinds=", ".join(KINDS)))
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
        uses = ngettext("{n} use", "{n} uses", f.hits).format(n=f"{f.hits:>6}")
        speeches = ngettext("{n} speech", "{n} speeches", f.speeches).format(n=f"{f.speeches:>5}")
        print(f"{_pad(f.text, 22)} {_pad(f.kind, 10)} {uses} {speeches}  {years}")
    return 0


def cmd_passages(args) -> int:
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    rows = store.passages(ids, "any" if args.any else "all")
    if args.json:
        _emit_json(
            [
                {
                    "speech": p.speech_id,
                    "title": p.title,
                    "section": p.section,
                    "paragraph": p.paragraph + 1,  # 1-based in the whole speech
                    "paragraph_in_section": store.paragraph_number(p.speech_id, p.paragraph),  # 第N段
                    "score": p.score,
                    "text": store.passage_text(p),
                }
                for p in rows
            ]
        )
        return 0
    for p in rows:
        where = f"{p.section} " if p.section else ""
        print(f"「{p.title}」{where}第{store.paragraph_number(p.speech_id, p.paragraph)}段 ({p.score})")
        print("　　" + store.passage_text(p))
        print()
    return 0


def cmd_search(args) -> int:
    from jianghua.corpus.query import REGEX_TIMEOUT, QueryError, parse
    from jianghua.store.search import CorpusSearch, Outcome, context

    try:
        query = parse(args.query)
    except QueryError as e:
        _err(str(e))
        return 2
    if query.note:
        _err(query.note)
    store = _open_store(args)
    _ensure_built(store, quiet=True)
    ids = _theme_ids(store, args.theme)
    scope = [s.id for s in store.filter(ids, "any" if args.any else "all")] if ids else None
    width = max(0, min(args.context, 500))
    out = Outcome()
    rows = []
    n = 0
    for sh in CorpusSearch(store).run(query, scope, outcome=out):
        summary = store.summary(sh.speech_id)
        title = _clean_line(summary.title)
        for h in sh.hits:
            n += 1
            left, hit, right = (_clean_line(x) for x in context(sh.paragraphs[h.paragraph], h.start, h.end, width))
            if args.json:
                rows.append({"speech": h.speech_id, "title": summary.title, "year": summary.year, "paragraph": h.paragraph + 1,
                             "sentence": h.sentence + 1, "start": h.start, "end": h.end, "left": left, "hit": hit, "right": right})
            else:
                lcut = "…" if h.start > width else ""
                rcut = "…" if h.end + width < len(sh.paragraphs[h.paragraph]) else ""
                print(f"{title} ¶{h.paragraph + 1}: {lcut}{left}【{hit}】{right}{rcut}")
    if args.json:
        _emit_json(rows)
    if out.timed_out:
        _err(_("the search stopped after {s} s: the regular expression takes too long; {n} hit(s) found until then").format(s=f"{REGEX_TIMEOUT:g}", n=n))
        return 2
    return 0 if n else 1


def _clean_line(s: str) -> str:
    from jianghua.corpus.clean import sanitize_line

    return sanitize_line(s)


def cmd_browse(args) -> int:
    store = _open_store(args)
    from jianghua.corpus.ingest import scan

    if not store.built() and not scan(store.corpus_dir):
        _err(_no_speeches(store.corpus_dir))
        return EXIT_EMPTY
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
    "search": cmd_search,
}


def choose_language(argv: list[str] | None) -> str:
    """`--lang`, else the language chosen in the browser (remembered), else the environment."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")  # a bad value: the full parser says what is wrong, in the default language
    known, _rest = pre.parse_known_args(argv)
    if known.lang in i18n.LANGUAGES:
        return i18n.set_language(known.lang)
    from jianghua.store.state import remembered_setting

    return i18n.set_language(remembered_setting("language"))


def main(argv: list[str] | None = None) -> int:
    choose_language(argv)
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
