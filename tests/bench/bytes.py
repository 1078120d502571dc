"""Bytes written to the terminal per action (`python -m tests.bench --bytes`, or
`python -m tests.bench.bytes [--repeat 5] [--json FILE]`).

Over SSH every byte the browser writes travels the link, so this counts them: the
browser runs at 120×36 in a real pty (TERM=xterm-256color, COLORTERM=truecolor,
size set with TIOCSWINSZ) on the bundled corpus with a private cache and state
folder. After each key the probe reads the pty until the output has settled (no
byte for QUIET seconds) and counts what came. Actions: start (list painted), list
↓, open the reader (Enter on the second row), reader `j` (mean of 10), `J`, page
down (space), idle 3 s. `less` on the same speech file is the reference: first
page, one line (`j`), page down (space). Each figure is the median over repeats
(fresh processes each time).

"One screen" (the yardstick for start and open, as the issue counts it: ≈ 6–8 KB)
is the UTF-8 size of the characters the screen shows, every cell (a coloured
background is painted with blanks), one newline a row: read off a small screen
model fed with the same bytes. The text alone (trailing blanks dropped) is given
beside it.

The store is built once (a private cache folder); every run starts with a fresh
state folder, so the reader opens at the top of the speech each time.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 36)  # columns, rows
QUIET = 0.6  # seconds without output: the frame has settled
FIRST_WAIT = 20.0  # at most this long for a key's first byte (a busy 2-core box)
J_REPEATS = 10

KEYS = {"down": b"\x1b[B", "enter": b"\r", "j": b"j", "J": b"J", "space": b" ", "q": b"q", "ctrl+q": b"\x11"}

# (figure, target as a function of the run's figures, what the target says)
TARGETS = [
    ("start", lambda f: 2 * f["start_screen"], "≤ 2× one screen"),
    ("list_down", lambda f: 1536, "≤ 1.5 KB"),
    ("open", lambda f: 2 * f["open_screen"], "≤ 2× one screen"),
    ("reader_j", lambda f: 2560, "≤ 2.5 KB"),
    ("reader_J", lambda f: 4096, "≤ 4 KB"),
    ("page_down", lambda f: 1.3 * f["less_page"], "≤ 1.3× less's page"),
    ("idle", lambda f: 0, "0 B"),
]


# ---------------------------------------------------------------- the pty


class Pty:
    """A program in a pseudo-terminal of SIZE; `settle()` reads until it is quiet."""

    def __init__(self, argv: list[str], env: dict, cwd: str | None = None, size: tuple[int, int] = SIZE):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0), close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.transcript = bytearray()

    def _read(self, timeout: float) -> bytes:
        r, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not r:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the program ended (EIO)
            return b""
        self.transcript += data
        return data

    def settle(self, quiet: float = QUIET, first_wait: float = FIRST_WAIT, until: bytes | None = None) -> bytes:
        """Everything written until `quiet` s pass without output (waiting up to
        `first_wait` s for the first byte, and with `until`, for that byte string)."""
        out = bytearray()
        end = time.monotonic() + first_wait
        while time.monotonic() < end:
            data = self._read(0.05)
            if data:
                out += data
                if until is None or until in out:
                    break
        last = time.monotonic()
        while time.monotonic() - last < quiet:
            data = self._read(quiet - (time.monotonic() - last))
            if data:
                out += data
                last = time.monotonic()
        return bytes(out)

    def for_seconds(self, seconds: float) -> bytes:
        out = bytearray()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            out += self._read(end - time.monotonic())
        return bytes(out)

    def press(self, key: str, **kw) -> bytes:
        os.write(self.fd, KEYS.get(key, key.encode()))
        return self.settle(**kw)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.fd)


# ---------------------------------------------------------------- a screen model

_CSI = re.compile(rb"\x1b\[([0-9;?<>=!]*)([ -/]*)([@-~])")
_OSC = re.compile(rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")


def _width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


class Screen:
    """Just enough of a terminal to read a frame off Textual's output: cursor moves
    (CUP, CUU/CUD/CUF/CUB, CR, LF), a scroll region (DECSTBM, LF at its bottom,
    reverse index at its top), erase line/display, printable characters, and
    per cell its attributes and colours (SGR applied one code at a time, as a
    terminal does: resets, attributes on and off, 38/48/58 colours)."""

    def __init__(self, size: tuple[int, int] = SIZE):
        self.cols, self.rows = size
        self.cells = [[" "] * self.cols for _ in range(self.rows)]
        self.styles = [[""] * self.cols for _ in range(self.rows)]
        self.sgr = ""  # the current style, canonical
        self._attrs: set[str] = set()
        self._colours: dict[str, tuple[str, ...]] = {}
        self.x = self.y = 0
        self.top, self.bottom = 0, self.rows - 1  # the scroll region (DECSTBM)

    def _scroll(self, n: int) -> None:
        """Scroll the region up by n lines (down when n < 0); blank lines come in."""
        band = list(zip(self.cells[self.top : self.bottom + 1], self.styles[self.top : self.bottom + 1]))
        blank = [([" "] * self.cols, [""] * self.cols) for _ in range(min(abs(n), len(band)))]
        band = band[len(blank) :] + blank if n > 0 else blank + band[: len(band) - len(blank)]
        self.cells[self.top : self.bottom + 1] = [c for c, _ in band]
        self.styles[self.top : self.bottom + 1] = [s for _, s in band]

    def _line_feed(self) -> None:
        if self.y == self.bottom:
            self._scroll(1)
        else:
            self.y = min(self.rows - 1, self.y + 1)

    def feed(self, data: bytes) -> None:
        i, n = 0, len(data)
        while i < n:
            b = data[i]
            if b == 0x1B:
                m = _CSI.match(data, i)
                if m:
                    self._csi(m.group(1).decode(), m.group(3).decode())
                    i = m.end()
                    continue
                m = _OSC.match(data, i)
                if m:
                    i = m.end()
                    continue
                if data[i + 1 : i + 2] == b"M":  # reverse index
                    if self.y == self.top:
                        self._scroll(-1)
                    else:
                        self.y = max(0, self.y - 1)
                i += 2  # ESC x (charset, keypad modes …)
                continue
            if b == 0x0D:
                self.x = 0
            elif b == 0x0A:
                self._line_feed()
            elif b == 0x08:
                self.x = max(0, self.x - 1)
            elif b >= 0x20:
                j = i + 1
                while j < n and 0x80 <= data[j] < 0xC0:
                    j += 1
                ch = data[i:j].decode("utf-8", "replace")
                self._put(ch)
                i = j
                continue
            i += 1

    def _put(self, ch: str) -> None:
        w = _width(ch)
        if w == 0 or self.y >= self.rows:
            return
        if self.x + w > self.cols:
            self.x = 0
            self.y = min(self.rows - 1, self.y + 1)
        self.cells[self.y][self.x] = ch
        self.styles[self.y][self.x] = self.sgr
        if w == 2 and self.x + 1 < self.cols:
            self.cells[self.y][self.x + 1] = ""
            self.styles[self.y][self.x + 1] = self.sgr
        self.x += w

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", "<", ">", "=")):
            return
        if final == "m":
            self._sgr(params)
            return
        nums = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []
        a = nums[0] if nums else 0
        if final == "r":  # DECSTBM: the scroll region; the cursor goes home
            top = (nums[0] if nums and nums[0] else 1) - 1
            bottom = (nums[1] if len(nums) > 1 and nums[1] else self.rows) - 1
            if top < bottom < self.rows:
                self.top, self.bottom = top, bottom
            self.x = self.y = 0
        elif final in "Hf":
            self.y = max(1, a) - 1 if nums else 0
            self.x = max(1, nums[1]) - 1 if len(nums) > 1 else 0
        elif final == "A":
            self.y = max(0, self.y - max(1, a))
        elif final == "B":
            self.y = min(self.rows - 1, self.y + max(1, a))
        elif final == "C":
            self.x = min(self.cols - 1, self.x + max(1, a))
        elif final == "D":
            self.x = max(0, self.x - max(1, a))
        elif final == "G":
            self.x = max(1, a) - 1
        elif final == "d":
            self.y = max(1, a) - 1
        elif final == "K":
            row = self.cells[self.y]
            lo, hi = {0: (self.x, self.cols), 1: (0, self.x + 1), 2: (0, self.cols)}.get(a, (0, 0))
            for k in range(lo, min(hi, self.cols)):
                row[k] = " "
        elif final == "J" and a in (2, 3):
            self.cells = [[" "] * self.cols for _ in range(self.rows)]
        elif final == "J" and a == 0:
            for k in range(self.x, self.cols):
                self.cells[self.y][k] = " "
            for r in range(self.y + 1, self.rows):
                self.cells[r] = [" "] * self.cols

    _OFF = {"22": ("1", "2"), "23": ("3",), "24": ("4",), "25": ("5", "6"), "27": ("7",), "28": ("8",), "29": ("9",), "55": ("53",)}

    def _sgr(self, params: str) -> None:
        codes = params.split(";") if params else ["0"]
        i = 0
        while i < len(codes):
            c = codes[i] or "0"
            if c in ("38", "48", "58"):
                n = 3 if i + 1 < len(codes) and codes[i + 1] == "5" else 5
                self._colours[c] = tuple(codes[i + 1 : i + n])
                i += n
                continue
            if c == "0":
                self._attrs.clear()
                self._colours.clear()
            elif c in self._OFF:
                self._attrs.difference_update(self._OFF[c])
            elif c in ("39", "49", "59"):
                self._colours.pop({"39": "38", "49": "48", "59": "58"}[c], None)
            elif c.isdigit() and (30 <= int(c) <= 37 or 90 <= int(c) <= 97):
                self._colours["38"] = (c,)
            elif c.isdigit() and (40 <= int(c) <= 47 or 100 <= int(c) <= 107):
                self._colours["48"] = (c,)
            else:
                self._attrs.add(c)
            i += 1
        self.sgr = ";".join(sorted(self._attrs)) + "|" + "|".join(f"{k}:{','.join(v)}" for k, v in sorted(self._colours.items()))

    def styled_lines(self) -> list[list[tuple[str, str]]]:
        """Every cell as (character, SGR parameters)."""
        return [list(zip(c, s)) for c, s in zip(self.cells, self.styles)]

    def lines(self) -> list[str]:
        return ["".join(r).rstrip() for r in self.cells]

    def text_bytes(self) -> int:
        """UTF-8 size of the text on screen (trailing blanks dropped, a newline per row)."""
        return sum(len(line.encode()) + 1 for line in self.lines())

    def screen_bytes(self) -> int:
        """UTF-8 size of every cell on screen (blanks too, a newline per row)."""
        return sum(len("".join(r).encode()) + 1 for r in self.cells)


def screen_of(data: bytes) -> Screen:
    s = Screen()
    s.feed(data)
    return s


# ---------------------------------------------------------------- the runs


def environ(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "USER", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(
        TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8", LC_ALL="C.UTF-8",
        COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]),
        JIANGHUA_CACHE_DIR=str(tmp / "cache"), JIANGHUA_STATE_DIR=str(tmp / "state"),
        LESSHISTFILE="-", LESS="",
    )
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def second_speech_file(env: dict) -> Path:
    """The file of the list's second row (what ↓ Enter opens), from `jianghua list --json`."""
    p = subprocess.run([sys.executable, "-m", "jianghua", "list", "--json"], env=env, cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"jianghua list: {p.stderr.strip()[-400:]}")
    rows = json.loads(p.stdout)
    rows = rows.get("speeches", rows) if isinstance(rows, dict) else rows
    src = rows[1].get("source") or rows[1].get("path")
    path = Path(src)
    return path if path.is_absolute() else ROOT / "corpus" / "bundled" / path


def measure_app(env: dict) -> dict:
    """One run of the browser: the bytes of every action (and the screens' text)."""
    t = Pty([sys.executable, "-m", "jianghua"], env, cwd=str(ROOT))
    try:
        start = t.settle(quiet=1.5, first_wait=60.0)
        scr = screen_of(start)
        f: dict = {"start": len(start), "start_screen": scr.screen_bytes(), "start_text": scr.text_bytes()}
        f["list_down"] = len(t.press("down"))
        opened = t.press("enter", quiet=1.0)
        f["open"] = len(opened)
        scr.feed(t.transcript[len(start):])  # the reader's screen as the terminal shows it
        f["open_screen"] = scr.screen_bytes()
        f["open_text"] = scr.text_bytes()
        f["reader_j_each"] = [len(t.press("j")) for _ in range(J_REPEATS)]
        f["reader_j"] = statistics.mean(f["reader_j_each"])
        f["reader_J"] = len(t.press("J"))
        f["page_down"] = len(t.press("space"))
        f["idle"] = len(t.for_seconds(3.0))
        t.press("q", quiet=0.3, first_wait=2.0)
        t.press("q", quiet=0.3, first_wait=2.0)
        return f
    finally:
        t.close()


def measure_less(env: dict, path: Path) -> dict:
    t = Pty(["less", str(path)], env)
    try:
        first = t.settle(first_wait=10.0)
        f = {"less_first": len(first)}
        f["less_line"] = len(t.press("j"))
        f["less_page"] = len(t.press("space"))
        t.press("q", quiet=0.2, first_wait=2.0)
        return f
    finally:
        t.close()


def run(repeat: int, log=lambda m: print(m, file=sys.stderr, flush=True)) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="jianghua-bytes-"))
    try:
        env = environ(tmp)
        log("[bytes] building the store of the bundled corpus (private cache)")
        path = second_speech_file(env)
        runs = []
        for k in range(repeat):
            log(f"[bytes] run {k + 1}/{repeat}")
            shutil.rmtree(tmp / "state", ignore_errors=True)  # the reader opens at the top
            f = measure_app(env)
            if shutil.which("less"):
                f.update(measure_less(env, path))
            runs.append(f)
        keys = [k for k in runs[0] if not k.endswith("_each")]
        med = {k: statistics.median(r[k] for r in runs if k in r) for k in keys}
        spread = {k: (min(r[k] for r in runs if k in r), max(r[k] for r in runs if k in r)) for k in keys}
        targets = []
        for key, limit, what in TARGETS:
            try:
                lim = limit(med)
            except KeyError:
                continue
            targets.append({"figure": key, "target": what, "limit": lim, "median": med[key],
                            "status": "PASS" if med[key] <= lim else "MISS"})
        return {"size": list(SIZE), "repeat": repeat, "less_file": str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path),
                "median": med, "spread": spread, "targets": targets, "runs": runs}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kb(n: float) -> str:
    return f"{n:.0f} B" if n < 1000 else f"{n / 1024:.1f} KB"


ROWS = [
    ("start, list painted", "start", "less_first"),
    ("list ↓", "list_down", None),
    ("open the reader", "open", None),
    (f"reader `j`, mean of {J_REPEATS}", "reader_j", "less_line"),
    ("reader `J`", "reader_J", None),
    ("reader page down", "page_down", "less_page"),
    ("idle 3 s", "idle", None),
]


def table(res: dict, command: str) -> str:
    med, spread = res["median"], res["spread"]
    tg = {t["figure"]: t for t in res["targets"]}
    out = [f"bytes written to the terminal, {res['size'][0]}×{res['size'][1]}, median of {res['repeat']} "
           f"(less: {res['less_file']})", f"command: {command}", "",
           "| action | jianghua (min–max) | less | target | |", "|---|---|---|---|---|"]
    for label, key, less in ROWS:
        lo, hi = spread[key]
        t = tg.get(key)
        lv = _kb(med[less]) if less and less in med else "—"
        out.append(f"| {label} | {_kb(med[key])} ({_kb(lo)}–{_kb(hi)}) | {lv} | "
                   f"{t['target'] + ' (' + _kb(t['limit']) + ')' if t else ''} | {t['status'] if t else ''} |")
    out.append("")
    out.append(f"one screen: list {_kb(med['start_screen'])} (its text {_kb(med['start_text'])}), "
               f"reader {_kb(med['open_screen'])} (its text {_kb(med['open_text'])})")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tests.bench.bytes", description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="fresh runs; figures are medians (default 5)")
    p.add_argument("--json", metavar="FILE", help="also write the results as JSON here")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be positive")
    res = run(args.repeat)
    command = "python -m tests.bench.bytes " + " ".join(argv if argv is not None else sys.argv[1:])
    print(table(res, command.strip()))
    if args.json:
        Path(args.json).write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
