"""The interface language: gettext catalogs (Babel tooling), Chinese and English.

Every user-visible string goes through `_` (or `ngettext` when it counts
something, `N_` where it is defined before the language is known, e.g. a key
binding's description, and translated where it is shown). The messages
(English msgids) are in `locale/messages.pot`; translations in
`locale/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` (both committed and
shipped in the wheel). How to add or change a string: README, "Development".

The language is chosen once per process (`set_language`), first from what the
user asked for (`--lang`, the remembered setting), else from the environment:
LC_ALL, LC_MESSAGES, LANG — the first that is set; `zh…` means Chinese,
anything else English. Plain Python: no textual, no store.
"""

from __future__ import annotations

import errno
import gettext as _gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "messages"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("zh", "en")  # what `--lang` and the setting accept
CATALOGS = {"zh": "zh_CN", "en": "en"}  # language -> catalog folder under locale/
NAMES = {"zh": "中文", "en": "English"}  # each language in its own words

_translations: _gettext.NullTranslations | None = None
_language: str | None = None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """'zh' or 'en' from LC_ALL / LC_MESSAGES / LANG (the first that is set)."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def normalise(value: object) -> str | None:
    """'zh', 'zh_CN.UTF-8', '中文' -> 'zh'; 'en', 'en_GB' -> 'en'; anything else -> None."""
    if not isinstance(value, str):
        return None
    v = value.strip().lower()
    if v.startswith("zh") or v == "中文":
        return "zh"
    if v.startswith("en") or v in ("c", "posix", "english"):
        return "en"
    return None


def set_language(lang: str | None = None) -> str:
    """Load the catalog of `lang` ('zh' / 'en' / a locale name; None: the environment's)."""
    global _translations, _language
    code = normalise(lang) or from_environment()
    _translations = _gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[CATALOGS[code]], fallback=True)
    _language = code
    return code


def language() -> str:
    """The current language code, 'zh' or 'en'."""
    if _language is None:
        set_language()
    return _language  # type: ignore[return-value]


def _t() -> _gettext.NullTranslations:
    if _translations is None:
        set_language()
    return _translations  # type: ignore[return-value]


def _(message: str) -> str:
    """The translation of `message` (an English msgid) in the current language."""
    return _t().gettext(message)


gettext = _


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for `n` (`1 speech` / `2 speeches`; Chinese has one form)."""
    return _t().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """A message whose translation depends on where it is used (same English, other Chinese)."""
    return _t().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message for extraction without translating it (translate with `_` where shown)."""
    return message


class Message(str):
    """A message shown now that can be shown again in another language.

    Its value is the text in the current language; it keeps its msgid and
    arguments, so what is stored (a skip reason in the catalogue) is stored as
    `as_json()` and shown with `render` in the language of whoever reads it.
    Arguments are numbers, strings (not translated: file names, OS errors) or
    Messages. Make one with `later`."""

    msgid: str
    args: dict

    def __new__(cls, msgid: str, args: dict) -> Message:
        shown = {k: (Message(*v) if isinstance(v, tuple) else v) for k, v in args.items()}
        self = super().__new__(cls, _(msgid).format(**shown))
        self.msgid, self.args = msgid, shown
        return self

    def as_json(self) -> list:
        return [self.msgid, {k: (v.as_json() if isinstance(v, Message) else v) for k, v in self.args.items()}]

    def __reduce__(self):  # across processes: shown in the receiver's language
        return (render, (self.as_json(),))


def later(msgid: str, **args: object) -> Message:
    """`_(msgid).format(**args)` that remembers how it was made (see `Message`)."""
    return Message(msgid, args)


# Stored messages (a skip reason in a catalogue made before) whose words changed since,
# without their arguments changing: former msgid -> the msgid now.
FORMER = {
    "too large ({size:.1f} MB; the limit is {limit} MB, set JIANGHUA_MAX_FILE_MB)":
        "too large ({size:.1f} MB; the limit is {limit} MB): to read it, set JIANGHUA_MAX_FILE_MB to a number of MB above {size:.0f} before starting jianghua",
}


def render(data: object) -> str | None:
    """A stored `Message.as_json()` in the current language; None when it is not one
    (or its msgid no longer takes those arguments)."""

    def parse(d: object) -> tuple | None:
        if not (isinstance(d, (list, tuple)) and len(d) == 2 and isinstance(d[0], str) and isinstance(d[1], dict)):
            return None
        args = {}
        for k, v in d[1].items():
            if isinstance(v, (list, tuple)):
                v = parse(v)
                if v is None:
                    return None
            elif not isinstance(v, (str, int, float)) or isinstance(v, bool):
                return None
            args[str(k)] = v
        return (d[0], args)

    parsed = parse(data)
    if parsed is None:
        return None
    parsed = (FORMER.get(parsed[0], parsed[0]), parsed[1])
    try:
        return Message(*parsed)
    except (KeyError, IndexError, ValueError, TypeError):
        return None


# An operating system's error in the user's words (its strerror is English whatever
# the language). One definition: files that cannot be read, stores and settings
# that cannot be written, exports.
_OS_ERRORS = {
    errno.ENOENT: N_("no such file or folder"),
    errno.ELOOP: N_("a link that leads back to itself"),
    errno.EACCES: N_("no permission"),
    errno.EPERM: N_("no permission"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EROFS: N_("the disk is read-only"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("part of the path is not a folder"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EIO: N_("the disk could not be read or written"),
}


def os_error(e: BaseException) -> str:
    """An OSError in the user's words: a `Message` (stored, shown again in the reader's
    language) for the common ones, else the system's own text."""
    msgid = _OS_ERRORS.get(getattr(e, "errno", None))
    return later(msgid) if msgid else str(getattr(e, "strerror", None) or e)


def is_chinese() -> bool:
    return language() == "zh"


# Counted words every part of the interface uses (one definition each).


def speeches(n: int) -> str:
    return ngettext("{n} speech", "{n} speeches", n).format(n=n)


def passages(n: int) -> str:
    return ngettext("{n} passage", "{n} passages", n).format(n=n)


def characters(n: int) -> str:
    """字数: `4077 characters` / `4077 字`."""
    return ngettext("{n} character", "{n} characters", n).format(n=n)


# The level a speech was given at, as the parser names it (corpus.structure._LEVELS: 中央, 省, 市, 县, 区, 乡镇): a bare
# "市" beside the year and occasion reads as a word of the title, so the header says 市级 / city level.
_LEVEL_NAMES = {"中央": N_("central level"), "省": N_("provincial level"), "市": N_("city level"), "县": N_("county level"),
                "区": N_("district level"), "乡镇": N_("township level")}


def level(name: str) -> str:
    """A speech's level for display (an unknown value, from an older store, as it is)."""
    return _(_LEVEL_NAMES[name]) if name in _LEVEL_NAMES else name


def date_span(first: str | None, last: str | None) -> str:
    """When something was said, first to last: years 2019–2026; dates read apart (2020-02-03 至 2020-11-24, an en dash
    between dashed dates runs them together); one date alone as it is; "?" for a missing end. The 提法 view and
    `jianghua formulations` both say it so."""
    if first == last:
        return first or ""
    a, b = first or "?", last or "?"
    return f"{a}–{b}" if "-" not in a + b else _("{first} to {last}").format(first=a, last=b)
