"""Writes the hard-wrapped copies of the originals here (run from the repo root:
`python tests/data/wrapped/make_wrapped.py`). Each paragraph (line) of an original
is cut into lines of WIDTH display columns (a Chinese character is 2 columns),
character by character as a PDF converter does (numbers and words may be cut),
and paragraphs are separated by a blank line, an indent (　　) or nothing.
`wrap(..., hang=True)` (used by the test, not written here) lets punctuation hang
past the margin as wrappers with Chinese line-start rules do."""

from pathlib import Path

HERE = Path(__file__).parent
ORIGINALS = ("shanghai", "shijianlun")
WIDTHS = (36, 40, 70)
SEPARATORS = ("blank", "indent", "none")


def cols(ch: str) -> int:
    return 1 if ch.isascii() else 2


HANGING = "。，、；：？！”’）》"  # a wrapper with line-start rules (禁则) lets these hang past the margin


def wrap(text: str, width: int, sep: str, hang: bool = False) -> str:
    out: list[str] = []
    for para in text.splitlines():
        if not para.strip():
            continue
        line, w = ("\u3000\u3000", 4) if sep == "indent" else ("", 0)
        for ch in para:
            if w + cols(ch) > width and not (hang and ch in HANGING):
                out.append(line)
                line, w = "", 0
            line += ch
            w += cols(ch)
        out.append(line)
        if sep == "blank":
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> None:
    for name in ORIGINALS:
        text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
        for width in WIDTHS:
            for sep in SEPARATORS:
                (HERE / f"{name}.w{width}.{sep}.txt").write_text(wrap(text, width, sep), encoding="utf-8")


if __name__ == "__main__":
    main()
