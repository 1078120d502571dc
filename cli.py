"""The `jianghua` command: its arguments, the language, and the browser (the commands
that print are in `cli_speeches`, `cli_passages`, `cli_formulations`, `cli_search`;
what they share in `cli_common`).

Only the browser imports Textual; the other commands stay fast. Every message
goes through the catalogs (`jianghua.i18n`); the language is chosen before the
parser is made, so that `--help` speaks it too.
"""

from __future__ import annotations
import argparse
import os
import sys

from jianghua import __version__ as VERSION
from jianghua import i18n
from jianghua.i18n import N_, _

from jianghua.cli_common import _OPENED, EXIT_EMPTY, _err, _no_speeches, _open_store
from jianghua.cli_formulations import cmd_formulations
from jianghua.cli_passages import cmd_passages
from jianghua.cli_search import cmd_search
from jianghua.cli_speeches import cmd_build, cmd_list, cmd_show, cmd_themes

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
    se.add_argument("--json", action="store_true", help=_("JSON output (fields: speech, title, year, paragraph, sentence, start, end, left, hit, right, in, section; a hit in a title or section heading: \"in\" says so, paragraph and sentence are null)"))
    se.add_argument("--paragraphs", action="store_true", help=_("only hits in paragraphs (titles and section headings are searched too otherwise)"))
    se.add_argument("--titles", action="store_true", help=argparse.SUPPRESS)  # (titles and headings are searched by default now: kept for old scripts)
    for cmd in (sh, pa, se):
        _cite_option(cmd)
    return p


# jianghua.store.citation.STYLES (a test checks): importing the store here would put it
# on every command's start-up path, the browser's included.
CITE_STYLES = ("full", "short", "none")


def _cite_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cite", choices=CITE_STYLES, default=None,
                   help=_("citation format: full (title, date, occasion, place), short (title, place) or none; default: the one chosen in the browser"))


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


def _tolerant_output() -> None:
    """A terminal whose encoding (the locale's: GBK, Big5, C) cannot hold a character
    of a speech (extension B, an emoji) shows "?" for it instead of a traceback."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):  # (not a text stream: a test's capture)
            pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_output()
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
