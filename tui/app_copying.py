"""Copying, as a mixin of JianghuaApp: the citation format, the copy (OSC 52) and
its record in the copy history, a copy made again from the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jianghua import i18n
from jianghua.i18n import _

from . import clipboard
from .citation import clip_label
from .messages import CopyClip, Recopy
from .textutil import opening

if TYPE_CHECKING:
    from jianghua.store.state import CopyRecord, State

    from .citation import Clip


class Copying:
    """Copies and their citations; mixed into JianghuaApp (which has state, schedule_save)."""

    state: State

    @property
    def citation_style(self) -> str:
        """"full", "short" or "none" (jianghua.store.citation)."""
        from jianghua.store.citation import chosen_style

        return chosen_style(self.state.setting("citation"), self.state.setting("citation_style"))

    @property
    def citations(self) -> bool:
        return self.citation_style != "none"

    def set_citation_style(self, style: str) -> None:
        from jianghua.store.citation import STYLE_NAMES

        if style != "none":
            self.state.set_setting("citation_style", style)
        self.state.set_setting("citation", style != "none")
        self.schedule_save()
        self.notify(_("Citation format: {name}").format(name=_(STYLE_NAMES[style])), markup=False, timeout=4)

    def action_toggle_citation(self) -> None:
        self.state.set_setting("citation", not self.citations)
        self.schedule_save()
        self.notify(
            _("Copies are followed by a citation line.") if self.citations else _("Copies are plain text, without a citation line."),
            markup=False,
            timeout=3,
        )

    def on_copy_clip(self, message: CopyClip) -> None:
        self.copy_clip(message.clip)

    def on_recopy(self, message: Recopy) -> None:
        self.recopy(message.record)

    def copy_clip(self, clip: Clip) -> None:
        payload = clip.payload(self.citation_style)
        clipboard.send(self, payload)
        self.state.add_copy(payload, clip.chars, clip.label, clip.speech_id, clip.title)
        self.schedule_save()
        self.notify(clip.notice(self.citation_style), title=_("Copied"), markup=False, timeout=5, severity="warning" if clip.placeholders else "information")

    def recopy(self, record: CopyRecord) -> None:
        clipboard.send(self, record.text)
        # as the first copy's toast says it: what, how long, then its opening on a line of its own
        self.notify(f"{clip_label(record.label)} · {i18n.characters(record.chars)}\n「{opening(record.text)}」", title=_("Copied again"), markup=False, timeout=4)
