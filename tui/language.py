"""Switching the interface language while the browser runs (palette: "Language")."""

from __future__ import annotations

from typing import Any

from jianghua import i18n
from jianghua.i18n import _

JianghuaApp = Any  # the app (not imported: screens and helpers never import it)


def other(code: str) -> str:
    return "en" if code == "zh" else "zh"


def command(app: JianghuaApp) -> tuple[str, str]:
    """The palette entry that switches to the other language: (title, help). Its title
    names the language in both ("Language / 界面语言"): whoever is stuck in the
    other one finds it by their own word (language / 语言)."""
    if i18n.language() == "zh":
        return _("Language / 界面语言: English"), _("Show the interface in English (remembered)")
    return _("Language / 界面语言: 中文 (Chinese)"), _("Show the interface in Chinese (remembered)")


def follow_system_command(app: JianghuaApp) -> tuple[str, str] | None:
    """The palette entry that forgets the language chosen here, so that the system's
    (LANG) is used again, now and at the next start: (title, help); None while no
    language is remembered (the system's is followed already)."""
    if app.state.setting("language") is None:
        return None
    system = i18n.NAMES[i18n.from_environment()]
    return (_("Language / 界面语言: as the system ({language})").format(language=system),
            _("Forget the language chosen here: use the system's language setting again"))


def switch(app: JianghuaApp, code: str | None = None) -> str:
    """Set the language, remember it, and draw every screen again in it."""
    code = i18n.set_language(code or other(i18n.language()))
    app.state.set_setting("language", code)
    app.schedule_save()
    relabel_all(app)
    app.notify(_("Interface language: Chinese.") if code == "zh" else _("Interface language: English."), markup=False, timeout=3)
    return code


def follow_system(app: JianghuaApp) -> str:
    """Forget the language chosen in the browser: the system's from now on."""
    code = i18n.set_language(None)
    app.state.set_setting("language", None)
    app.schedule_save()
    relabel_all(app)
    app.notify(_("Interface language: as the system ({language}).").format(language=i18n.NAMES[code]), markup=False, timeout=3)
    return code


def relabel_all(app: JianghuaApp) -> None:
    """Texts made when a screen was composed are made again; the rest is drawn at
    render time (key bar, table headers) and only needs a refresh."""
    from .widgets.line_table import LineTable

    screens = list(app.screen_stack)
    for name in ("reader", "formulations"):  # (the screens kept built off-stage)
        if app.is_screen_installed(name) and app.get_screen(name) not in screens:
            screens.append(app.get_screen(name))
    for screen in screens:
        relabel = getattr(screen, "relabel", None)
        if relabel is not None and screen.is_mounted:
            relabel()
        for table in screen.query(LineTable):
            table.relabel()
        screen.refresh(layout=True)
    app.refresh_bindings()
