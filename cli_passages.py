"""`jianghua passages`: every paragraph that speaks of the theme(s), strongest first."""

from __future__ import annotations

from jianghua.cli_common import _built_store, _cite_style, _citer, _emit_json, _mode, _theme_ids


def cmd_passages(args) -> int:
    store = _built_store(args)
    ids = _theme_ids(store, args.theme)
    rows = store.passages(ids, _mode(args))
    style, cite = _cite_style(args), _citer(store)
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
                    "citation": cite(p.speech_id, p.paragraph).text(style),
                    "text": store.passage_text(p),
                }
                for p in rows
            ]
        )
        return 0
    for p in rows:
        if style != "none":
            print(f"{cite(p.speech_id, p.paragraph).text(style)} ({p.score})")
        print("　　" + store.passage_text(p))
        print()
    return 0
