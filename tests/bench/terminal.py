"""Warm start in a real terminal (``--terminal``): tmux, as `tui-drive` does it.

The program is started in a tmux pane of a private tmux server (its own socket,
killed at the end) and the pane is read every 10 ms until a speech title shows;
the figure is the time from just before the program was spawned to that screen.
The browser is started exactly as a user starts it (``python -m jianghua --corpus …``),
the bare app with ``python -m tests.bench.probes bare-run``.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time

from .probes import MARKER_WIDTH


class Tmux:
    def __init__(self, size: tuple[int, int], env: dict):
        self.sock = f"jianghua-bench-{os.getpid()}"
        self.size = size
        self.env = env
        self.base = ["tmux", "-L", self.sock, "-f", "/dev/null"]
        self.started = False

    def _t(self, *args: str, check: bool = True) -> str:
        p = subprocess.run([*self.base, *args], capture_output=True, text=True, timeout=30)
        if check and p.returncode != 0:
            raise RuntimeError(f"tmux {args[0]}: {p.stderr.strip()}")
        return p.stdout

    def start(self) -> None:
        self._t("new-session", "-d", "-s", "bench", "-x", str(self.size[0]), "-y", str(self.size[1]),
                "-e", "TERM=xterm-256color", "-e", "COLORTERM=truecolor", "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8")
        self._t("set", "-g", "remain-on-exit", "on")
        self.started = True

    def close(self) -> None:
        if self.started:
            self._t("kill-server", check=False)
            self.started = False

    def time_to(self, argv: list[str], markers: set[str], timeout: float = 60.0) -> float | None:
        """Seconds from spawning argv in the pane to a screen showing one of the markers."""
        env = " ".join(f"{k}={shlex.quote(v)}" for k, v in self.env.items())
        cmd = f"cd {shlex.quote(str(self.env.get('BENCH_CWD', '.')))} && exec env {env} " + " ".join(shlex.quote(a) for a in argv)
        t0 = time.time()
        self._t("respawn-pane", "-k", "-t", "bench", cmd)
        end = t0 + timeout
        while time.time() < end:
            screen = self._t("capture-pane", "-p", "-t", "bench", check=False)
            if _seen(screen, markers):
                t = time.time() - t0
                self._t("respawn-pane", "-k", "-t", "bench", "sleep 3600", check=False)
                return t
            time.sleep(0.01)
        return None


def _seen(screen: str, markers: set[str]) -> bool:
    w = MARKER_WIDTH
    for line in screen.splitlines():
        line = line.replace(" ", "")
        for i in range(0, max(0, len(line) - w) + 1):
            if line[i: i + w] in markers:
                return True
    return False


def warm_starts(env_vars: dict, root: str, corpus: str, store: str, titles: list[str], markers_all: list[str],
                markers_bare: list[str], repeat: int, with_app: bool, size: tuple[int, int]) -> dict[str, list[float]]:
    keep = {k: v for k, v in env_vars.items() if k.startswith(("JIANGHUA_", "PYTHON", "PATH", "HOME"))}
    keep["BENCH_CWD"] = root
    tm = Tmux(size, keep)
    out: dict[str, list[float]] = {"bare": [], "app": []}
    try:
        tm.start()
        for _ in range(repeat):
            t = tm.time_to([sys.executable, "-m", "tests.bench.probes", "bare-run", json.dumps({"titles": titles[:5]}, ensure_ascii=False)],
                           set(markers_bare))
            if t is not None:
                out["bare"].append(t)
            if with_app:
                t = tm.time_to([sys.executable, "-m", "jianghua", "--corpus", corpus, "--store", store], set(markers_all))
                if t is not None:
                    out["app"].append(t)
    finally:
        tm.close()
    return out
