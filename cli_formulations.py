"""`jianghua formulations`: the set formulations (提法) of the folder, how often, in
which speeches, since when."""

from __future__ import annotations

from jianghua.cli_common import _built_store, _emit_json, _err, _mode, _theme_ids
from jianghua.corpus.cells import pad as _pad
from jianghua import i18n
from jianghua.i18n import _, ngettext


def cmd_formulations(args) -> int:
    from jianghua.corpus.formulations import KINDS
    from jianghua.store.formulations import sort

    bad = [k for k in args.kind if k not in KINDS]
    if bad:
        _err(_("unknown kind {kind}; kinds are: {kinds}").format(kind=repr(bad[0]), kinds=", ".join(KINDS)))
        return 2
    store = _built_store(args)
    ids = _theme_ids(store, args.theme)
    rows = store.formulations(ids, _mode(args))
    rows = [f for f in sort(rows, args.sort)
            if (not args.kind or f.kind in args.kind) and f.speeches >= args.min_speeches
            and (args.since is None or (f.first is not None and int(f.first[:4]) >= args.since))]
    if args.json:
        _emit_json([f.as_json() for f in rows])
        return 0
    for f in rows:
        years = i18n.date_span(f.first, f.last)
        uses = ngettext("{n} use", "{n} uses", f.hits).format(n=f"{f.hits:>6}")
        speeches = ngettext("{n} speech", "{n} speeches", f.speeches).format(n=f"{f.speeches:>5}")
        print(f"{_pad(f.text, 22)} {_pad(f.kind, 10)} {uses} {speeches}  {years}")
    return 0
