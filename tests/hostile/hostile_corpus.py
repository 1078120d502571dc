"""A corpus folder of hostile inputs, generated on demand (no binaries committed).

`make_hostile_corpus(folder)` writes every case into `folder` and returns the list
of `Case`s: what each file is and what jianghua must do with it (index it with
the right text, or skip it with a reason). Names are bytes, because several of
them are not valid UTF-8 or hold control characters.
"""

from __future__ import annotations

import codecs
import os
import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from jianghua.corpus.ingest import display_source

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "corpus" / "bundled"

# A real speech (UTF-8, GBK-encodable), and a traditional-character one (Big5-encodable).
SPEECH = (BUNDLED / "001_b4912c15c8048628.txt").read_text(encoding="utf-8")
SPEECH_TITLE = "在县委办党支部2022年度组织生活会上的讲话"
TRAD = (
    "在縣委辦黨支部組織生活會上的講話\n\n同志們：\n"
    "組織生活會是嚴肅黨內政治生活的重要法寶，是落實全面從嚴治黨的具體行動。我們要堅持問題導向，認真開展批評與自我批評。\n"
    "一、堅持理論學習，築牢思想根基\n"
    "要把學習貫徹黨的創新理論作為首要政治任務，做到學思用貫通、知信行統一。每一名黨員都要在學習上下功夫。\n"
    "二、嚴明紀律規矩，強化作風建設\n"
    "要嚴守政治紀律和政治規矩，堅決反對形式主義、官僚主義。廉潔自律是每一名黨員幹部的底線。\n"
)
TRAD_TITLE = "在縣委辦黨支部組織生活會上的講話"
ADVERT = (
    "仅供学习 禁止外传\n酷乐文行\n自建平台、实时分享\n根据实际需求和形式任务不断迭代\n"
    "现在订阅立享前3年的所有权益和资料 \n\n【打击倒卖活动】\n举报倒卖会员资料的人，举报成功免费赠送一年会员材料！\n"
    "会员群：                      免费QQ群：         \n\n\n\n"
)


def small_speech(n: int, topic: str = "理论学习") -> str:
    """A short, distinct speech (for the many-files and the good-neighbour cases)."""
    return (
        f"在第{n}次党支部{topic}会上的讲话\n\n同志们：\n"
        f"今天召开第{n}次会议，主要是围绕{topic}做个交流。我们要坚持问题导向，把{topic}抓实抓细。\n"
        f"一、提高政治站位\n要深刻领会第{n}项工作的重要意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”。\n"
        f"二、狠抓工作落实\n要以钉钉子精神抓好第{n}项任务，确保各项工作落地见效。廉洁自律，守住底线。\n"
    )


# Everything a terminal could act on, and the markup a Rich/Textual widget would.
ESC_TITLE = "\x1b]0;pwned\x07"
ESC_CLIP = "\x1b]52;c;cm0gLXJmIH4=\x07"
ESC_CLIP_ST = "\x1b]52;c;cm0gLXJmIH4=\x1b\\"
HOSTILE_SEQUENCES = [
    "\x1b[31m", "\x1b[0m", "\x1b[2J", "\x1b[?1049h", ESC_TITLE, ESC_CLIP, ESC_CLIP_ST,
    "\x1bP+q544e\x1b\\", "\x9b31m", "\x9d0;x\x9c", "\x07", "\x08", "\x7f", "\x0e",
    "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u061c",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff",
]
MARKUP = ["[/]", "[@click=app.quit]", "[link=http://x]", "[b]", "[/b]", "[red on white]"]

ANSI_SPEECH = (
    f"在{ESC_TITLE}全县\x1b[31m警示教育大会\x1b[0m上的讲话\u202e\n\n同志们：\n"
    f"今天\u200b召开\u200d警示教育大会{ESC_CLIP}，主要是\u2066敲响警钟\u2069、\u061c筑牢防线。\x9b1m我们要坚持\x9d2;x\x9c问题导向。\n"
    f"一、\x1b[1m严明纪律规矩\x1b[22m\n要严守政治纪律和政治规矩{ESC_CLIP_ST}，坚决反对形式主义、官僚主义\x07。\x1bP+q544e\x1b\\廉洁自律是底线\x08\x7f。\n"
    "二、狠抓工作落实\n\x1b[2J\x1b[?1049h要以钉钉子精神抓好各项任务\x01，确保落地见效\ufeff\x0e。\n"
)
ANSI_WORDS = ["警示教育大会", "敲响警钟", "筑牢防线", "严明纪律规矩", "严守政治纪律和政治规矩", "以钉钉子精神抓好各项任务"]

MARKUP_SPEECH = (
    "在[b]全县[/b]工作会议上的讲话[/]\n\n同志们：\n"
    "今天[@click=app.quit]召开全县工作会议，[link=http://x]主要是部署今年的工作[/link]。我们要坚持问题导向。\n"
    "一、[red on white]提高政治站位\n要增强“四个意识”[/]、坚定“四个自信”、做到“两个维护”。\n"
)


@dataclass
class Case:
    path: bytes  # relative to the corpus folder
    expect: str  # "index", "skip", "either" (index or skip: e.g. permissions root ignores), "absent"
    reason: str = ""  # substring of the skip reason
    title: str | None = None  # expected title when indexed
    contains: tuple[str, ...] = ()  # substrings of the speech's paragraphs (joined)
    paragraphs: list[str] | None = None  # the exact paragraphs when indexed
    note: str = ""

    @property
    def source(self) -> str:
        """The name the store shows for this file."""
        return "/".join(display_source(os.fsdecode(part)) for part in self.path.split(b"/"))


@dataclass
class Corpus:
    folder: Path
    cases: list[Case] = field(default_factory=list)

    def by_expect(self, kind: str) -> list[Case]:
        return [c for c in self.cases if c.expect == kind]


def _paragraphs(text: str) -> list[str]:
    from jianghua.corpus.clean import clean_text
    from jianghua.corpus.structure import parse

    return [p.text for p in parse(clean_text(text)).paragraphs]


def _write(folder: Path, rel: bytes, data: bytes) -> Path:
    p = Path(os.fsdecode(os.path.join(os.fsencode(folder), rel)))
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


def make_hostile_corpus(folder: Path, *, deep: int = 1100) -> Corpus:
    """Write the hostile corpus (without the 50 MB and 20 000-file cases)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    c = Corpus(folder)
    add = c.cases.append
    plain = _paragraphs(SPEECH)
    trad = _paragraphs(TRAD)

    def good(rel: bytes, data: bytes, title=SPEECH_TITLE, paragraphs=plain, note="", **kw) -> None:
        _write(folder, rel, data)
        add(Case(rel, "index", title=title, paragraphs=paragraphs, note=note, **kw))

    def bad(rel: bytes, data: bytes, reason: str, note: str = "") -> None:
        _write(folder, rel, data)
        add(Case(rel, "skip", reason=reason, note=note))

    # --- encodings and line endings
    good(b"good.txt", SPEECH.encode("utf-8"), note="the good neighbour")
    good(b"enc-gbk.txt", SPEECH.encode("gbk"))
    good(b"enc-gb18030.txt", (SPEECH + "\n生僻字𠮷𡈼与欧元€符号的段落。\n").encode("gb18030"), paragraphs=plain + ["生僻字𠮷𡈼与欧元€符号的段落。"])
    good(b"enc-big5.txt", TRAD.encode("big5"), title=TRAD_TITLE, paragraphs=trad)
    good(b"enc-utf16le-bom.txt", codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"))
    good(b"enc-utf16be-bom.txt", codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"))
    good(b"enc-utf8-bom.txt", codecs.BOM_UTF8 + SPEECH.encode("utf-8"))
    good(b"enc-utf32le-bom.txt", codecs.BOM_UTF32_LE + SPEECH.encode("utf-32-le"))
    good(b"eol-cr.txt", SPEECH.replace("\n", "\r").encode("utf-8"))
    good(b"eol-crlf.txt", SPEECH.replace("\n", "\r\n").encode("gbk"))
    lines = SPEECH.split("\n")
    mixed = "".join(line + ("\r\n", "\n", "\r", "\u2028")[k % 4] for k, line in enumerate(lines))
    good(b"eol-mixed.txt", mixed.encode("utf-8"))
    good(b"trad-utf8.txt", TRAD.encode("utf-8"), title=TRAD_TITLE, paragraphs=trad)
    good(b"upper.TXT", SPEECH.encode("utf-8"), note="upper-case suffix")
    good(b"markdown.md", SPEECH.encode("utf-8"))
    good(b"advert-then-speech.txt", (ADVERT + SPEECH).encode("utf-8"))

    # --- empty and useless files
    bad(b"empty.txt", b"", "empty")
    bad(b"blank.txt", " \n\t\r\n\u3000\u3000\n\r\r  \n".encode("utf-8"), "")
    bad(b"advert-only.txt", ADVERT.encode("utf-8"), "boilerplate")
    bad(b"controls-only.txt", ("\x1b[31m\x1b[0m\u200b\u202e\x07\x0e" * 50).encode("utf-8"), "")
    bad(b"portal-only.txt", "下载\n打印\n【字号：加大 还原 减小】\n关闭窗口\n".encode("utf-8"), "")

    # --- binaries named .txt
    bad(b"image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "PNG")
    bad(b"nul-bytes.txt", ("在全县工作会议上的讲话\n同志们：\n要抓好落实。").encode("utf-8") + b"\x00\x00\x00" + b"abc\x00" * 100, "NUL")
    bad(b"random.txt", random.Random(5).randbytes(20000), "binary")
    bad(b"zip.txt", b"PK\x03\x04" + bytes(500), "ZIP")
    bad(b"utf16-binary.txt", codecs.BOM_UTF16_LE + bytes(range(32)) * 100, "binary")
    # A 9 MB sparse file: over the 8 MB limit, skipped from its size without being read.
    p = _write(folder, b"sparse-9mb.txt", b"")
    with open(p, "r+b") as fh:
        fh.truncate(9 * 1024 * 1024)
    add(Case(b"sparse-9mb.txt", "skip", reason="too large"))

    # --- escape sequences, markup, invisible characters in the text
    good(b"ansi.txt", ANSI_SPEECH.encode("utf-8"), title="在全县警示教育大会上的讲话", paragraphs=None, contains=tuple(ANSI_WORDS))
    good(b"ansi-gbk.txt", ANSI_SPEECH.replace("\u202e", "").replace("\u2066", "").replace("\u2069", "").replace("\u061c", "")
         .replace("\u200b", "").replace("\u200d", "").replace("\ufeff", "").replace("\x9b", "\x1b[").replace("\x9d", "\x1b]").replace("\x9c", "\x07")
         .encode("gbk"), title="在全县警示教育大会上的讲话", paragraphs=None, contains=tuple(ANSI_WORDS))
    good(b"markup.txt", MARKUP_SPEECH.encode("utf-8"), title="在[b]全县[/b]工作会议上的讲话[/]", paragraphs=None,
         contains=("[@click=app.quit]", "[link=http://x]", "[red on white]提高政治站位", "[/]"))

    # --- text that is slow for a naive parser
    good(b"salutation-redos.txt", ("各位领导" * 40 + "。\n" + small_speech(1)).encode("utf-8"), title=None, paragraphs=None, contains=("今天召开第1次会议",))
    good(b"quotes-unbalanced.txt", ("在会议上的讲话\n同志们：\n" + "（" * 200_000 + "”" * 200_000 + "。\n" + "（（（）））" * 50_000 + "。\n").encode("utf-8"),
         title="在会议上的讲话", paragraphs=None)
    good(b"one-long-line.txt", ("在会议上的讲话　　同志们：　　" + "要抓好落实，确保见效，" * 100_000 + "。").encode("utf-8"), title=None, paragraphs=None)

    # --- names
    named = small_speech(7).encode("utf-8")
    for rel in (b"with space.txt", "emoji 🎤 讲话.txt".encode(), b"new\nline.txt", b"-rf.txt", b"--help.txt",
                b"\xd6\xd0\xce\xc4-gbk-name.txt", b"\xff\xfe-bad-utf8.txt", b"\x1b]0;pwned\x07.txt", b"\x1b[31mred\x1b[0m.txt",
                b"tab\there.txt", "bidi\u202etxt.exe.txt".encode(), "c1\u009b31m.txt".encode(), b"cr\rname.txt", "zw\u200bname.txt".encode(),
                "[b]markup[/b].txt".encode()):
        _write(folder, rel, named)
        add(Case(rel, "index", title="在第7次党支部理论学习会上的讲话", note="hostile name"))

    # --- folders and links
    good(b"x.txt/inside.txt", small_speech(8).encode("utf-8"), title="在第8次党支部理论学习会上的讲话", paragraphs=None, note="a directory named x.txt")
    os.symlink(".", os.path.join(os.fsencode(folder), b"loop"))
    os.symlink("..", os.path.join(os.fsencode(folder), b"x.txt", b"up"))
    os.symlink("self.txt", os.path.join(os.fsencode(folder), b"self.txt"))
    add(Case(b"self.txt", "skip", reason="cannot read"))
    os.symlink("loop-b.txt", os.path.join(os.fsencode(folder), b"loop-a.txt"))
    os.symlink("loop-a.txt", os.path.join(os.fsencode(folder), b"loop-b.txt"))
    add(Case(b"loop-a.txt", "skip", reason="cannot read"))
    add(Case(b"loop-b.txt", "skip", reason="cannot read"))
    os.symlink("does-not-exist", os.path.join(os.fsencode(folder), b"dangling.txt"))
    add(Case(b"dangling.txt", "skip", reason="cannot read"))
    os.symlink("good.txt", os.path.join(os.fsencode(folder), b"link-to-good.txt"))
    add(Case(b"link-to-good.txt", "index", title=SPEECH_TITLE, paragraphs=plain))
    os.symlink("x.txt", os.path.join(os.fsencode(folder), b"zz-dirlink"))  # the same folder again: walked once

    # --- unreadable things
    p = _write(folder, b"mode-000.txt", small_speech(9).encode("utf-8"))
    os.chmod(p, 0)
    add(Case(b"mode-000.txt", "either", title="在第9次党支部理论学习会上的讲话", reason="cannot read", note="root ignores permissions"))
    os.mkfifo(os.path.join(os.fsencode(folder), b"fifo.txt"))
    add(Case(b"fifo.txt", "skip", reason="not a regular file"))
    d = folder / "locked-dir"
    d.mkdir()
    (d / "hidden-by-mode.txt").write_bytes(small_speech(10).encode("utf-8"))
    os.chmod(d, 0)
    add(Case(b"locked-dir/hidden-by-mode.txt", "either", title="在第10次党支部理论学习会上的讲话"))
    _write(folder, b".hidden.txt", small_speech(11).encode("utf-8"))
    add(Case(b".hidden.txt", "absent"))
    _write(folder, b"notes.docx", b"PK\x03\x04")
    add(Case(b"notes.docx", "absent"))

    # --- a very deep folder (a recursive walk would overflow the stack)
    if deep:
        rel = b"/".join([b"d"] * deep) + b"/deep.txt"
        _write_deep(folder, deep, small_speech(12).encode("utf-8"))
        add(Case(rel, "index", title="在第12次党支部理论学习会上的讲话", note=f"{deep} folders deep"))
    return c


def _write_deep(folder: Path, depth: int, data: bytes) -> None:
    # Paths longer than PATH_MAX cannot be created in one call: walk down with dir fds.
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(depth):
            try:
                os.mkdir("d", dir_fd=fd)
            except FileExistsError:
                pass
            nfd = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = nfd
        wfd = os.open("deep.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644, dir_fd=fd)
        try:
            os.write(wfd, data)
        finally:
            os.close(wfd)
    finally:
        os.close(fd)


def remove_corpus(folder: Path) -> None:
    """Delete a hostile corpus: restore the modes taken away, then `rm -rf` (the
    folder 1100 levels deep defeats shutil.rmtree's recursion)."""
    folder = Path(folder)
    for rel in ("mode-000.txt", "locked-dir"):
        try:
            os.chmod(folder / rel, 0o755)
        except OSError:
            pass
    subprocess.run(["rm", "-rf", "--", str(folder)], check=False)


def printable_problems(data: bytes | str) -> list[str]:
    """Characters a terminal could act on: C0 (but \\n \\t), DEL, C1, bidi and zero-width controls."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    bad = []
    for ch in text:
        o = ord(ch)
        if (o < 32 and ch not in "\n\t") or 0x7F <= o <= 0x9F or 0x200B <= o <= 0x200F or 0x202A <= o <= 0x202E \
                or 0x2066 <= o <= 0x2069 or o in (0x061C, 0xFEFF, 0x2060):
            bad.append(f"U+{o:04X}")
    return bad


def make_speech_corpus(folder: Path, n: int, *, round_: int = 0) -> list[Path]:
    """n distinct real speeches (the bundled ones, each with its own closing line),
    big enough that building them takes a second or so."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in sorted(BUNDLED.glob("*.txt"))]
    out = []
    for k in range(n):
        p = folder / f"{k:04d}.txt"
        p.write_text(texts[k % len(texts)] + f"\n第{k}号附言：要把第{k}项工作抓实抓细，第{round_}轮。\n", encoding="utf-8")
        out.append(p)
    return out


def closing_line(k: int, round_: int) -> str:
    return f"第{k}号附言：要把第{k}项工作抓实抓细，第{round_}轮。"
