"""`jianghua search`: text found in every speech, as KWIC lines (like grep) or JSON."""

from __future__ import annotations

from jianghua.cli_common import _built_store, _cite_style, _citer, _clean_line, _emit_json, _err, _mode, _theme_ids
from jianghua.i18n import _


def cmd_search(args) -> int:
    from jianghua.corpus.query import REGEX_TIMEOUT, QueryError, parse
    from jianghua.store.citation import book_title
    from jianghua.store.search import CorpusSearch, Outcome, context

    try:
        query = parse(args.query)
    except QueryError as e:
        _err(str(e))
        return 2
    if query.note:
        _err(query.note)
    store = _built_store(args)
    ids = _theme_ids(store, args.theme)
    scope = [s.id for s in store.filter(ids, _mode(args))] if ids else None
    width = max(0, min(args.context, 500))
    out = Outcome()
    rows = []
    n = 0
    style, cite = _cite_style(args), _citer(store)
    # titles and section headings are searched too (a speech writer remembers the heading
    # 一、以更坚定的政治之为…); --paragraphs: only the paragraphs, as before
    heads = not getattr(args, "paragraphs", False)
    for sh in CorpusSearch(store).run(query, scope, outcome=out, heads=heads):
        summary = store.summary(sh.speech_id)
        title = _clean_line(summary.title)
        for h in sh.hits:
            n += 1
            text = sh.text_of(h)  # (the title or a heading for hits there)
            left, hit, right = (_clean_line(x) for x in context(text, h.start, h.end, width))
            label = {"title": _("title"), "heading": _("section heading")}.get(h.kind, "")
            if args.json:  # (a hit in the title or a heading: "in" says so, "paragraph" and "sentence" are null;
                # a heading's "section" is its place in `show --json`'s sections, from 1)
                para = h.paragraph + 1 if not h.kind else None
                row = {"speech": h.speech_id, "title": summary.title, "year": summary.year, "paragraph": para,
                       "sentence": h.sentence + 1 if para else None, "start": h.start, "end": h.end, "left": left, "hit": hit,
                       "right": right, "citation": cite(h.speech_id, h.paragraph).text(style) if not h.kind else book_title(title),
                       "in": h.kind or "paragraph", "section": h.section + 1 if h.kind == "heading" else None}
                rows.append(row)
            else:
                lcut = "…" if h.start > width else ""
                rcut = "…" if h.end + width < len(text) else ""
                # where the hit is: its citation (with --cite none, the title alone); the title or a heading: said so
                if label:
                    where = f"{book_title(title)} {label}"
                else:
                    where = cite(h.speech_id, h.paragraph).text(style) if style != "none" else book_title(title)
                print(f"{where}: {lcut}{left}【{hit}】{right}{rcut}")
    if args.json:
        _emit_json(rows)
    if out.timed_out:
        _err(_("the search stopped after {s} s: the regular expression takes too long; {n} hit(s) found until then").format(s=f"{REGEX_TIMEOUT:g}", n=n))
        return 2
    return 0 if n else 1
