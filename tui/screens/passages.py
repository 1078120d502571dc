"""Every passage (paragraph) of the corpus tagged with the active theme(s).

`/` narrows by title, section or year; `s` sorts (strongest first, speech order,
year); `m` switches all-of / any-of for two or more themes. The score is said in
words a user can check: theme words per 100 characters, the words themselves lit
in the preview (wrapped by the reader's rules).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult

from jianghua.corpus.query import fold_text
from jianghua.i18n import N_, _, ngettext
from jianghua.store.models import Passage

from .. import keymap
from ..citation import Clip, citation
from ..document import speech_to_show
from ..filtering import ThemeFilter
from ..messages import CopyClip, OpenSpeech
from ..textutil import clean, marked
from ..widgets.filter_bar import FilterBar
from ..widgets.line_table import Column, LineTable
from ..widgets.narrow_input import NarrowInput
from .base import TableScreen, TableSpec

COLUMNS = [
    Column("title", N_("Speech"), 0, min_width=14),
    Column("section", N_("Section"), 0, min_width=10, hide_below=56),
    Column("para", N_("Para"), 4, justify="right"),  # 第N段: within the section
    Column("score", N_("/100 chars"), 10, justify="right", hide_below=48),  # theme words per 100 characters
    Column("year", N_("Year"), 4, justify="right", hide_below=64),
]
CHOOSE_THEMES = N_("Choose themes with t to list their passages.")
SORTS = ("score", "speech", "year")
SORT_LABELS = {"score": N_("strongest first"), "speech": N_("speech order"), "year": N_("year (newest first)")}
THEME_WORD_STYLE = "bold underline"  # the theme words in the preview


@dataclass(frozen=True)
class _Info:
    """What sorting and narrowing need of a passage's speech (read once per load)."""

    rank: int  # the speech's place in file order
    year: int | None


class PassagesScreen(TableScreen[Passage]):
    BINDINGS = keymap.PASSAGES
    TABLE = TableSpec(N_("Passages"), COLUMNS, "passages", CHOOSE_THEMES, filter_bar=True, preview=True)

    DEFAULT_CSS = """
    PassagesScreen NarrowInput { dock: bottom; display: none; margin-bottom: 1; border: tall $accent; height: 3; width: 100%; }
    PassagesScreen NarrowInput.-shown { display: block; }
    """

    def __init__(self, browser, *, sort: str = "score", at: tuple[str, int] | None = None) -> None:
        """sort, at (speech id, paragraph): as a view closed before was (`reopen_args`)."""
        super().__init__(browser)
        self.sort = sort
        self._at = at  # the row to put the cursor on when the rows come
        self.narrow_text = ""
        self._all: list[Passage] = []  # as the store gives them (strongest first)
        self._info: dict[str, _Info] = {}
        self._flt = ThemeFilter()
        self._hay: dict[tuple[str, int], str] = {}  # folded title, section and year of each row (for narrowing)

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield NarrowInput(self.narrow_to, self.action_clear_narrow, placeholder=_("narrow by title, section or year… (Esc clears)"), id="narrow")

    def on_mount(self) -> None:
        self.browser.filter_changed.subscribe(self, self._filter_changed)
        self.browser.store_updated.subscribe(self, self._store_updated)
        # (TableScreen.on_mount, which Textual calls after this one, titles, loads and focuses)

    def cells(self, p: Passage) -> list[str | Text]:
        info = self._info.get(p.speech_id)
        return [
            Text(clean(p.title, single_line=True), end=""),
            Text(clean(p.section or _("(opening)"), single_line=True), end=""),
            str(self.browser.store.paragraph_number(p.speech_id, p.paragraph)),  # 第N段: within the section
            f"{p.score:.1f}",
            str(info.year or "") if info else "",
        ]

    def reload(self) -> None:
        """Ask the store for the passages off the UI thread (the first use of a
        theme reads its index: ~1 s with 10 000 speeches)."""
        browser = self.browser
        flt = browser.theme_filter
        if not flt.active:
            self._show(flt, [], {})
            return
        self.table.empty_text = N_("Reading the passages…")  # (the old rows stay until the new ones come)
        self.query_one(FilterBar).show_filter(flt, browser.theme_names(), _("Reading the passages…"))
        self._load(flt)

    def _filter_changed(self, flt: ThemeFilter) -> None:
        self.when_shown("reload", self.reload)  # (under another screen: read when shown again)

    def _store_updated(self, _: None) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="passages", exit_on_error=False)
    def _load(self, flt: ThemeFilter) -> None:
        store = self.browser.store
        rows = store.passages(flt.ids, flt.mode)
        rank = {s.id: k for k, s in enumerate(store.speeches())}
        info: dict[str, _Info] = {}
        for p in rows:
            if p.speech_id not in info:
                year = getattr(_summary(store, p.speech_id), "year", None)
                info[p.speech_id] = _Info(rank.get(p.speech_id, len(rank)), year)
        self.app.call_from_thread(self._loaded, flt, rows, info)

    def _loaded(self, flt: ThemeFilter, rows: list[Passage], info: dict[str, _Info]) -> None:
        if flt == self.browser.theme_filter and self.is_mounted:
            self._show(flt, rows, info)

    def _show(self, flt: ThemeFilter, rows: list[Passage], info: dict[str, _Info]) -> None:
        self._flt = flt
        self._all = rows
        self._info = info
        self._hay = {}
        self._refresh_rows()

    def _haystack(self, p: Passage) -> str:
        k = (p.speech_id, p.paragraph)
        hay = self._hay.get(k)
        if hay is None:
            info = self._info.get(p.speech_id)
            year = str(info.year) if info and info.year else ""
            hay = self._hay[k] = fold_text(f"{p.title}\n{p.section or ''}\n{year}")
        return hay

    def _sorted(self, rows: list[Passage]) -> list[Passage]:
        info = self._info
        if self.sort == "speech":
            return sorted(rows, key=lambda p: (info[p.speech_id].rank, p.paragraph))
        if self.sort == "year":  # newest first, undated last; speech order within a year
            return sorted(rows, key=lambda p: (-(info[p.speech_id].year or 0), info[p.speech_id].rank, p.paragraph))
        return rows

    def _refresh_rows(self) -> None:
        rows = self._sorted(self._all)
        words = fold_text(clean(self.narrow_text, single_line=True)).split()
        if words:
            rows = [p for p in rows if all(w in self._haystack(p) for w in words)]
        table = self.table
        flt = self._flt
        if words:
            table.empty_text = N_("No passage's title, section or year holds that. Esc clears the narrowing.")
        elif flt.active and flt.mode == "all" and len(flt.ids) > 1:
            table.empty_text = N_("No passage has all these themes. m switches to any of them.")
        else:
            table.empty_text = N_("No passage has these themes.") if flt.active else CHOOSE_THEMES
        cursor = None
        if self._at is not None and rows:
            cursor = next((i for i, p in enumerate(rows) if (p.speech_id, p.paragraph) == self._at), None)
            self._at = None
        table.set_rows(rows, keep=lambda p: (p.speech_id, p.paragraph), cursor=cursor)
        extra = ""
        if flt.active:
            n = len(self._all)
            extra = ngettext("{n} passage", "{n} passages", n).format(n=n)
            if words:
                extra += " · " + _("narrowed to {n}").format(n=len(rows))
            extra += " · " + _("sort: {order}").format(order=_(SORT_LABELS[self.sort]))
            extra += " · " + _("score: theme words per 100 characters")
        self.query_one(FilterBar).show_filter(flt, self.browser.theme_names(), extra)
        self.preview(table.current_row)

    # ------------------------------------------------------------ preview

    def preview(self, p: Passage | None) -> None:
        if p is None:
            self.show_preview("")
            return
        store = self.browser.store
        text = Text(end="")
        text.append(clean(p.title, single_line=True), style="bold")
        if p.section:
            text.append("  " + clean(p.section, single_line=True), style="dim")
        number = store.paragraph_number(p.speech_id, p.paragraph)
        text.append("  " + _("para {n} in section").format(n=number), style="dim")
        words = _("{score} theme words per 100 characters (weighted; underlined below)").format(score=f"{p.score:.1f}")
        text.append("  · " + words + "\n", style="dim")
        body = marked(store.passage_text(p))
        for a, e in self._theme_words(body.plain):
            body.stylize(THEME_WORD_STYLE, a, e)
        text.append_text(body)
        self.show_preview(text)

    def _theme_words(self, text: str) -> list[tuple[int, int]]:
        """Where the words of the active themes are in `text` (what the score counts)."""
        taxonomy = self.browser.store.themes_taxonomy
        want = {taxonomy.index[t] for t in self.browser.theme_filter.ids if t in taxonomy.index}
        return [(m.start, m.end) for m in taxonomy.matches(text) if any(i in want and w > 0 for i, w in m.weights)]

    # ------------------------------------------------------------ keys

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._refresh_rows()
        self.table.move_cursor(0)
        self.notify(_("Sorted by {order}.").format(order=_(SORT_LABELS[self.sort])), markup=False, timeout=2)

    def reopen_args(self) -> dict:
        """What shows this view again as it is (its sort, the passage under the cursor)."""
        p = self.table.current_row
        return {"sort": self.sort, "at": (p.speech_id, p.paragraph) if p is not None else None}

    def action_narrow(self) -> None:
        self.query_one(NarrowInput).open()

    def narrow_to(self, text: str) -> None:
        if text != self.narrow_text:
            self.narrow_text = text
            self._refresh_rows()

    def action_clear_narrow(self) -> None:
        self.query_one(NarrowInput).close()
        self.narrow_to("")

    def on_input_submitted(self, event) -> None:
        event.stop()
        self.table.focus()

    def action_back(self) -> None:
        if self.narrow_text or self.query_one(NarrowInput).has_class("-shown"):
            self.action_clear_narrow()
            return
        self.dismiss()

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self._open(event.row)

    def action_open(self) -> None:
        row = self.table.current_row
        if row is not None:
            self._open(row)

    def _open(self, p: Passage) -> None:
        self.post_message(OpenSpeech(p.speech_id, paragraph=p.paragraph))

    def action_copy(self) -> None:
        p = self.table.current_row
        if p is None:
            return
        speech, _untagged = speech_to_show(self.browser.store, p.speech_id)  # (a long one is not tagged whole for a copy)
        text = clean(speech.paragraphs[p.paragraph].text, single_line=True)
        self.post_message(CopyClip(Clip(text, citation(speech, p.paragraph), "passage", speech.id, clean(speech.title, single_line=True))))


def _summary(store, speech_id: str):
    try:
        return store.summary(speech_id)
    except KeyError:
        return None
