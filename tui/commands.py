"""Command palette providers: open a speech by title, filter by a theme.

The app's own actions (citation on/off, passages, history, …) come from
`JianghuaApp.get_system_commands`, with each screen's own (`BrowserScreen.commands`:
copy in the reader, sort in the list). Titles are corpus text: prompts are built as
`Content` (never markup) and matched as plain substrings, which also keeps a
search over 10 000 titles quick.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from jianghua import i18n
from jianghua.i18n import _

from .context import Browser
from .filtering import ThemeFilter, fold_title_query, folded_titles
from .messages import OpenSpeech
from .textutil import clean, theme_id_shown
from .screens.base import BrowserScreen

MAX_HITS = 50


def _prompt(prefix: str, text: str, query: str, at: int | None = None) -> Content:
    """The entry's line, `query` shown where it is (`at` in `text`, when found folded)."""
    content = Content.assemble((prefix, "dim"), clean(text, single_line=True))
    if query:
        at = content.plain.casefold().find(query, len(prefix)) if at is None else len(prefix) + at
        if at >= 0:
            content = content.stylize("bold reverse", at, at + len(query))
    return content


def _counts(t) -> str:
    return _("{speeches} · {passages}").format(speeches=i18n.speeches(t.speeches), passages=i18n.passages(t.passages))


class BrowserProvider(Provider):
    """A provider for the browser's screens: it finds the `Browser` on the screen
    the palette was opened from (or the nearest browser screen below a dialog)."""

    @property
    def browser(self) -> Browser | None:
        for screen in [self.screen, *reversed(self.app.screen_stack)]:
            if isinstance(screen, BrowserScreen):
                return screen.browser
        return None

    def open_speech(self, speech_id: str) -> None:
        self.app.post_message(OpenSpeech(speech_id))

    def filter_by(self, theme_id: str) -> None:
        browser = self.browser
        if browser is not None:
            browser.set_filter(ThemeFilter((theme_id,), browser.theme_filter.mode))


class SpeechCommands(BrowserProvider):
    """Open a speech: type part of its title."""

    async def search(self, query: str) -> Hits:
        browser = self.browser
        if not query.strip() or browser is None:
            return
        q = fold_title_query(query.strip())  # traditional or simplified alike, as the list's `/`
        n = 0
        prefix = _("Open speech: ")
        speeches = browser.store.speeches()
        for s, title in zip(speeches, folded_titles([s.title for s in speeches])):
            at = title.find(q)
            if at < 0:
                continue
            score = 0.5 + 0.5 * len(q) / max(1, len(title)) - (0.1 if at else 0)
            shown = clean(s.title, single_line=True)
            yield Hit(
                score,
                _prompt(prefix, s.title, q, at if shown == s.title else None),
                partial(self.open_speech, s.id),
                text=prefix + clean(s.title, single_line=True),
                help=Content(" · ".join(x for x in (str(s.year or ""), clean(s.occasion or "", single_line=True), i18n.characters(s.chars)) if x)),
            )
            n += 1
            if n >= MAX_HITS:
                return


class ThemeCommands(BrowserProvider):
    """Filter by a theme: its Chinese name or id."""

    def _hits(self, q: str):
        browser = self.browser
        themes = browser.store.themes() if browser is not None else []
        names = folded_titles([t.name for t in themes]) if q else [""] * len(themes)  # (紀律 finds 纪律规矩)
        for t, name in zip(themes, names):
            if q and q not in name and q not in t.id.casefold():
                continue
            tid = theme_id_shown(t.id)
            label = clean(t.name, single_line=True) + (f" ({tid})" if tid else "")
            yield t, label

    async def search(self, query: str) -> Hits:
        q = fold_title_query(query.strip())
        if not q:
            return
        prefix = _("Filter by theme: ")
        for t, label in self._hits(q):
            yield Hit(
                0.9,
                _prompt(prefix, label, q),
                partial(self.filter_by, t.id),
                text=prefix + label,
                help=Content(_counts(t)),
            )

    async def discover(self) -> Hits:
        prefix = _("Filter by theme: ")
        for t, label in self._hits(""):
            yield DiscoveryHit(
                _prompt(prefix, label, ""),
                partial(self.filter_by, t.id),
                text=prefix + label,
                help=Content(_counts(t)),
            )
