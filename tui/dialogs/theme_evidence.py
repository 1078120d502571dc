"""Why a paragraph has its themes: the matched phrases with their weights, the opening
sentence's double count, the heading's share and the threshold — as computed by the
scoring rule itself (`Store.theme_evidence` → `corpus.themes.explain_paragraph`).

Corpus text (phrases, headings) is rendered as rich Text: never parsed as markup.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from jianghua.corpus.cells import truncate
from jianghua.corpus.resources import DEFAULT_THEMES

from jianghua.i18n import N_, _, ngettext

from .. import keymap
from ..textutil import clean
from ..widgets.wrapped_text import WrappedText
from .base import OverScreen

_WHERE = {"opening": N_("opening sentence ×2"), "body": "", "heading": N_("heading ×{f}"),
          "heading_share": N_("a short heading names this theme: the paragraph's strongest score added"),
          "silenced": N_("not counted: its sentence is {topic}"), "title": N_("the speech's title ×{f}")}


def _num(x: float) -> str:
    return f"{x:g}"


def evidence_text(why: dict, names: dict[str, str]) -> Text:
    """The explanation as plain Text (no markup), one block per theme with any score."""
    out = Text(end="")
    outside = why.get("outside", {})
    names = {**names, **{k: v["name"] for k, v in outside.items()}}
    silencers = " / ".join(names.get(t, t) for t in why.get("silencers", ()))  # (the topics whose sentences count nothing)
    tagged = [t["id"] for t in why["themes"]]
    if tagged:
        out.append(_("Themes: "), style="bold")
        out.append(" · ".join(f"{names.get(t, t)} {_num(why['raw'][t])}" for t in tagged) + "\n")
    else:
        out.append(_("No theme"), style="bold")
        top = max(why["raw"].items(), key=lambda kv: kv[1], default=None)
        need = why.get("needs", {}).get(top[0]) if top else None
        taken = why.get("taken", {})
        if top and top[1] > 0 and top[0] in why.get("subject_drops", ()):
            subject = why["subject"]
            out.append(_(" — the paragraph is about {topic} (one of its markers, and it scores at least as much as every theme): "
                         "only a theme with a marker of its own (weight {marker}) is given").format(
                topic=names.get(subject, subject), marker=_num(why.get("rule", {}).get("marker", 3))) + "\n")
        elif top and top[1] > 0 and top[0] in taken:
            out.append(_(" — strongest {theme} {score} is not counted: the paragraph is about {topic}").format(
                theme=names.get(top[0], top[0]), score=_num(top[1]), topic=names.get(taken[top[0]], taken[top[0]])) + "\n")
        elif top and top[1] > 0 and need is not None and need > why["threshold"]:
            out.append(_(" — strongest {theme} {score} is below what it needs here, {need}").format(
                theme=names.get(top[0], top[0]), score=_num(top[1]), need=_num(need)) + "\n")
        elif top and top[1] > 0:
            out.append(_(" — strongest {theme} {score} is below the threshold").format(theme=names.get(top[0], top[0]), score=_num(top[1])) + "\n")
        elif why.get("silenced"):
            out.append(_(" — its theme phrases stand in sentences of {topic}, which count nothing").format(topic=silencers) + "\n")
        else:
            out.append(_(" — no phrase of the themes file matched") + "\n")
    rule = why.get("rule", {})
    out.append(
        _("Threshold: the strongest theme needs {threshold} (at least {min}, and {density} per 100 characters); "
          "others need {share} of the strongest. The opening sentence counts ×{opening}; "
          "the section heading's phrases count ×{heading}.").format(
            threshold=_num(why["threshold"]), min=_num(rule.get("min", 0)), density=_num(rule.get("per_100_chars", 0)),
            share=f"{round(why['share'] * 100)}%", opening=_num(rule.get("opening", 1)), heading=_num(rule.get("heading", 0)))
        + "\n"
    )
    if "single_phrase" in rule:
        out.append(_("A theme resting on one phrase of weight below {marker} mentioned in passing needs ×{single} that; every theme needs "
                     "{outside} of the strongest topic outside the themes (foreign affairs, defence …).").format(
            marker=_num(rule.get("marker", 3)), single=_num(rule["single_phrase"]), outside=f"{round(rule.get('outside', 0) * 100)}%") + "\n")
    if why.get("heading"):
        out.append(_("Heading, this paragraph's own opening sentence (counted as that): ") if why.get("heading_inline") else _("Heading: "),
                   style="bold")
        out.append(truncate(clean(why["heading"], single_line=True), 60) + "\n")
    if why.get("title") and any(e["where"] == "title" for e in why["evidence"]):
        out.append(_("Title (its phrases add to the themes this paragraph names): "), style="bold")
        out.append(truncate(clean(why["title"], single_line=True), 60) + "\n")
    groups: dict[str, dict[tuple[str, str, float, float], int]] = defaultdict(lambda: defaultdict(int))
    for e in why["evidence"]:
        groups[e["theme"]][(e["phrase"], e["where"], e["weight"], e["factor"])] += 1
    order = sorted(groups, key=lambda t: (t not in tagged, t in outside, -why["raw"].get(t, 0.0)))
    capped = _capped(why, tagged)
    for tid in order:
        out.append("\n")
        mark = "✓ " if tid in tagged else "  "
        score = outside[tid]["raw"] if tid in outside else why["raw"].get(tid, 0.0)
        extra = "  " + _("(outside the themes)") if tid in outside else ""
        if tid in why.get("subject_drops", ()):
            extra = "  " + _("(not counted: the paragraph is about {topic} and this theme has no marker here)").format(
                topic=names.get(why["subject"], why["subject"]))
        if tid in why.get("taken", {}):
            topic = why["taken"][tid]
            extra = "  " + _("(not counted: the paragraph is about {topic}, which takes this theme over)").format(topic=names.get(topic, topic))
        elif tid in capped:
            extra = "  " + _("(enough, but a paragraph has at most {n} themes)").format(n=len(tagged))
        out.append(f"{mark}{names.get(tid, tid)}  {_num(score)}{extra}\n", style="bold" if tid in tagged else "")
        for (phrase, where, weight, factor), n in sorted(groups[tid].items(), key=lambda kv: -abs(kv[0][2] * kv[0][3] * kv[1])):
            points = weight * factor * n
            sign = "+" if points >= 0 else "−"
            out.append(f"    {sign}{_num(abs(points)):<5} ")
            out.append(phrase, style="bold")
            detail = [_("weight {w}").format(w=_num(weight)) + (" " + _("(counts against)") if weight < 0 else "")]
            if n > 1:  # (a count, in words: "×" is for the factors — opening sentence ×2, heading ×3)
                detail.append(ngettext("found {n} time", "found {n} times", n).format(n=n))
            if _WHERE.get(where):
                detail.append(_(_WHERE[where]).format(f=_num(factor), topic=silencers))
            out.append("  " + _(", ").join(detail) + "\n", style="dim")  # (zh: "，")
    if capped:  # why a theme as strong as a ticked one is not ticked
        out.append("\n" + _("A paragraph has at most {n} themes. Between equal scores the theme its opening sentence states "
                            "comes first, then its heading's, then the one with the stronger phrase, then the one named first.").format(
            n=len(tagged)) + "\n", style="italic")
    return out


def _capped(why: dict, tagged: list[str]) -> set[str]:
    """Themes that score enough (their need, and the share of the strongest) but are not
    ticked: a paragraph's themes were already as many as it may have."""
    raw, needs = why["raw"], why.get("needs", {})
    top = max((raw.get(t, 0.0) for t in tagged), default=0.0)
    return {t for t, v in raw.items() if t not in tagged and t in needs and v >= needs[t] and v >= why["share"] * top and tagged}


class ThemeEvidenceScreen(OverScreen[None]):
    BINDINGS = keymap.DIALOG

    DEFAULT_CSS = """
    ThemeEvidenceScreen { align: center middle; }
    ThemeEvidenceScreen > #why {
        width: 80;
        max-width: 100%;
        height: 90%;
        border: thick $accent;
        background: $surface;
    }
    ThemeEvidenceScreen #why-title { height: 1; padding: 0 1; text-style: bold; background: $panel; }
    ThemeEvidenceScreen VerticalScroll { height: 1fr; padding: 0 1; }
    ThemeEvidenceScreen #why-own { margin-top: 1; color: $text-muted; }
    ThemeEvidenceScreen #why-foot { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, title: str, why: dict, names: dict[str, str], themes_file: str | None = None) -> None:
        super().__init__()
        self.heading = title
        self.why = why
        self.names = names
        self.themes_file = themes_file
        self.shipped = themes_file is None or Path(themes_file).resolve() == DEFAULT_THEMES.resolve()

    def compose(self) -> ComposeResult:
        with Vertical(id="why"):
            yield Static(Text(self.heading, end="", no_wrap=True, overflow="ellipsis"), id="why-title")
            with VerticalScroll(id="why-body"):
                # (wrapped by the reader's rules: Rich broke "34%" as "3" / "4%" and split words anywhere)
                why = WrappedText(id="why-text")
                why.update(evidence_text(self.why, self.names))
                yield why
                if self.shipped:  # (its own file: the user edits it; the shipped one is replaced by an upgrade)
                    own = WrappedText(id="why-own")
                    own.update(Text(_("To change a weight, copy the shipped themes file ({file}) to a file of your own, edit the copy "
                                      "and start jianghua with --themes FILE: an upgrade replaces the shipped file.").format(
                        file=self.themes_file or DEFAULT_THEMES), end=""))
                    yield own
            foot = _("Your own weights: --themes FILE") if self.shipped else _("Edit the weights in {file}").format(file=self.themes_file)
            yield Static(Text(foot + " · " + _("q / Esc closes"), end="", no_wrap=True, overflow="ellipsis"), id="why-foot")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_scroll_down(self) -> None:
        self.query_one(VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one(VerticalScroll).scroll_up(animate=False)
